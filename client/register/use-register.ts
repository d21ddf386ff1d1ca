/** The submission register (报送登记) as this person may see it, asked again on `refresh`. */
import { useCallback, useEffect, useState } from 'react'
import type { RegisterEntry } from '../../shared/schema.js'
import { api, call } from '../api/client.js'

export interface RegisterState {
  /** Oldest first, as the server keeps them; null while loading or after a failure. */
  entries: RegisterEntry[] | null
  error: unknown
  refresh: () => void
}

export const loadRegister = () => call(api.api.register.$get()).then(({ entries }) => entries)

/** `enabled` false asks nothing (for people who may not read the register). */
export function useRegister(enabled = true): RegisterState {
  const [entries, setEntries] = useState<RegisterEntry[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [asked, setAsked] = useState(0)
  const refresh = useCallback(() => setAsked((n) => n + 1), [])

  useEffect(() => {
    if (!enabled) return
    let current = true
    loadRegister().then(
      (next) => {
        if (!current) return
        setEntries(next)
        setError(null)
      },
      (cause: unknown) => current && setError(cause),
    )
    return () => {
      current = false
    }
  }, [enabled, asked])

  return { entries, error, refresh }
}

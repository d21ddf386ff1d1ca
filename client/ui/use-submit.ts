/** Runs the one request of a form: busy while it runs, and what went wrong, in the form's own terms. */
import { useState } from 'react'

interface SubmitOptions {
  /**
   * Stays busy after a success, for a form that goes away with it (a dialog that closes, a page
   * that changes), so that it cannot be sent twice meanwhile.
   */
  keepBusy?: boolean
}

/** `describe` turns a failure into what the form shows; `none` is what it shows while all is well. */
export function useSubmit<E>(describe: (error: unknown) => E, none: E, { keepBusy = false }: SubmitOptions = {}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<E>(none)

  /** Resolves to whether `request` succeeded; anything it does after the server answered counts as part of it. */
  const run = async (request: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true)
    setError(none)
    try {
      await request()
      if (!keepBusy) setBusy(false)
      return true
    } catch (cause) {
      setError(describe(cause))
      setBusy(false)
      return false
    }
  }

  return { busy, error, setError, run }
}

/** A server answer kept fresh: asked on mount, every `intervalMs`, when the tab regains focus, and on a nudge. */
import { useCallback, useEffect, useRef, useState } from 'react'
import { onNotificationsChanged } from './changes.js'

export interface Polled<T> {
  data: T | null
  refresh: () => void
}

export function usePolled<T>(load: () => Promise<T>, intervalMs: number): Polled<T> {
  const [data, setData] = useState<T | null>(null)
  const loadRef = useRef(load)
  loadRef.current = load
  const generation = useRef(0)

  const refresh = useCallback(() => {
    const mine = ++generation.current
    // A failed poll keeps the last answer: the header should not flicker while offline.
    loadRef.current().then(
      (next) => mine === generation.current && setData(next),
      () => undefined,
    )
  }, [])

  useEffect(() => {
    const answers = generation
    refresh()
    const timer = setInterval(refresh, intervalMs)
    const onFocus = () => refresh()
    window.addEventListener('focus', onFocus)
    const stop = onNotificationsChanged(refresh)
    return () => {
      clearInterval(timer)
      window.removeEventListener('focus', onFocus)
      stop()
      // Answers still in flight belong to a poll that has ended.
      answers.current++
    }
  }, [refresh, intervalMs])

  return { data, refresh }
}

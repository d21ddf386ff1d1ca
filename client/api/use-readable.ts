/**
 * Something the server may show this reader or not, loaded when shown: a 404 (the server shows
 * this reader none, or there is none) is `hidden`, any other refusal `failed`.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from './client.js'

export type Readable<T> =
  { kind: 'loading' } | { kind: 'loaded'; value: T } | { kind: 'hidden' } | { kind: 'failed'; error: unknown }

/**
 * Asks `request(key)` now and whenever `key` changes, and again on `reload` (after an addition or a
 * removal); an answer that comes after the key changed is dropped.
 */
export function useReadable<T>(
  key: string,
  request: (key: string) => Promise<T>,
): { loading: Readable<T>; reload: () => void } {
  const [loading, setLoading] = useState<Readable<T>>({ kind: 'loading' })
  // `request` is built anew on each render; `key` says when it asks for something else.
  const latest = useRef(request)
  useEffect(() => {
    latest.current = request
  })
  const load = useCallback(() => {
    let current = true
    latest.current(key).then(
      (value) => current && setLoading({ kind: 'loaded', value }),
      (error: unknown) =>
        current &&
        setLoading(
          error instanceof ApiError && error.code === 'not_found' ? { kind: 'hidden' } : { kind: 'failed', error },
        ),
    )
    return () => {
      current = false
    }
  }, [key])
  useEffect(load, [load])
  return { loading, reload: load }
}

/** How many suggestions (修订) of a document are still open, for the 送审 dialog to name them. */
import { useEffect, useState } from 'react'
import { api, call } from '../api/client.js'

/**
 * Asks the server once, when the calling dialog opens: null until it answered (or when it could
 * not; the server decides the submission in any case).
 */
export function useOpenSuggestions(docId: string): number | null {
  const [count, setCount] = useState<number | null>(null)
  useEffect(() => {
    let current = true
    call(api.api.documents[':id'].threads.$get({ param: { id: docId } })).then(
      ({ threads }) => {
        if (current) setCount(threads.filter((thread) => thread.suggestion?.status === 'open').length)
      },
      () => undefined,
    )
    return () => {
      current = false
    }
  }, [docId])
  return count
}

/** A document's length target (字数), kept per document in this browser's localStorage. */
import { useCallback, useState } from 'react'

const keyOf = (docId: string) => `jianyi.lengthTarget.${docId}`

function read(docId: string): number | null {
  try {
    const value = Number(localStorage.getItem(keyOf(docId)))
    return Number.isInteger(value) && value > 0 ? value : null
  } catch {
    return null
  }
}

/** The target of `docId` (null: none) and a setter that remembers it. */
export function useLengthTarget(docId: string): [number | null, (target: number | null) => void] {
  const [target, setTarget] = useState(() => read(docId))
  const update = useCallback(
    (next: number | null) => {
      setTarget(next)
      try {
        if (next === null) localStorage.removeItem(keyOf(docId))
        else localStorage.setItem(keyOf(docId), String(next))
      } catch {
        // Private mode: the target holds for this page only.
      }
    },
    [docId],
  )
  return [target, update]
}

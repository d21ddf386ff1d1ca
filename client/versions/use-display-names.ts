/** Display names of the people of a document, for authors of versions and actors of the audit log. */
import { useCallback, useEffect, useState } from 'react'
import { fetchThreadList } from '../comments/thread-list.js'

/** Looks up a user id; falls back to a short id for someone who no longer reads the document. */
export type NameOf = (userId: string) => string

const cache = new Map<string, Promise<Map<string, string>>>()

/**
 * Everyone who may read the document, by id. The API names them as the thread list's participants
 * (GET /api/documents/:id/threads), the one place that resolves a document's people for any reader.
 * Cached per document for the page's lifetime; `refresh` asks again.
 */
export function loadDisplayNames(docId: string, refresh = false): Promise<Map<string, string>> {
  let names = cache.get(docId)
  if (!names || refresh) {
    names = fetchThreadList(docId).then(
      ({ participants }) => new Map(participants.map((p) => [p.id, p.displayName])),
      () => {
        cache.delete(docId)
        return new Map<string, string>()
      },
    )
    cache.set(docId, names)
  }
  return names
}

export function useDisplayNames(docId: string): NameOf {
  const [names, setNames] = useState<Map<string, string>>(() => new Map())
  useEffect(() => {
    let current = true
    void loadDisplayNames(docId).then((loaded) => current && setNames(loaded))
    return () => {
      current = false
    }
  }, [docId])
  return useCallback((userId: string) => names.get(userId) ?? `#${userId.slice(0, 6)}`, [names])
}

/**
 * The versions of a document, newest last as the server lists them, with what the workflow did with
 * each (marks); asked again on `revision` or `refresh()`.
 */
import { useCallback, useEffect, useState } from 'react'
import type { Version, VersionMark } from '../../shared/schema.js'
import { api, call } from '../api/client.js'
import { errorMessage } from '../i18n/i18n.js'

export interface VersionsState {
  versions: Version[] | null
  /** One per 送审, oldest first; empty while loading. */
  marks: VersionMark[]
  error: string | null
  refresh: () => void
}

export function useVersions(docId: string, revision = 0): VersionsState {
  const [list, setList] = useState<{ versions: Version[]; marks: VersionMark[] } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [asked, setAsked] = useState(0)
  useEffect(() => {
    let current = true
    call(api.api.documents[':id'].versions.$get({ param: { id: docId } })).then(
      (body) => {
        if (!current) return
        setList(body)
        setError(null)
      },
      (cause: unknown) => current && setError(errorMessage(cause)),
    )
    return () => {
      current = false
    }
  }, [docId, revision, asked])
  const refresh = useCallback(() => setAsked((n) => n + 1), [])
  return { versions: list?.versions ?? null, marks: list?.marks ?? [], error, refresh }
}

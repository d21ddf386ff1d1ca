/** The versions of a document, newest last as the server lists them; asked again on `revision` or `refresh()`. */
import { useCallback, useEffect, useState } from 'react'
import type { Version } from '../../shared/schema.js'
import { api, call } from '../api/client.js'

export interface VersionsState {
  versions: Version[] | null
  error: string | null
  refresh: () => void
}

export function useVersions(docId: string, revision = 0): VersionsState {
  const [versions, setVersions] = useState<Version[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [asked, setAsked] = useState(0)
  useEffect(() => {
    let current = true
    call(api.api.documents[':id'].versions.$get({ param: { id: docId } })).then(
      (body) => {
        if (!current) return
        setVersions(body.versions)
        setError(null)
      },
      (cause: Error) => current && setError(cause.message),
    )
    return () => {
      current = false
    }
  }, [docId, revision, asked])
  const refresh = useCallback(() => setAsked((n) => n + 1), [])
  return { versions, error, refresh }
}

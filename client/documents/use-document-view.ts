/** One draft as the server shows it to this user (title, status, access); null until known or when unknown. */
import { useEffect, useState } from 'react'
import type { DocumentView } from '../../shared/schema.js'
import { api, call } from '../api/client.js'

/** `revision` asks again: after the server said the user's rights changed (close code 4500). */
export function useDocumentView(docId: string, revision = 0): DocumentView | null {
  const [view, setView] = useState<DocumentView | null>(null)
  useEffect(() => {
    let current = true
    call(api.api.documents[':id'].$get({ param: { id: docId } })).then(
      (doc) => current && setView(doc),
      // Whether the document can be opened is the collaboration socket's answer (close codes
      // 4401/4404); this view only adds the title and the read-only hint, so a failure leaves them out.
      () => undefined,
    )
    return () => {
      current = false
    }
  }, [docId, revision])
  return view
}

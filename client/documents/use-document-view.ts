/** One draft as the server shows it to this user (title, status, access); null until known or when unknown. */
import { useEffect, useState } from 'react'
import type { DocumentView } from '../../shared/schema.js'
import { api, call } from '../api/client.js'

const fetchView = (docId: string) => call(api.api.documents[':id'].$get({ param: { id: docId } }))

/**
 * The view asked at start-up for the draft the page opens on (main.tsx), beside /api/auth/me and
 * the draft's socket, kept until the page takes it, for a short while. Known before the editor is
 * made, the editor is made editable at once: made read-only and switched later, every change of
 * the text before the switch (the draft's first render, the threads' highlights) had ProseMirror
 * read the page's selection, which makes Chromium lay out the whole draft then and there.
 */
let early: { docId: string; view: Promise<DocumentView>; at: number; answer?: DocumentView } | null = null
const EARLY_KEEP_MS = 10_000

/** Asks for the view of the draft the page opens on, before the page knows who is signed in. */
export function askDocumentViewEarly(docId: string): void {
  const view = fetchView(docId)
  const asked: NonNullable<typeof early> = { docId, view, at: performance.now() }
  // Kept for the page's first render; a refusal (signed out) is not an unhandled rejection.
  view.then(
    (answer) => {
      asked.answer = answer
    },
    () => undefined,
  )
  early = asked
}

const fresh = (docId: string) => early?.docId === docId && performance.now() - early.at < EARLY_KEEP_MS

/** The early request for `docId`, taken once; a refused one (asked signed out) is asked again. */
function takeEarly(docId: string): Promise<DocumentView> | null {
  if (!early || !fresh(docId)) return null
  const { view } = early
  early = null
  return view.catch(() => fetchView(docId))
}

/** `revision` asks again: after the server said the user's rights changed (close code 4500). */
export function useDocumentView(docId: string, revision = 0): DocumentView | null {
  // The early answer, if it has arrived, is the first render's: the editor is made editable at once.
  const [view, setView] = useState<DocumentView | null>(() =>
    revision === 0 && fresh(docId) ? (early?.answer ?? null) : null,
  )
  useEffect(() => {
    let current = true
    ;((revision === 0 ? takeEarly(docId) : null) ?? fetchView(docId)).then(
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

/**
 * Whether the live draft differs from the pending submission, as the server answers now: asked when
 * the chair's 审定 dialog opens and again whenever the text changes while it is open — never what
 * the page knew when it loaded. Null until the first answer.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { api, call } from '../api/client.js'
import { useTextChanges } from './use-text-changes.js'

/** While the dialog is open, an edit is asked about this soon. */
const AFTER_EDIT_MS = 300

export function useLiveDiffers(docId: string, doc: Y.Doc | null): boolean | null {
  const [differs, setDiffers] = useState<boolean | null>(null)
  // Answers may arrive out of order: only the latest question's answer counts.
  const asked = useRef(0)
  const ask = useCallback(() => {
    const question = ++asked.current
    call(api.api.documents[':id'].workflow.$get({ param: { id: docId } })).then(
      (view) => question === asked.current && setDiffers(view.liveDiffersFromSubmitted === true),
      () => undefined,
    )
  }, [docId])
  useEffect(ask, [ask])
  useTextChanges(doc, true, AFTER_EDIT_MS, ask)
  return differs
}

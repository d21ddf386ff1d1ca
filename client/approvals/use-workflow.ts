/**
 * Where a document stands in the approval workflow, asked again on `revision`, after each decision,
 * and — while a submission is pending or returned, when whether the draft moved matters — after the
 * text changed (the Y.Doc's updates), with a slow poll as a fallback.
 */
import { useCallback, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { WorkflowView } from '../../shared/schema.js'
import { api, call } from '../api/client.js'
import { useTextChanges } from './use-text-changes.js'

export interface WorkflowState {
  workflow: WorkflowView | null
  refresh: () => void
}

/** While a submission is pending the draft may move under it: `liveDiffersFromSubmitted` is asked this often. */
const PENDING_POLL_MS = 15_000
/** After an edit, how soon `liveDiffersFromSubmitted` is asked again (at most this often while people type). */
const AFTER_EDIT_MS = 2_000

export function useWorkflow(docId: string, revision: number, doc: Y.Doc | null = null): WorkflowState {
  const [workflow, setWorkflow] = useState<WorkflowView | null>(null)
  const [asked, setAsked] = useState(0)
  const refresh = useCallback(() => setAsked((n) => n + 1), [])

  useEffect(() => {
    let current = true
    call(api.api.documents[':id'].workflow.$get({ param: { id: docId } })).then(
      (view) => current && setWorkflow(view),
      // The page shows no workflow bar rather than a wrong one; the next revision asks again.
      () => undefined,
    )
    return () => {
      current = false
    }
  }, [docId, revision, asked])

  const pending = workflow?.status === 'submitted'
  useEffect(() => {
    if (!pending) return
    const timer = setInterval(refresh, PENDING_POLL_MS)
    window.addEventListener('focus', refresh)
    return () => {
      clearInterval(timer)
      window.removeEventListener('focus', refresh)
    }
  }, [pending, refresh])

  const watching = workflow !== null && workflow.liveDiffersFromSubmitted !== null
  useTextChanges(doc, watching, AFTER_EDIT_MS, refresh)

  return { workflow, refresh }
}

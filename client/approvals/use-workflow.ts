/** Where a document stands in the approval workflow, asked again on `revision` and after each decision. */
import { useCallback, useEffect, useState } from 'react'
import type { WorkflowView } from '../../shared/schema.js'
import { api, call } from '../api/client.js'

export interface WorkflowState {
  workflow: WorkflowView | null
  refresh: () => void
}

/** While a submission is pending the draft may move under it: `liveDiffersFromSubmitted` is asked this often. */
const PENDING_POLL_MS = 15_000

export function useWorkflow(docId: string, revision: number): WorkflowState {
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

  return { workflow, refresh }
}

/**
 * The approval workflow as one state machine (pure): draft → submitted → approved | returned → …
 * The server enforces it and lists the steps each caller may take (WorkflowView.actions); the client only shows them.
 */

/** Where a document stands. `submitted` and `returned` stay editable; `approved` is final until reopened. */
export type WorkflowState = 'draft' | 'submitted' | 'returned' | 'approved'
export const workflowStates: WorkflowState[] = ['draft', 'submitted', 'returned', 'approved']

export type WorkflowAction = 'submit' | 'approve' | 'return' | 'reopen'
export const workflowActions: WorkflowAction[] = ['submit', 'approve', 'return', 'reopen']

/** Who may take an action, in terms of their relation to the document. */
export type WorkflowRole = 'convener' | 'member' | 'chair' | 'secretary' | 'commenter' | 'admin'
export const workflowRoles: WorkflowRole[] = ['convener', 'member', 'chair', 'secretary', 'commenter', 'admin']

interface Transition {
  from: WorkflowState[]
  to: WorkflowState
  by: WorkflowRole
}

const transitions: Record<WorkflowAction, Transition> = {
  /** 送审: the convener submits a version to the chair. */
  submit: { from: ['draft', 'returned'], to: 'submitted', by: 'convener' },
  /** 审定通过 */
  approve: { from: ['submitted'], to: 'approved', by: 'chair' },
  /** 退回修改 (an opinion is required) */
  return: { from: ['submitted'], to: 'returned', by: 'chair' },
  /** A new drafting round after approval; logged. */
  reopen: { from: ['approved'], to: 'draft', by: 'chair' },
}

/** A refusal says why: not the `role` for it, the wrong `state`, or a submission `pending` already. */
export type TransitionResult =
  { ok: true; to: WorkflowState } | { ok: false; status: 403 | 409; why: 'role' | 'state' | 'pending'; reason: string }

const stateNames: Record<WorkflowState, string> = {
  draft: 'a draft',
  submitted: 'submitted for approval',
  returned: 'returned for revision',
  approved: 'approved',
}

/** Whether `role` may take `action` on a document in `state`, and where it leads. Role is checked first. */
export function transition(state: WorkflowState, action: WorkflowAction, role: WorkflowRole): TransitionResult {
  const t = transitions[action]
  if (role !== t.by) return { ok: false, status: 403, why: 'role', reason: `only the ${t.by} may ${action} a document` }
  if (!t.from.includes(state)) {
    if (action === 'submit' && state === 'submitted')
      return {
        ok: false,
        status: 409,
        why: 'pending',
        reason: 'a submission is already pending; the chair must decide it first',
      }
    return { ok: false, status: 409, why: 'state', reason: `cannot ${action} a document that is ${stateNames[state]}` }
  }
  return { ok: true, to: t.to }
}

/** Whether the text may change in this state. */
export const isEditable = (state: WorkflowState): boolean => state !== 'approved'

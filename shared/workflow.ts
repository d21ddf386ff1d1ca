/**
 * The approval workflow as one state machine (pure): draft → submitted → approved | returned → …
 * Only a 建议案 goes through it: the other kinds (调研报告, 座谈会纪要, 调研方案) stay drafts, and
 * are never submitted, approved or sent out (报送).
 * The server enforces it and lists the steps each caller may take (WorkflowView.actions); the client only shows them.
 */
import { defaultKind, type DocumentKind } from './document-kinds.js'

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

/** The kinds that go through 送审 and 审定, and so are sent out (报送): the 建议案 alone. */
const approvalKinds: readonly DocumentKind[] = ['proposal']

/** Whether documents of `kind` are submitted, approved and sent out at all. */
export const goesThroughApproval = (kind: DocumentKind): boolean => approvalKinds.includes(kind)

/**
 * A refusal says why: a `kind` that has no workflow, not the `role` for it, the wrong `state`, or a
 * submission `pending` already.
 */
export type TransitionResult =
  | { ok: true; to: WorkflowState }
  | { ok: false; status: 403 | 409; why: 'kind' | 'role' | 'state' | 'pending'; reason: string }

const stateNames: Record<WorkflowState, string> = {
  draft: 'a draft',
  submitted: 'submitted for approval',
  returned: 'returned for revision',
  approved: 'approved',
}

/**
 * Whether `role` may take `action` on a document of `kind` in `state`, and where it leads. The kind
 * is checked first (a 调研报告 has no 送审 for anyone), then the role.
 */
export function transition(
  state: WorkflowState,
  action: WorkflowAction,
  role: WorkflowRole,
  kind: DocumentKind = defaultKind,
): TransitionResult {
  if (!goesThroughApproval(kind))
    return {
      ok: false,
      status: 409,
      why: 'kind',
      reason: `only a proposal (建议案) is ${action === 'submit' ? 'submitted' : 'approved, returned or reopened'}; this document is a ${kind}`,
    }
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

import { describe, expect, it } from 'vitest'
import {
  transition,
  workflowActions,
  workflowRoles,
  workflowStates,
  type WorkflowAction,
  type WorkflowRole,
  type WorkflowState,
} from '../../shared/workflow.js'

/** The whole machine, written out: who may do what from where, and where it leads. */
const legal: Record<WorkflowAction, { by: WorkflowRole; from: WorkflowState[]; to: WorkflowState }> = {
  submit: { by: 'convener', from: ['draft', 'returned'], to: 'submitted' },
  approve: { by: 'chair', from: ['submitted'], to: 'approved' },
  return: { by: 'chair', from: ['submitted'], to: 'returned' },
  reopen: { by: 'chair', from: ['approved'], to: 'draft' },
}

const cases = workflowStates.flatMap((state) =>
  workflowActions.flatMap((action) => workflowRoles.map((role) => ({ state, action, role }))),
)

describe('the approval state machine', () => {
  it('covers every state, action and role', () => {
    expect(cases).toHaveLength(4 * 4 * 6)
  })

  it.each(cases)('$role → $action in $state', ({ state, action, role }) => {
    const result = transition(state, action, role)
    const rule = legal[action]
    if (role !== rule.by) {
      expect(result).toEqual({
        ok: false,
        status: 403,
        why: 'role',
        reason: `only the ${rule.by} may ${action} a document`,
      })
    } else if (!rule.from.includes(state)) {
      expect(result.ok).toBe(false)
      expect(result.ok === false && result.status).toBe(409)
      expect(result.ok === false && result.reason.length).toBeGreaterThan(10)
      expect(result.ok === false && result.why).toBe(state === 'submitted' && action === 'submit' ? 'pending' : 'state')
    } else {
      expect(result).toEqual({ ok: true, to: rule.to })
    }
  })

  it('refuses a second submission while one is pending, saying why', () => {
    expect(transition('submitted', 'submit', 'convener')).toEqual({
      ok: false,
      status: 409,
      why: 'pending',
      reason: 'a submission is already pending; the chair must decide it first',
    })
  })
})

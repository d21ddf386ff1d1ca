/** The role the signed-in user plays in a document's workflow, for choosing which buttons to offer. */
import type { DocumentAccess, Me } from '../../shared/schema.js'
import type { WorkflowRole } from '../../shared/workflow.js'

/**
 * Mirrors `workflowRole` in server/policy.ts from what the client knows: a member who may manage
 * the document convenes its group. The server decides again on every request.
 */
export function workflowRoleOf(me: Me, access: DocumentAccess): WorkflowRole | null {
  if (!access.read) return null
  if (me.user.role === 'member') return access.manage ? 'convener' : 'member'
  return me.user.role
}

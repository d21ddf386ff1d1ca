/** Use cases on 征求意见 invitations: a convener invites a commenter to one document, optionally until a date. */
import { writeInviteDetails } from '../../shared/audit-details.js'
import { CloseCode } from '../../shared/collab.js'
import type { Invitation } from '../../shared/schema.js'
import { conflict, forbidden, notFound } from '../errors.js'
import type { Actor } from '../policy.js'
import type { StoredInvitation } from '../store/types.js'
import { appendAudit } from './audit.js'
import type { Deps } from './deps.js'
import { accessTo } from './documents.js'

async function managed(deps: Deps, actor: Actor, documentId: string): Promise<void> {
  const found = await accessTo(deps, actor, documentId)
  if (!found) throw notFound('document')
  if (!found.access.manage) throw forbidden('only a convener of the group may invite commenters', 'convener_only')
}

async function resolve(deps: Deps, invitations: StoredInvitation[]): Promise<Invitation[]> {
  const users = new Map((await deps.metadata.listUsers()).map((u) => [u.id, u]))
  return invitations.map((i) => ({
    ...i,
    username: users.get(i.userId)?.username ?? '',
    displayName: users.get(i.userId)?.displayName ?? '',
  }))
}

export async function listInvitations(deps: Deps, actor: Actor, documentId: string): Promise<Invitation[]> {
  await managed(deps, actor, documentId)
  return resolve(deps, await deps.metadata.listInvitations(documentId))
}

export async function invite(
  deps: Deps,
  actor: Actor,
  documentId: string,
  username: string,
  until: string | null,
): Promise<Invitation> {
  await managed(deps, actor, documentId)
  const user = await deps.metadata.getUserByUsername(username.toLowerCase())
  if (!user || user.role !== 'commenter')
    throw conflict(`${username} is not a commenter account`, {
      field: 'username',
      reason: 'not_commenter',
      params: { username },
    })
  const invitation: StoredInvitation = {
    documentId,
    userId: user.id,
    invitedBy: actor.user.id,
    until,
    createdAt: new Date().toISOString(),
  }
  await deps.metadata.putInvitation(invitation)
  await appendAudit(deps, documentId, {
    action: 'invite',
    actorId: actor.user.id,
    versionNumber: null,
    contentHash: null,
    details: writeInviteDetails({ username: user.username, userId: user.id, until: until ?? null }),
  })
  const [resolved] = await resolve(deps, [invitation])
  return resolved
}

/** Revokes an invitation; the commenter's open sockets on that document close at once. */
export async function revoke(deps: Deps, actor: Actor, documentId: string, userId: string): Promise<void> {
  await managed(deps, actor, documentId)
  if (!(await deps.metadata.deleteInvitation(documentId, userId))) throw notFound('invitation')
  await appendAudit(deps, documentId, {
    action: 'revoke_invitation',
    actorId: actor.user.id,
    versionNumber: null,
    contentHash: null,
    details: userId,
  })
  await deps.sockets.closeWhere({ userId, docIds: [documentId] }, CloseCode.notFound, 'invitation revoked')
}

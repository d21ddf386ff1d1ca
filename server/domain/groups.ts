/** Use cases on research groups (调研组): the admin forms them; their people see their page. */
import { CloseCode } from '../../shared/collab.js'
import type { Group, GroupDetail, UpdateGroupBody } from '../../shared/schema.js'
import { conflict, forbidden, notFound } from '../errors.js'
import { canAdminister, canKeepGroupSpace, canViewGroup, type Actor } from '../policy.js'
import type { Deps } from './deps.js'
import { visibleDocuments } from './documents.js'
import { SYSTEM_AUDIT_ID, appendAudit } from './audit.js'
import { newId } from './ids.js'
import { publicUser } from './public-user.js'

/** Admins see every group; everyone else the groups they belong or are assigned to. */
export async function listGroups({ metadata }: Deps, actor: Actor): Promise<Group[]> {
  return (await metadata.listGroups()).filter((g) => canViewGroup(actor.user, g))
}

export async function getGroupDetail(deps: Deps, actor: Actor, id: string): Promise<GroupDetail> {
  const group = await deps.metadata.getGroup(id)
  // A group one does not belong to is as hidden as a missing one.
  if (!group || !canViewGroup(actor.user, group)) throw notFound('group')
  const ids = new Set([...group.members.map((m) => m.userId), ...group.chairIds, ...group.secretaryIds])
  const people = (await deps.metadata.listUsers()).filter((u) => ids.has(u.id)).map(publicUser)
  const documents = (await visibleDocuments(deps, actor)).filter((d) => d.groupId === id)
  return { ...group, people, documents, canKeepSpace: canKeepGroupSpace(actor.user, group) }
}

export async function createGroup(deps: Deps, actor: Actor | null, name: string): Promise<Group> {
  if (actor && !canAdminister(actor.user)) throw forbidden('only an administrator may form groups', 'admin_only')
  const group = await deps.metadata.createGroup({
    id: newId(),
    name,
    members: [],
    chairIds: [],
    secretaryIds: [],
    createdAt: new Date().toISOString(),
  })
  await groupAudit(deps, actor, 'group_create', `${name} (${group.id})`)
  return group
}

const groupAudit = (deps: Deps, actor: Actor | null, action: 'group_create' | 'group_update', details: string) =>
  appendAudit(deps, SYSTEM_AUDIT_ID, {
    action,
    actorId: actor?.user.id ?? '',
    versionNumber: null,
    contentHash: null,
    details,
  })

/**
 * Changes a group. Every person named must exist and have the role the list asks for
 * (members are members, chairs chairs, secretaries secretaries). Sockets on the group's
 * documents reconnect afterwards so that their rights are evaluated again.
 */
export async function updateGroup(deps: Deps, actor: Actor | null, id: string, patch: UpdateGroupBody): Promise<Group> {
  if (actor && !canAdminister(actor.user)) throw forbidden('only an administrator may change groups', 'admin_only')
  const users = new Map((await deps.metadata.listUsers()).map((u) => [u.id, u]))
  const check = (ids: string[] | undefined, role: string, field: string) => {
    for (const userId of ids ?? []) {
      const user = users.get(userId)
      if (user?.role !== role) {
        const name = user ? `${user.displayName} (${user.username})` : `user ${userId}`
        throw conflict(`${name} is not a ${role}`, { field, reason: 'wrong_role', params: { name, role } })
      }
    }
    if (new Set(ids).size !== (ids ?? []).length)
      throw conflict('a user is listed twice', { field, reason: 'listed_twice' })
  }
  check(
    patch.members?.map((m) => m.userId),
    'member',
    'members',
  )
  check(patch.chairIds, 'chair', 'chairIds')
  check(patch.secretaryIds, 'secretary', 'secretaryIds')
  const group = await deps.metadata.updateGroup(id, patch)
  if (!group) throw notFound('group')
  const list = (ids: string[]) => `[${ids.join(', ')}]`
  await groupAudit(
    deps,
    actor,
    'group_update',
    [
      `${group.name} (${id})`,
      patch.members && `members ${list(group.members.map((m) => (m.convener ? `${m.userId} (convener)` : m.userId)))}`,
      patch.chairIds && `chairs ${list(group.chairIds)}`,
      patch.secretaryIds && `secretaries ${list(group.secretaryIds)}`,
    ]
      .filter(Boolean)
      .join('; '),
  )
  if (patch.members || patch.chairIds || patch.secretaryIds) {
    const docIds = (await deps.metadata.listDocuments()).filter((d) => d.groupId === id).map((d) => d.id)
    await deps.sockets.closeWhere({ docIds }, CloseCode.rightsChanged, 'group membership changed')
  }
  return group
}

/**
 * A group's investigation space (调研课题): the topic its members set and their schedule of
 * activities (实地调研, 座谈会). Chairs and secretaries of the group read it; the group's members
 * keep it. Every change is on the system audit chain beside the group's own changes.
 */
import type { Activity, ActivityBody } from '../../shared/investigation.js'
import type { Group } from '../../shared/schema.js'
import { forbidden, notFound } from '../errors.js'
import { canKeepGroupSpace, canViewGroup, type Actor } from '../policy.js'
import { SYSTEM_AUDIT_ID, appendAudit } from './audit.js'
import type { Deps } from './deps.js'
import { newId } from './ids.js'

/** The group as its reader may see it; missing or not theirs alike is 404 (existence is private). */
async function readableGroup(deps: Deps, actor: Actor, groupId: string): Promise<Group> {
  const group = await deps.metadata.getGroup(groupId)
  if (!group || !canViewGroup(actor.user, group)) throw notFound('group')
  return group
}

async function keptGroup(deps: Deps, actor: Actor, groupId: string): Promise<Group> {
  const group = await readableGroup(deps, actor, groupId)
  if (!canKeepGroupSpace(actor.user, group)) {
    throw forbidden("only the group's members keep its investigation space", 'group_members_only')
  }
  return group
}

type SpaceAction = 'topic_set' | 'activity_add' | 'activity_change' | 'activity_remove'

const spaceAudit = (deps: Deps, actor: Actor, action: SpaceAction, group: Group, details: string) =>
  appendAudit(deps, SYSTEM_AUDIT_ID, {
    action,
    actorId: actor.user.id,
    versionNumber: null,
    contentHash: null,
    details: `${group.name} (${group.id}): ${details}`,
  })

export async function setTopic(deps: Deps, actor: Actor, groupId: string, topic: string): Promise<Group> {
  const group = await keptGroup(deps, actor, groupId)
  const updated = await deps.metadata.updateGroup(groupId, { topic })
  if (!updated) throw notFound('group')
  await spaceAudit(deps, actor, 'topic_set', group, topic)
  return updated
}

export async function listActivities(deps: Deps, actor: Actor, groupId: string): Promise<Activity[]> {
  await readableGroup(deps, actor, groupId)
  return deps.metadata.listActivities(groupId)
}

const describe = (activity: Activity) => `${activity.date} ${activity.title} (${activity.id})`

export async function addActivity(deps: Deps, actor: Actor, groupId: string, body: ActivityBody): Promise<Activity> {
  const group = await keptGroup(deps, actor, groupId)
  const now = new Date().toISOString()
  const activity: Activity = {
    ...body,
    id: newId(),
    groupId,
    minutesId: null,
    createdBy: actor.user.id,
    createdAt: now,
    updatedAt: now,
  }
  await deps.metadata.putActivity(activity)
  await spaceAudit(deps, actor, 'activity_add', group, describe(activity))
  return activity
}

/** The activity of that group, or 404: an activity id of another group is as unknown as none. */
async function activityOf(deps: Deps, group: Group, activityId: string): Promise<Activity> {
  const activity = await deps.metadata.getActivity(activityId)
  if (!activity || activity.groupId !== group.id) throw notFound('activity')
  return activity
}

export async function changeActivity(
  deps: Deps,
  actor: Actor,
  groupId: string,
  activityId: string,
  body: ActivityBody,
): Promise<Activity> {
  const group = await keptGroup(deps, actor, groupId)
  const before = await activityOf(deps, group, activityId)
  const activity: Activity = { ...before, ...body, updatedAt: new Date().toISOString() }
  await deps.metadata.putActivity(activity)
  await spaceAudit(deps, actor, 'activity_change', group, describe(activity))
  return activity
}

/** Removes an activity from the schedule; a 纪要 started from it stays, as a document of the group. */
export async function removeActivity(deps: Deps, actor: Actor, groupId: string, activityId: string): Promise<void> {
  const group = await keptGroup(deps, actor, groupId)
  const activity = await activityOf(deps, group, activityId)
  if (!(await deps.metadata.deleteActivity(activityId))) throw notFound('activity')
  await spaceAudit(deps, actor, 'activity_remove', group, describe(activity))
}

/**
 * A group's investigation space (调研课题): the topic its members set and their schedule of
 * activities (实地调研, 座谈会). Chairs and secretaries of the group read it; the group's members
 * keep it. Every change is on the system audit chain beside the group's own changes.
 */
import { writeCreateDetails } from '../../shared/audit-details.js'
import { meetingField } from '../../shared/editor/meeting-fields.js'
import { templateContent } from '../../shared/editor/template.js'
import type { JsonNode } from '../../shared/editor/text.js'
import type { Activity, ActivityBody } from '../../shared/investigation.js'
import type { Group } from '../../shared/schema.js'
import { conflict, forbidden, notFound } from '../errors.js'
import { formatDocumentDate } from '../export/export-source.js'
import { canKeepGroupSpace, canViewGroup, type Actor } from '../policy.js'
import { SYSTEM_AUDIT_ID, appendAudit } from './audit.js'
import type { Deps } from './deps.js'
import { creatableGroup, startDocument, templateUpdate } from './documents.js'
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

/** The 纪要 template with its header lines (时间, 地点, 主持人, 参加人员) filled from the activity. */
function minutesOf(activity: Activity, group: Group, timeZone: string): JsonNode {
  const values: Record<string, string> = {
    时间: formatDocumentDate(activity.date, timeZone),
    地点: activity.place,
    主持人: activity.host,
    参加人员: activity.participants,
  }
  const content = templateContent('template', 'minutes', group.name)
  return {
    ...content,
    content: (content.content ?? []).map((block) => {
      const text = (block.content ?? []).map((child) => child.text ?? '').join('')
      const field = block.type === 'paragraph' ? meetingField(text) : null
      const value = field && values[field.label]
      return value ? { ...block, content: [...(block.content ?? []), { type: 'text', text: value }] } : block
    }),
  }
}

/**
 * Starts the 座谈会纪要 of an activity — by the group's conveners, who start its documents — with
 * its header lines filled in, and links it to the activity. One 纪要 per activity: 409 while the
 * one started exists.
 */
export async function startMinutes(deps: Deps, actor: Actor, groupId: string, activityId: string): Promise<Activity> {
  const kept = await keptGroup(deps, actor, groupId)
  const activity = await activityOf(deps, kept, activityId)
  const group = await creatableGroup(deps, actor, groupId)
  if (activity.minutesId && (await deps.metadata.getDocument(activity.minutesId))) {
    throw conflict('the minutes of this activity exist already', { reason: 'minutes_exist' })
  }
  const title = activity.title.endsWith('纪要') ? activity.title : `${activity.title}纪要`
  const doc = await startDocument(deps, actor, group, {
    title,
    kind: 'minutes',
    details: writeCreateDetails({ title, template: 'minutes', kind: 'minutes', groupId }),
    firstUpdate: await templateUpdate(minutesOf(activity, group, deps.timeZone)),
  })
  const linked: Activity = { ...activity, minutesId: doc.id, updatedAt: new Date().toISOString() }
  await deps.metadata.putActivity(linked)
  await spaceAudit(deps, actor, 'activity_change', group, `${describe(linked)} minutes ${doc.id}`)
  return linked
}

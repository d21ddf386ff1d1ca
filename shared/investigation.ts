/**
 * A group's investigation space (调研课题): the topic it investigates and its schedule of
 * activities — visits (实地调研) and 座谈会 with their date, place, host and participants. The
 * documents and materials of the space are listed by their own modules.
 */
import { z } from 'zod'
import { GroupId, UserId, within } from './schema.js'
import { textLimits } from './text-limits.js'

export const ActivityId = z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'must be an activity id')

/** 实地调研 (a visit), 座谈会 (a forum with departments or the public), or anything else (其他). */
export const activityKinds = ['visit', 'forum', 'other'] as const
export const ActivityKind = z.enum(activityKinds)
export type ActivityKind = z.infer<typeof ActivityKind>

const text = (limit: keyof typeof textLimits, name: string) =>
  z
    .string()
    .trim()
    .refine(...within(textLimits[limit], name))

/** What a member fills in for an activity; the server adds the rest. */
export const ActivityBody = z.object({
  activityKind: ActivityKind,
  title: text('activityTitle', 'title').pipe(z.string().min(1, 'title must not be empty')),
  /** The day it takes place (YYYY-MM-DD). */
  date: z.iso.date('date must be a date YYYY-MM-DD'),
  place: text('place', 'place'),
  /** 主持人. */
  host: text('host', 'host'),
  /** 参加人员, as the office writes them (市农业农村局、市财政局……). */
  participants: text('participants', 'participants'),
  notes: text('activityNotes', 'notes'),
})
export type ActivityBody = z.infer<typeof ActivityBody>

export const Activity = ActivityBody.extend({
  id: ActivityId,
  groupId: GroupId,
  /** The 座谈会纪要 started from it, when there is one. */
  minutesId: z.string().nullable(),
  createdBy: UserId,
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Activity = z.infer<typeof Activity>

export const ActivityList = z.object({ activities: z.array(Activity) })
export type ActivityList = z.infer<typeof ActivityList>

export const ActivityParams = z.object({ id: GroupId, activityId: ActivityId })

export const TopicBody = z.object({ topic: text('topic', 'topic') })
export type TopicBody = z.infer<typeof TopicBody>

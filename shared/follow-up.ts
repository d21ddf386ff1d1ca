/**
 * 办理跟踪: what happens to a 建议案 after it is sent (报送登记) — the 领导批示 it receives, the units
 * it is referred to (转办), each unit's reply (办理反馈) and what came of it (成果转化). One typed
 * union of entries, recorded by the group's secretaries as they arrive and read by the group.
 */
import { z } from 'zod'
import { DocumentId, within } from './schema.js'
import { textLimits, type TextLimit } from './text-limits.js'

export const followUpKinds = ['instruction', 'referral', 'feedback', 'outcome'] as const
/** 领导批示, 转办, 办理反馈, 成果转化. */
export const FollowUpKind = z.enum(followUpKinds)
export type FollowUpKind = z.infer<typeof FollowUpKind>

/** What a 成果转化 is: a policy document (政策文件), a measure (工作举措) or a project (项目). */
export const outcomeKinds = ['policy', 'measure', 'project'] as const
export const OutcomeKind = z.enum(outcomeKinds)
export type OutcomeKind = z.infer<typeof OutcomeKind>

/** The kinds of file an entry may carry: a scanned page or a reply letter, recognised by content. */
export const followUpFileTypes = ['pdf', 'png', 'jpeg'] as const
export const FollowUpFileType = z.enum(followUpFileTypes)
export type FollowUpFileType = z.infer<typeof FollowUpFileType>

export const followUpMediaTypes: Record<FollowUpFileType, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
}
export const followUpExtensions: Record<FollowUpFileType, string> = { pdf: '.pdf', png: '.png', jpeg: '.jpg' }

/** Which kinds may carry a file: a 批示's scanned page, a unit's reply letter. */
export const kindTakesFile = (kind: FollowUpKind): boolean => kind === 'instruction' || kind === 'feedback'

export const FollowUpId = z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'must be a follow-up entry id')

const text = (limit: TextLimit, name: string) =>
  z
    .string()
    .trim()
    .refine(...within(limit, name))
const required = (limit: TextLimit, name: string) =>
  text(limit, name).pipe(z.string().min(1, `${name} must not be empty`))
const day = z.iso.date('date must be a date YYYY-MM-DD')

/** 领导批示: who (leader, post), when, and the words of the instruction. */
export const InstructionBody = z.object({
  kind: z.literal('instruction'),
  date: day,
  leader: required(textLimits.leader, 'leader'),
  post: text(textLimits.leaderPost, 'post'),
  text: required(textLimits.followUpText, 'text'),
})
/** 转办: which units were asked to act (市农业农村局、市财政局). */
export const ReferralBody = z.object({
  kind: z.literal('referral'),
  date: day,
  units: required(textLimits.followUpUnits, 'units'),
  note: text(textLimits.followUpText, 'note'),
})
/** 办理反馈: one unit's reply. */
export const FeedbackBody = z.object({
  kind: z.literal('feedback'),
  date: day,
  unit: required(textLimits.unitName, 'unit'),
  text: required(textLimits.followUpText, 'text'),
})
/** 成果转化: the policy document, measure or project that resulted, with its reference (文号). */
export const OutcomeBody = z.object({
  kind: z.literal('outcome'),
  date: day,
  outcomeKind: OutcomeKind,
  title: required(textLimits.outcomeTitle, 'title'),
  reference: text(textLimits.outcomeReference, 'reference'),
  note: text(textLimits.followUpText, 'note'),
})

/** What the secretary fills in for an entry; the server adds the rest. */
export const FollowUpBody = z.discriminatedUnion('kind', [InstructionBody, ReferralBody, FeedbackBody, OutcomeBody])
export type FollowUpBody = z.infer<typeof FollowUpBody>

/** The file an entry carries, as stored: its kind by content, cleaned name, size and SHA-256. */
export const FollowUpFile = z.object({
  type: FollowUpFileType,
  fileName: z.string(),
  size: z.number().int().positive(),
  sha256: z.string(),
})
export type FollowUpFile = z.infer<typeof FollowUpFile>

const recorded = {
  id: FollowUpId,
  documentId: DocumentId,
  file: FollowUpFile.nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
}

/** One entry of a document's follow-up timeline, as stored and listed. */
export const FollowUpEntry = z.discriminatedUnion('kind', [
  InstructionBody.extend(recorded),
  ReferralBody.extend(recorded),
  FeedbackBody.extend(recorded),
  OutcomeBody.extend(recorded),
])
export type FollowUpEntry = z.infer<typeof FollowUpEntry>

/** A document's timeline, by date (then as recorded), with what the reader may do. */
export const FollowUpTimeline = z.object({
  entries: z.array(FollowUpEntry),
  /** Whether the reader may record and remove entries (the group's secretaries, once the document is sent). */
  canRecord: z.boolean(),
  /** Whether the document has been sent (has a 报送登记 entry); nothing is recorded before. */
  sent: z.boolean(),
  /** The largest file the server takes (MAX_UPLOAD_BYTES, less room for the form around it). */
  maxBytes: z.number().int().positive(),
})
export type FollowUpTimeline = z.infer<typeof FollowUpTimeline>

export const FollowUpParams = z.object({ id: DocumentId, entryId: FollowUpId })

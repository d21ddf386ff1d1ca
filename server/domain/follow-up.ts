/**
 * 办理跟踪: what became of a 建议案 once it was sent — 领导批示 (with a scanned page), 转办, each unit's
 * 办理反馈 (with its reply letter) and 成果转化. The group's secretaries record entries as they arrive
 * on a document with a 报送登记 entry, and remove one recorded by mistake; the group's members,
 * chairs and secretaries read the timeline; to anyone else it does not exist (404). A file is taken
 * only when its content is a PDF, PNG or JPEG, whatever its name says; nothing is stored otherwise.
 * Every addition and removal is on the document's audit chain.
 */
import { writeFollowUpDetails } from '../../shared/audit-details.js'
import {
  followUpExtensions,
  followUpMediaTypes,
  kindTakesFile,
  type FollowUpBody,
  type FollowUpEntry,
  type FollowUpFile,
  type FollowUpFileType,
} from '../../shared/follow-up.js'
import { officeDate } from '../../shared/office-time.js'
import type { DocumentAccess, DocumentMeta, FollowUpDue, RegisterEntry } from '../../shared/schema.js'
import { AppError, conflict, forbidden, invalidInput, notFound } from '../errors.js'
import { uploadedFileName } from '../import/file-name.js'
import { canKeepRegister, canReadFollowUp, canRecordFollowUp, tracksFollowUp, type Actor } from '../policy.js'
import { appendAudit } from './audit.js'
import type { Deps } from './deps.js'
import { accessTo } from './documents.js'
import { newId } from './ids.js'
import { BufferedFile } from '../store/buffered-file.js'
import { IncomingFile } from './file-upload.js'

/** The register entries of a document still in force (a correction replaces the entry it corrects). */
function inForce(register: RegisterEntry[], documentId: string): RegisterEntry[] {
  const entries = register.filter((e) => e.documentId === documentId)
  const superseded = new Set(entries.map((e) => e.supersedes))
  return entries.filter((e) => !superseded.has(e.id))
}

interface Context {
  doc: DocumentMeta
  access: DocumentAccess
  sent: boolean
  record: boolean
}

/** The document, when the actor may read its follow-up; 404 otherwise, as for one that does not exist. */
async function readableFollowUp(deps: Deps, actor: Actor, documentId: string): Promise<Context> {
  const found = await accessTo(deps, actor, documentId)
  if (!found || !canReadFollowUp(actor.user, found.access)) throw notFound('document')
  const sent = inForce(await deps.metadata.listRegister(), documentId).length > 0
  return { ...found, sent, record: canRecordFollowUp(actor.user, found.access, sent) }
}

/** 403 for readers who never record; 409 for the secretary before the document is sent. */
async function recordable(deps: Deps, actor: Actor, documentId: string): Promise<Context> {
  const context = await readableFollowUp(deps, actor, documentId)
  if (context.record) return context
  if (!canKeepRegister(actor.user, context.access)) {
    throw forbidden("only the group's secretaries record the follow-up of a proposal", 'follow_up_forbidden')
  }
  throw conflict('nothing is recorded before the proposal is sent (报送登记)', { reason: 'follow_up_not_sent' })
}

/** By date, then in the order recorded. */
const byDate = (entries: FollowUpEntry[]) =>
  entries
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) => a.entry.date.localeCompare(b.entry.date) || a.order - b.order)
    .map(({ entry }) => entry)

export async function timeline(
  deps: Deps,
  actor: Actor,
  documentId: string,
): Promise<{ entries: FollowUpEntry[]; canRecord: boolean; sent: boolean }> {
  const context = await readableFollowUp(deps, actor, documentId)
  return {
    entries: byDate(await deps.metadata.listFollowUp(documentId)),
    canRecord: context.record,
    sent: context.sent,
  }
}

/** A 批示 page or reply letter as the route received it: judged and hashed as it arrived (file-upload.ts). */
export interface FollowUpUpload {
  incoming: IncomingFile<FollowUpFileType>
  /** Its bytes, in the one buffer they arrived in: the metadata store keeps them with the entry. */
  bytes(): Uint8Array
}

const followUpTypes = ['pdf', 'png', 'jpeg'] as const satisfies readonly FollowUpFileType[]

const followUpRefusal = () =>
  new AppError(
    415,
    'invalid_input',
    'file: 只能上传 PDF、PNG 或 JPEG 文件（按内容识别） / the file is none of PDF, PNG, JPEG (by its content)',
    { field: 'file', reason: 'follow_up_type', params: { field: 'file' } },
  )

/**
 * Where the route's multipart reader puts an entry's file as it arrives: the upload limit and the
 * kind checked as for 调研材料 (file-upload.ts), the bytes in one buffer of the request's length.
 */
export function followUpFileReceiver(limits: { maxBytes: number; sizeHint?: number }) {
  let upload: FollowUpUpload | null = null
  return {
    file(field: string, fileName: string): IncomingFile<FollowUpFileType> {
      if (field !== 'file' || upload) throw invalidInput(field, '只能附一个文件 / one file, named file')
      const buffered = new BufferedFile(Math.min(limits.sizeHint ?? 0, limits.maxBytes))
      const incoming = new IncomingFile(fileName, buffered, {
        maxBytes: limits.maxBytes,
        accepts: followUpTypes,
        refusal: followUpRefusal,
      })
      upload = { incoming, bytes: () => buffered.bytes() }
      return incoming
    },
    /** The file received, if any. */
    upload: (): FollowUpUpload | null => upload,
  }
}

/** Throws unless the actor may record on the document (404, 403, 409): before any file is read. */
export async function checkRecordable(deps: Deps, actor: Actor, documentId: string): Promise<void> {
  await recordable(deps, actor, documentId)
}

/** What the audit entry names: the leader, the units, the replying unit or the outcome. */
function summaryOf(entry: FollowUpBody): string {
  switch (entry.kind) {
    case 'instruction':
      return [entry.leader, entry.post].filter(Boolean).join(' ')
    case 'referral':
      return entry.units
    case 'feedback':
      return entry.unit
    case 'outcome':
      return [entry.title, entry.reference].filter(Boolean).join(' ')
  }
}

const followUpAudit = (deps: Deps, actor: Actor, action: 'follow_up_add' | 'follow_up_remove', entry: FollowUpEntry) =>
  appendAudit(deps, entry.documentId, {
    action,
    actorId: actor.user.id,
    versionNumber: null,
    contentHash: null,
    details: writeFollowUpDetails({
      id: entry.id,
      kind: entry.kind,
      date: entry.date,
      summary: summaryOf(entry),
      fileName: entry.file?.fileName ?? null,
      sha256: entry.file?.sha256 ?? null,
    }),
  })

export async function recordFollowUp(
  deps: Deps,
  actor: Actor,
  documentId: string,
  body: FollowUpBody,
  upload: FollowUpUpload | null,
): Promise<FollowUpEntry> {
  // The rule first: a file nobody may add is not looked at.
  await recordable(deps, actor, documentId)
  let file: FollowUpFile | null = null
  if (upload) {
    if (!kindTakesFile(body.kind)) {
      throw invalidInput('file', '只有领导批示和办理反馈可以附文件 / only a 批示 or a 办理反馈 carries a file', {
        reason: 'follow_up_no_file',
      })
    }
    const { type, size, sha256 } = await upload.incoming.finish()
    file = {
      type,
      fileName: uploadedFileName(upload.incoming.fileName, `${body.kind}${followUpExtensions[type]}`),
      size,
      sha256,
    }
  }
  const entry = {
    ...body,
    id: newId(),
    documentId,
    file,
    recordedBy: actor.user.id,
    recordedAt: new Date().toISOString(),
  } as FollowUpEntry
  await deps.metadata.addFollowUp(entry, upload && file ? upload.bytes() : null)
  await followUpAudit(deps, actor, 'follow_up_add', entry)
  return entry
}

async function entryOf(deps: Deps, documentId: string, entryId: string): Promise<FollowUpEntry> {
  const entry = (await deps.metadata.listFollowUp(documentId)).find((e) => e.id === entryId)
  if (!entry) throw notFound('follow-up entry')
  return entry
}

/** Removes an entry recorded by mistake (and its file); the audit chain keeps what it was. */
export async function removeFollowUp(deps: Deps, actor: Actor, documentId: string, entryId: string): Promise<void> {
  await recordable(deps, actor, documentId)
  const entry = await entryOf(deps, documentId, entryId)
  if (!(await deps.metadata.deleteFollowUp(documentId, entryId))) throw notFound('follow-up entry')
  await followUpAudit(deps, actor, 'follow_up_remove', entry)
}

/** An entry's file with the Content-Type of the kind its content was recognised as. */
export async function followUpFile(
  deps: Deps,
  actor: Actor,
  documentId: string,
  entryId: string,
): Promise<{ fileName: string; mediaType: string; bytes: Uint8Array }> {
  await readableFollowUp(deps, actor, documentId)
  const entry = await entryOf(deps, documentId, entryId)
  if (!entry.file) throw notFound('file')
  const bytes = await deps.metadata.getFollowUpFile(documentId, entryId)
  if (!bytes) throw notFound('file')
  const name = entry.file.fileName.replace(/\.[A-Za-z0-9]{1,8}$/, '')
  return {
    fileName: `${name}${followUpExtensions[entry.file.type]}`,
    mediaType: followUpMediaTypes[entry.file.type],
    bytes,
  }
}

/** Whole days from one YYYY-MM-DD to another. */
const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)

/**
 * 待跟踪, for a secretary: the sent 建议案 they keep the register of, sent more than FOLLOW_UP_DAYS
 * ago (on the office's clock) with neither a 领导批示 nor a 办理反馈 on record; the longest waiting first.
 */
export async function dueFollowUps(deps: Deps, actor: Actor): Promise<FollowUpDue[]> {
  if (!tracksFollowUp(actor.user)) return []
  const register = await deps.metadata.listRegister()
  const today = officeDate(new Date(), deps.timeZone)
  const due: FollowUpDue[] = []
  for (const documentId of new Set(register.map((e) => e.documentId))) {
    const entries = inForce(register, documentId)
    if (entries.length === 0) continue
    const found = await accessTo(deps, actor, documentId)
    if (!found || !canRecordFollowUp(actor.user, found.access, true)) continue
    const first = entries.reduce((a, b) => (b.sentOn < a.sentOn ? b : a))
    const days = daysBetween(first.sentOn, today)
    if (days <= deps.followUpDays) continue
    const recorded = await deps.metadata.listFollowUp(documentId)
    if (recorded.some((e) => e.kind === 'instruction' || e.kind === 'feedback')) continue
    const group = await deps.metadata.getGroup(found.doc.groupId)
    due.push({
      documentId,
      documentTitle: found.doc.title,
      groupName: group?.name ?? '',
      documentNumber: first.documentNumber,
      sentOn: first.sentOn,
      days,
    })
  }
  return due.sort((a, b) => b.days - a.days)
}

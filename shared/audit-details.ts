/**
 * The `details` of an audit entry, written by the server and read by the client, in pairs: each
 * writer below makes the string an entry keeps (hashed into its chain, so its form never changes),
 * and its reader takes the string apart again, so that the audit log can read each entry as a
 * sentence. A reader answers null for a string it does not recognise (an entry of an older form).
 */

/** The formats a document is exported in (shared/schema.ts ExportFormat). */
type Format = 'docx' | 'pdf' | 'md' | 'txt'
const formats: readonly string[] = ['docx', 'pdf', 'md', 'txt']

/** What an `export` entry exported: the approved text, a marked draft, or a redline of two versions. */
export type ExportDetails =
  | { kind: 'approved'; format: Format; registerId: string | null }
  | { kind: 'version'; format: Format; mark: 'draft' | 'consultation' }
  | { kind: 'redline'; from: number; to: number }

export function writeExportDetails(details: ExportDetails): string {
  switch (details.kind) {
    case 'approved':
      return `${details.format} approved${details.registerId ? ` register ${details.registerId}` : ''}`
    case 'version':
      return `${details.format} ${details.mark}`
    case 'redline':
      return `redline v${details.from}→v${details.to}`
  }
}

export function readExportDetails(details: string): ExportDetails | null {
  const redline = /^redline v(\d+)→v(\d+)$/.exec(details)
  if (redline) return { kind: 'redline', from: Number(redline[1]), to: Number(redline[2]) }
  const match = /^(\w+) (approved|draft|consultation)(?: register (\S+))?$/.exec(details)
  if (!match || !formats.includes(match[1])) return null
  const format = match[1] as Format
  if (match[2] === 'approved') return { kind: 'approved', format, registerId: match[3] ?? null }
  return match[3] ? null : { kind: 'version', format, mark: match[2] as 'draft' | 'consultation' }
}

/** A `register` entry: how an approved version was sent out. */
export interface RegisterDetails {
  documentNumber: string
  recipients: string
  sentOn: string
  sentBy: string
  registerId: string
}

export function writeRegisterDetails(d: RegisterDetails): string {
  return `${d.documentNumber} → ${d.recipients} (${d.sentOn}, ${d.sentBy}) register ${d.registerId}`
}

export function readRegisterDetails(details: string): RegisterDetails | null {
  const match = /^(.*?) → (.*) \((\d{4}-\d{2}-\d{2}), (.*)\) register (\S+)$/s.exec(details)
  if (!match) return null
  const [, documentNumber, recipients, sentOn, sentBy, registerId] = match
  return { documentNumber, recipients, sentOn, sentBy, registerId }
}

/** A `register_correct` entry: which entry replaced which, the document numbers, why, and the exports it supersedes. */
export interface RegisterCorrectionDetails {
  registerId: string
  correctsId: string
  fromNumber: string
  toNumber: string
  reason: string
  /** Audit sequence numbers of the exports that printed the corrected entry. */
  superseded: number[]
}

export function writeRegisterCorrectionDetails(d: RegisterCorrectionDetails): string {
  const seqs = d.superseded.length ? ` (audit #${d.superseded.join(', #')})` : ''
  return (
    `register ${d.registerId} corrects ${d.correctsId} (${d.fromNumber} → ${d.toNumber}): ${d.reason}; ` +
    `supersedes ${d.superseded.length} export(s)${seqs}`
  )
}

export function readRegisterCorrectionDetails(details: string): RegisterCorrectionDetails | null {
  const match =
    /^register (\S+) corrects (\S+) \((.*?) → (.*?)\): (.*); supersedes (\d+) export\(s\)(?: \(audit (#[\d, #]+)\))?$/s.exec(
      details,
    )
  if (!match) return null
  const [, registerId, correctsId, fromNumber, toNumber, reason, , seqs] = match
  const superseded = seqs ? seqs.split(', ').map((seq) => Number(seq.replace('#', ''))) : []
  return { registerId, correctsId, fromNumber, toNumber, reason, superseded }
}

/** A `create` entry: the title, the template it started from, its group. */
export interface CreateDetails {
  title: string
  /** The template it started from (`jianyian` the 建议案's, or another kind's id, or `blank`); `docx` for a draft imported from a Word file. */
  template: string
  /** What it is (shared/document-kinds.ts); written only when it is not a 建议案, absent in older entries. */
  kind?: string
  groupId: string
  /** The name of the Word file a draft was imported from (导入Word). */
  importedFrom?: string
}

export function writeCreateDetails(d: CreateDetails): string {
  const kind = d.kind && d.kind !== 'proposal' ? `, kind ${d.kind}` : ''
  if (d.importedFrom !== undefined) return `${d.title} (imported from ${d.importedFrom}${kind}, group ${d.groupId})`
  return `${d.title} (template ${d.template}${kind}, group ${d.groupId})`
}

export function readCreateDetails(details: string): CreateDetails | null {
  const kindOf = (kind: string | undefined) => (kind ? { kind } : {})
  const imported = /^(.*?) \(imported from (.*?)(?:, kind (\w+))?, group (\S+)\)$/s.exec(details)
  if (imported)
    return {
      title: imported[1],
      template: 'docx',
      ...kindOf(imported[3]),
      groupId: imported[4],
      importedFrom: imported[2],
    }
  const match = /^(.*) \(template (\w+)(?:, kind (\w+))?, group (\S+)\)$/s.exec(details)
  return match ? { title: match[1], template: match[2], ...kindOf(match[3]), groupId: match[4] } : null
}

/** A `rename` entry: the title before and after. */
export function writeRenameDetails(before: string, after: string): string {
  return `${before} → ${after}`
}

export function readRenameDetails(details: string): { before: string; after: string } | null {
  const at = details.indexOf(' → ')
  return at < 0 ? null : { before: details.slice(0, at), after: details.slice(at + 3) }
}

/** A `kind_change` entry: the kind before and after (ids of shared/document-kinds.ts). */
export function writeKindChangeDetails(before: string, after: string): string {
  return `kind ${before} → ${after}`
}

export function readKindChangeDetails(details: string): { before: string; after: string } | null {
  const match = /^kind (\w+) → (\w+)$/.exec(details)
  return match ? { before: match[1], after: match[2] } : null
}

/** An `invite` entry: whom, and until which day (null: no end). */
export interface InviteDetails {
  username: string
  userId: string
  until: string | null
}

export function writeInviteDetails(d: InviteDetails): string {
  return `${d.username} (${d.userId}) until ${d.until ?? 'revoked'}`
}

export function readInviteDetails(details: string): InviteDetails | null {
  const match = /^(\S+) \((\S+)\) until (\S+)$/.exec(details)
  if (!match) return null
  return { username: match[1], userId: match[2], until: match[3] === 'revoked' ? null : match[3] }
}

/** A `dispose` entry: the thread, how its opinion was handled, and the convener's explanation. */
export interface DisposeDetails {
  threadId: string
  kind: string
  rationale: string
}

export function writeDisposeDetails(d: DisposeDetails): string {
  return `thread ${d.threadId}: ${d.kind}${d.rationale ? ` — ${d.rationale}` : ''}`
}

export function readDisposeDetails(details: string): DisposeDetails | null {
  const match = /^thread (\S+): (\w+)(?: — (.*))?$/s.exec(details)
  return match ? { threadId: match[1], kind: match[2], rationale: match[3] ?? '' } : null
}

/** A `suggestion` entry: which suggestion, what became of it, the words it would replace and its proposal. */
export interface SuggestionDetails {
  threadId: string
  outcome: 'accepted' | 'rejected' | 'withdrawn'
  /** The words the suggestion would replace ('' for a pure insertion). */
  from: string
  /** The words it proposed ('' for a pure deletion). */
  to: string
  rationale: string
}

export function writeSuggestionDetails(d: SuggestionDetails): string {
  return `suggestion ${d.threadId} ${d.outcome}: ${JSON.stringify({ from: d.from, to: d.to, rationale: d.rationale })}`
}

export function readSuggestionDetails(details: string): SuggestionDetails | null {
  const match = /^suggestion (\S+) (accepted|rejected|withdrawn): (.*)$/s.exec(details)
  if (!match) return null
  try {
    const words = JSON.parse(match[3]) as { from?: unknown; to?: unknown; rationale?: unknown }
    if (typeof words.from !== 'string' || typeof words.to !== 'string' || typeof words.rationale !== 'string')
      return null
    return {
      threadId: match[1],
      outcome: match[2] as SuggestionDetails['outcome'],
      from: words.from,
      to: words.to,
      rationale: words.rationale,
    }
  } catch {
    return null
  }
}

/** A `version` entry: the version's kind and its label. */
export function writeVersionDetails(kind: string, label: string): string {
  return `${kind}: ${label}`
}

export function readVersionDetails(details: string): { kind: string; label: string } | null {
  const match = /^(manual|submission|approval|restore): (.*)$/s.exec(details)
  return match ? { kind: match[1], label: match[2] } : null
}

/** A `restore` entry: the version restored. */
export function writeRestoreDetails(number: number): string {
  return `restored v${number}`
}

export function readRestoreDetails(details: string): number | null {
  const match = /^restored v(\d+)$/.exec(details)
  return match ? Number(match[1]) : null
}

/** A `returned_draft` entry: the file taken in, from whom (a commenter's account or an outside unit), and what came of it. */
export interface ReturnedDraftDetails {
  fileName: string
  from: { userId: string } | { unit: string }
  suggestions: number
  comments: number
  unplaced: number
}

export function writeReturnedDraftDetails(d: ReturnedDraftDetails): string {
  const from = 'unit' in d.from ? { unit: d.from.unit } : { userId: d.from.userId }
  return `returned draft: ${JSON.stringify({ fileName: d.fileName, ...from, suggestions: d.suggestions, comments: d.comments, unplaced: d.unplaced })}`
}

export function readReturnedDraftDetails(details: string): ReturnedDraftDetails | null {
  const match = /^returned draft: (.*)$/s.exec(details)
  if (!match) return null
  try {
    const d = JSON.parse(match[1]) as Record<string, unknown>
    const counts = [d.suggestions, d.comments, d.unplaced]
    if (typeof d.fileName !== 'string' || !counts.every((n) => typeof n === 'number')) return null
    const from =
      typeof d.unit === 'string' ? { unit: d.unit } : typeof d.userId === 'string' ? { userId: d.userId } : null
    if (!from) return null
    return {
      fileName: d.fileName,
      from,
      suggestions: d.suggestions as number,
      comments: d.comments as number,
      unplaced: d.unplaced as number,
    }
  } catch {
    return null
  }
}

/** A `material_add` or `material_remove` entry (system chain): which 调研材料 of which group, described as it was stored. */
export interface MaterialDetails {
  id: string
  groupId: string
  title: string
  source: string
  date: string
  type: string
  fileName: string
  size: number
  sha256: string
}

export function writeMaterialDetails(d: MaterialDetails): string {
  const { id, groupId, ...described } = d
  return `material ${id} (group ${groupId}): ${JSON.stringify(described)}`
}

export function readMaterialDetails(details: string): MaterialDetails | null {
  const match = /^material (\S+) \(group (\S+)\): (.*)$/s.exec(details)
  if (!match) return null
  try {
    const d = JSON.parse(match[3]) as Record<string, unknown>
    const texts = [d.title, d.source, d.date, d.type, d.fileName, d.sha256]
    if (!texts.every((text) => typeof text === 'string') || typeof d.size !== 'number') return null
    return {
      id: match[1],
      groupId: match[2],
      title: d.title as string,
      source: d.source as string,
      date: d.date as string,
      type: d.type as string,
      fileName: d.fileName as string,
      size: d.size,
      sha256: d.sha256 as string,
    }
  } catch {
    return null
  }
}

/** A `follow_up_add` or `follow_up_remove` entry: which 办理跟踪 entry, its kind, date, a summary and its file. */
export interface FollowUpDetails {
  id: string
  kind: string
  date: string
  /** The leader, the units, the replying unit or the outcome's title. */
  summary: string
  fileName: string | null
  sha256: string | null
}

export function writeFollowUpDetails(d: FollowUpDetails): string {
  const { id, ...described } = d
  return `follow-up ${id}: ${JSON.stringify(described)}`
}

export function readFollowUpDetails(details: string): FollowUpDetails | null {
  const match = /^follow-up (\S+): (.*)$/s.exec(details)
  if (!match) return null
  try {
    const d = JSON.parse(match[2]) as Record<string, unknown>
    if (![d.kind, d.date, d.summary].every((text) => typeof text === 'string')) return null
    const orNull = (value: unknown) => (typeof value === 'string' ? value : null)
    return {
      id: match[1],
      kind: d.kind as string,
      date: d.date as string,
      summary: d.summary as string,
      fileName: orNull(d.fileName),
      sha256: orNull(d.sha256),
    }
  } catch {
    return null
  }
}

/**
 * Exports: the approved version as the official submission (DOCX per GB/T 9704, PDF), any version
 * as a marked draft, Markdown and plain text, redlines between versions, and the submission
 * register (报送登记). Every export is audited with the version and its content hash.
 */
import { citedTargets } from '../../shared/editor/citation-targets.js'
import {
  readExportDetails,
  writeExportDetails,
  writeRegisterCorrectionDetails,
  writeRegisterDetails,
} from '../../shared/audit-details.js'
import { defaultKind, kindOf, kindPapers, type DocumentKind } from '../../shared/document-kinds.js'
import { countDocument } from '../../shared/editor/char-count.js'
import { signatureBlock } from '../../shared/editor/template.js'
import { textBlocks, type JsonNode } from '../../shared/editor/text.js'
import type { ExportFormat, RegisterEntry } from '../../shared/schema.js'
import { goesThroughApproval } from '../../shared/workflow.js'
import { AppError, conflict, forbidden, invalidInput, notFound } from '../errors.js'
import { ExportError } from '../export/export-error.js'
import type { ExportMark, ExportSource } from '../export/export-source.js'
import {
  canExportApproved,
  canExportDraft,
  canExportRedline,
  canKeepRegister,
  canReadRegister,
  type Actor,
} from '../policy.js'
import { appendAudit } from './audit.js'
import type { Deps } from './deps.js'
import { newId } from './ids.js'
import { readable } from './documents.js'
import { withOpenSuggestions } from './suggestion-marks.js'
import { findVersion } from './versions.js'
import { approvedVersion } from './workflow.js'

export interface ExportFile {
  fileName: string
  mediaType: string
  bytes: Uint8Array | string
}

const mediaTypes: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
}

const markNames: Record<ExportMark, string> = { approved: '已审定', draft: '草稿', consultation: '征求意见稿' }

/** A missing font is the operator's to fix: a 500 whose message says what to install. */
function translate(error: unknown): never {
  if (error instanceof ExportError) {
    throw new AppError(
      error.code === 'export_invalid_source' ? 400 : 500,
      error.code === 'export_invalid_source' ? 'invalid_input' : 'internal',
      error.message,
    )
  }
  throw error
}

/** The file, built in a worker thread (heavy-work.ts) within the export budget. */
async function render(deps: Deps, source: ExportSource, format: ExportFormat): Promise<Uint8Array | string> {
  try {
    return await deps.heavy.document(format, source)
  } catch (error) {
    translate(error)
  }
}

async function groupName(deps: Deps, groupId: string): Promise<string> {
  return (await deps.metadata.getGroup(groupId))?.name ?? ''
}

/**
 * The body without the closing 署名 and 日期 the editor's template ends with: the export prints its
 * own, from the register and the adoption date, so they would otherwise appear twice. The
 * document's own signature line is kept as a fallback signature.
 */
export function splitClosing(
  content: Record<string, unknown>,
  kind: DocumentKind = defaultKind,
): { body: JsonNode; signature: string | null } {
  // Versions hold what the editor stored: a ProseMirror doc.
  const doc = content as JsonNode
  // A kind that is not signed (纪要) prints nothing after its body: a date closing it is its text.
  if (!kindPapers[kind].signed) return { body: doc, signature: null }
  const blocks = doc.content ?? []
  const closing = signatureBlock(blocks.map((block) => textBlocks(block).join('')))
  if (!closing) return { body: doc, signature: null }
  const cut = closing.signature ?? closing.date
  const signature = closing.signature === null ? null : textBlocks(blocks[closing.signature]).join('').trim()
  return { body: { ...doc, content: blocks.slice(0, cut) }, signature }
}

/**
 * The register entry in force for one approved version: the secretary's 文号, 主送机关, 题注 and
 * 署名 for it. An entry belongs to the version it was recorded for; a later approval's entry never
 * changes an earlier approval's export, and only an explicit correction replaces an entry.
 */
async function registered(deps: Deps, documentId: string, versionNumber: number): Promise<RegisterEntry | undefined> {
  const entries = (await deps.metadata.listRegister()).filter(
    (e) => e.documentId === documentId && e.versionNumber === versionNumber,
  )
  const superseded = new Set(entries.map((e) => e.supersedes ?? null))
  return entries.find((e) => !superseded.has(e.id))
}

/**
 * The titles of the materials `content` cites (引用), in the order first cited, for its 附件说明:
 * only the document's group's, only those still kept.
 */
async function citedMaterialTitles(deps: Deps, groupId: string, content: Record<string, unknown>): Promise<string[]> {
  const titles: string[] = []
  for (const target of citedTargets(content as JsonNode)) {
    if (target.kind !== 'material') continue
    const material = await deps.materials.get(target.id)
    if (material && material.groupId === groupId) titles.push(material.title)
  }
  return titles
}

/** The approved version as the official submission. Nothing else can be exported as approved. */
export async function exportApproved(
  deps: Deps,
  actor: Actor,
  documentId: string,
  format: ExportFormat,
  versionNumber?: number,
  attachments: 'none' | 'cited' = 'none',
): Promise<ExportFile> {
  const { access } = await readable(deps, actor, documentId)
  if (!canExportApproved(actor.user, access))
    throw forbidden('only the secretary and the chair export the approved text', 'export_approved_forbidden')
  const approved = await approvedVersion(deps, documentId, versionNumber)
  if (!approved) {
    if (versionNumber !== undefined) throw notFound('approved version')
    throw conflict('the document has no approved version to export; members may export drafts', {
      reason: 'no_approved_version',
    })
  }
  // Everything printed comes from the approval and its register entry, not from the document as it
  // is now: exporting one approved version gives the same bytes every time.
  const entry = await registered(deps, documentId, approved.version.number)
  const kind = kindOf(approved.doc)
  const { body, signature } = splitClosing(approved.snapshot.content, kind)
  const source: ExportSource = {
    kind,
    title: entry?.documentTitle ?? approved.doc.title,
    content: body,
    adoptionNote: entry?.adoptionNote || undefined,
    signature: entry?.signature || signature || (await groupName(deps, approved.doc.groupId)),
    date: approved.decision.at,
    timeZone: deps.timeZone,
    recipients: entry?.recipients,
    documentNumber: entry?.documentNumber,
    mark: 'approved',
    versionNumber: approved.version.number,
    contentHash: approved.version.hash,
    wordCount: countDocument(approved.snapshot.content as JsonNode).words,
    attachments:
      attachments === 'cited'
        ? await citedMaterialTitles(deps, approved.doc.groupId, approved.snapshot.content)
        : undefined,
  }
  const bytes = await render(deps, source, format)
  await appendAudit(deps, documentId, {
    action: 'export',
    actorId: actor.user.id,
    versionNumber: approved.version.number,
    contentHash: approved.version.hash,
    details: writeExportDetails({ kind: 'approved', format, registerId: entry?.id ?? null }),
  })
  return {
    fileName: `${source.title}-v${approved.version.number}-已审定.${format}`,
    mediaType: mediaTypes[format],
    bytes,
  }
}

/**
 * Any version as a draft: DOCX and PDF carry 草稿 or 征求意见稿 in their header (members only);
 * Markdown and plain text are for anyone who may read the document.
 */
export async function exportVersion(
  deps: Deps,
  actor: Actor,
  documentId: string,
  number: number,
  format: ExportFormat,
  mark: 'draft' | 'consultation',
  suggestions: 'none' | 'open' = 'none',
  attachments: 'none' | 'cited' = 'none',
): Promise<ExportFile> {
  const { doc, access } = await readable(deps, actor, documentId)
  const paged = format === 'docx' || format === 'pdf'
  if (paged && !canExportDraft(actor.user, access))
    throw forbidden('only members of the group export drafts as DOCX or PDF', 'export_draft_forbidden')
  if (suggestions === 'open' && format !== 'docx')
    throw invalidInput('suggestions', 'only a DOCX carries suggestions, as Word revision marks')
  const { version, snapshot } = await findVersion(deps, documentId, number)
  const content = suggestions === 'open' ? await suggestedContent(deps, documentId, snapshot) : snapshot.content
  const kind = kindOf(doc)
  const { body, signature } = splitClosing(content, kind)
  const source: ExportSource = {
    kind,
    title: doc.title,
    content: body,
    signature: signature || (await groupName(deps, doc.groupId)),
    date: version.createdAt,
    timeZone: deps.timeZone,
    mark,
    versionNumber: version.number,
    contentHash: version.hash,
    wordCount: countDocument(snapshot.content as JsonNode).words,
    attachments: attachments === 'cited' ? await citedMaterialTitles(deps, doc.groupId, snapshot.content) : undefined,
  }
  const bytes = await render(deps, source, format)
  await appendAudit(deps, documentId, {
    action: 'export',
    actorId: actor.user.id,
    versionNumber: version.number,
    contentHash: version.hash,
    details: writeExportDetails({ kind: 'version', format, mark }),
  })
  return {
    fileName: `${doc.title}-v${version.number}-${markNames[mark]}${suggestions === 'open' ? '-含修订' : ''}.${format}`,
    mediaType: mediaTypes[format],
    bytes,
  }
}

/** The version's text with the document's open suggestions placed in it as revisions by their authors. */
async function suggestedContent(
  deps: Deps,
  documentId: string,
  snapshot: { state: Uint8Array; content: Record<string, unknown> },
): Promise<Record<string, unknown>> {
  const [threads, users] = await Promise.all([deps.metadata.listThreads(documentId), deps.metadata.listUsers()])
  const names = new Map(users.map((u) => [u.id, u.displayName]))
  return (await withOpenSuggestions(snapshot.state, threads, names)).content
}

/** One version compared with an earlier one, as Word revision marks attributed to the group. */
export async function exportRedlineDocx(
  deps: Deps,
  actor: Actor,
  documentId: string,
  from: number,
  to: number,
): Promise<ExportFile> {
  const { doc, access } = await readable(deps, actor, documentId)
  if (!canExportRedline(actor.user, access)) {
    throw forbidden('only members, the chair and the secretary export redlines', 'export_redline_forbidden')
  }
  if (from >= to) throw invalidInput('from', 'must be an earlier version than to', { reason: 'redline_order' })
  const [earlier, later] = await Promise.all([findVersion(deps, documentId, from), findVersion(deps, documentId, to)])
  const group = await groupName(deps, doc.groupId)
  const kind = kindOf(doc)
  const asSource = ({ version, snapshot }: typeof earlier): ExportSource => ({
    kind,
    title: doc.title,
    content: splitClosing(snapshot.content, kind).body,
    signature: group,
    date: version.createdAt,
    timeZone: deps.timeZone,
    mark: 'draft',
    versionNumber: version.number,
    contentHash: version.hash,
    wordCount: countDocument(snapshot.content as JsonNode).words,
  })
  let bytes: Uint8Array
  try {
    bytes = await deps.heavy.redline({
      earlier: asSource(earlier),
      later: asSource(later),
      author: group || 'Jianyi',
      date: later.version.createdAt,
    })
  } catch (error) {
    translate(error)
  }
  await appendAudit(deps, documentId, {
    action: 'export',
    actorId: actor.user.id,
    versionNumber: later.version.number,
    contentHash: later.version.hash,
    details: writeExportDetails({ kind: 'redline', from: earlier.version.number, to: later.version.number }),
  })
  return { fileName: `${doc.title}-v${from}-v${to}-修订对照.docx`, mediaType: mediaTypes.docx, bytes }
}

type RegisterFields = Pick<
  RegisterEntry,
  'documentNumber' | 'recipients' | 'adoptionNote' | 'signature' | 'sentOn' | 'sentBy'
>

/** 报送登记: one entry per approval. A second one for the same approval is refused; correct the first instead. */
export async function recordSending(
  deps: Deps,
  actor: Actor,
  documentId: string,
  fields: RegisterFields,
): Promise<RegisterEntry> {
  const { doc, access } = await readable(deps, actor, documentId)
  if (!canKeepRegister(actor.user, access))
    throw forbidden('only the secretary keeps the submission register', 'register_forbidden')
  const kind = kindOf(doc)
  if (!goesThroughApproval(kind))
    throw conflict(`only a proposal (建议案) is sent out and registered; this document is a ${kind}`, {
      reason: 'register_kind',
      params: { kind },
    })
  const approved = await approvedVersion(deps, documentId)
  if (!approved)
    throw conflict('only an approved document is sent out and registered', { reason: 'register_not_approved' })
  const existing = await registered(deps, documentId, approved.version.number)
  if (existing) {
    throw new AppError(
      409,
      'already_registered',
      `v${approved.version.number} is registered already (${existing.documentNumber}); correct that entry instead`,
    )
  }
  const entry: RegisterEntry = {
    id: newId(),
    documentId,
    documentTitle: doc.title,
    versionNumber: approved.version.number,
    contentHash: approved.version.hash,
    ...fields,
    signature: fields.signature || (await groupName(deps, doc.groupId)),
    recordedBy: actor.user.id,
    recordedAt: new Date().toISOString(),
    supersedes: null,
  }
  await deps.metadata.addRegisterEntry(entry)
  await appendAudit(deps, documentId, {
    action: 'register',
    actorId: actor.user.id,
    versionNumber: entry.versionNumber,
    contentHash: entry.contentHash,
    details: writeRegisterDetails({ ...entry, registerId: entry.id }),
  })
  return entry
}

/**
 * Corrects the register entry in force for an approval: a new entry replaces it for every later
 * export, and the audit chain records the reason and which exports printed the old one.
 */
export async function correctRegisterEntry(
  deps: Deps,
  actor: Actor,
  entryId: string,
  fields: RegisterFields & { reason: string },
): Promise<RegisterEntry> {
  const old = (await deps.metadata.listRegister()).find((e) => e.id === entryId)
  if (!old || !(await readable(deps, actor, old.documentId).catch(() => null))) throw notFound('register entry')
  const { access } = await readable(deps, actor, old.documentId)
  if (!canKeepRegister(actor.user, access))
    throw forbidden('only the secretary keeps the submission register', 'register_forbidden')
  const current = await registered(deps, old.documentId, old.versionNumber)
  if (current?.id !== old.id)
    throw conflict('this entry was corrected already; correct the newest one', {
      field: 'entryId',
      reason: 'register_corrected',
    })
  const { reason, ...rest } = fields
  const entry: RegisterEntry = {
    ...old,
    ...rest,
    id: newId(),
    signature: rest.signature || old.signature,
    recordedBy: actor.user.id,
    recordedAt: new Date().toISOString(),
    supersedes: old.id,
  }
  const printedOld = (details: string) => {
    const exported = readExportDetails(details)
    return exported?.kind === 'approved' && exported.registerId === old.id
  }
  const printed = (await deps.metadata.listAudit(old.documentId)).filter(
    (e) => e.action === 'export' && printedOld(e.details),
  )
  await deps.metadata.addRegisterEntry(entry)
  await appendAudit(deps, old.documentId, {
    action: 'register_correct',
    actorId: actor.user.id,
    versionNumber: entry.versionNumber,
    contentHash: entry.contentHash,
    details: writeRegisterCorrectionDetails({
      registerId: entry.id,
      correctsId: old.id,
      fromNumber: old.documentNumber,
      toNumber: entry.documentNumber,
      reason,
      superseded: printed.map((e) => e.seq),
    }),
  })
  return entry
}

/** The register as the caller may see it: entries of documents they may read. */
export async function listRegister(deps: Deps, actor: Actor): Promise<RegisterEntry[]> {
  if (!canReadRegister(actor.user))
    throw forbidden('only secretaries and chairs read the submission register', 'register_read_forbidden')
  const entries = await deps.metadata.listRegister()
  const visible: RegisterEntry[] = []
  for (const entry of entries) if (await readable(deps, actor, entry.documentId).catch(() => null)) visible.push(entry)
  return visible
}

/** The register as the caller may see it, as CSV (server/export/register-csv.ts), built in a worker thread. */
export async function registerCsv(deps: Deps, actor: Actor): Promise<ExportFile> {
  const entries = await listRegister(deps, actor)
  return {
    fileName: '报送登记.csv',
    mediaType: 'text/csv; charset=utf-8',
    bytes: await deps.heavy.registerCsv(entries, deps.timeZone),
  }
}

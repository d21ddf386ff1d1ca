/**
 * Versions: immutable snapshots of a document (full Yjs state, ProseMirror JSON, SHA-256 of the
 * canonical content), their differences, and restoring one as a new change.
 */
import { writeRestoreDetails, writeVersionDetails } from '../../shared/audit-details.js'
import * as Y from 'yjs'
import { lineKinds } from '../../shared/editor/line-kinds.js'
import { countDocument } from '../../shared/editor/char-count.js'
import { plainText, type JsonNode } from '../../shared/editor/text.js'
import type { Diff, Version, VersionKind, VersionMark } from '../../shared/schema.js'
import { isEditable } from '../../shared/workflow.js'
import { AppError, forbidden, notFound } from '../errors.js'
import type { Actor } from '../policy.js'
import type { VersionSnapshot } from '../store/types.js'
import { appendAudit, type AuditInput } from './audit.js'
import { contentHash } from './content-hash.js'
import type { Deps, ServerChange } from './deps.js'
import { readable } from './documents.js'
import { PerDocumentQueue } from './per-document-queue.js'
import { proseMirror } from './prosemirror.js'

const numbering = new PerDocumentQueue()

/** The document's current content, read from the live room (or the store). */
export async function currentSnapshot(deps: Deps, documentId: string): Promise<VersionSnapshot> {
  const { toJson } = await proseMirror()
  return deps.sockets.readDocument(documentId, (doc) => ({ state: Y.encodeStateAsUpdate(doc), content: toJson(doc) }))
}

/**
 * Numbers a version of the given content (the live document's unless given) and stores its bytes;
 * its description is for the caller to record, alone or as part of a workflow step. The snapshot
 * is taken in one synchronous read of the live Y.Doc, so typing never waits for it.
 */
export async function storeVersionBytes(
  deps: Deps,
  actorId: string,
  documentId: string,
  label: string,
  kind: VersionKind,
  snapshot?: VersionSnapshot,
): Promise<Version> {
  const taken = snapshot ?? (await currentSnapshot(deps, documentId))
  const hash = contentHash(taken.content)
  const words = wordCount(hash, taken.content)
  // The queue keeps this process's adds in order; the version store makes the number unique
  // across the instances sharing it.
  return numbering.run(documentId, async () => {
    const described = (await deps.metadata.listVersions(documentId)).at(-1)?.number ?? 0
    const number = await deps.versions.add(documentId, taken, described)
    return {
      documentId,
      number,
      label,
      kind,
      authorId: actorId,
      createdAt: new Date().toISOString(),
      charCount: words,
      hash,
    }
  })
}

/** The audit entry that records a version. */
export const versionAudit = (version: Version): AuditInput => ({
  action: 'version',
  actorId: version.authorId,
  versionNumber: version.number,
  contentHash: version.hash,
  details: writeVersionDetails(version.kind, version.label),
})

/** Records a version of the given content (the live document's unless given), audited. */
export async function recordVersion(
  deps: Deps,
  actorId: string,
  documentId: string,
  label: string,
  kind: VersionKind,
  snapshot?: VersionSnapshot,
): Promise<Version> {
  const version = await storeVersionBytes(deps, actorId, documentId, label, kind, snapshot)
  await deps.metadata.addVersion(version)
  await appendAudit(deps, documentId, versionAudit(version))
  return version
}

/** A named version, saved by anyone who may edit. */
export async function saveVersion(deps: Deps, actor: Actor, documentId: string, label: string): Promise<Version> {
  const { access } = await readable(deps, actor, documentId)
  if (!access.edit) throw forbidden('only those who may edit the document save versions', 'save_version_forbidden')
  return recordVersion(deps, actor.user.id, documentId, label, 'manual')
}

/**
 * 字数 by content hash. A version never changes, so its count is computed once per process; versions
 * stored before the count bar's definition applied to them (raw characters) are counted again from
 * their content the first time they are listed, so that the history shows the editor's number.
 */
const wordCounts = new Map<string, number>()
const WORD_COUNTS_KEPT = 20_000

function wordCount(hash: string, content: Record<string, unknown>): number {
  let words = wordCounts.get(hash)
  if (words === undefined) {
    words = countDocument(content as JsonNode).words
    if (wordCounts.size >= WORD_COUNTS_KEPT) wordCounts.delete(wordCounts.keys().next().value!)
    wordCounts.set(hash, words)
  }
  return words
}

/** The version with the count bar's 字数, whatever rule its stored record was counted by. */
async function counted(deps: Deps, version: Version): Promise<Version> {
  let words = wordCounts.get(version.hash)
  if (words === undefined) {
    const snapshot = await deps.versions.get(version.documentId, version.number)
    if (!snapshot) return version
    words = wordCount(version.hash, snapshot.content)
  }
  return words === version.charCount ? version : { ...version, charCount: words }
}

export async function listVersions(
  deps: Deps,
  actor: Actor,
  documentId: string,
): Promise<{ versions: Version[]; marks: VersionMark[] }> {
  await readable(deps, actor, documentId)
  const [versions, submissions] = await Promise.all([
    deps.metadata.listVersions(documentId),
    deps.metadata.listSubmissions(documentId),
  ])
  const marks = submissions
    .map((s): VersionMark => ({
      versionNumber: s.versionNumber,
      state: s.decision === null ? 'submitted' : s.decision.kind,
      at: s.submittedAt,
    }))
    .sort((a, b) => (a.at < b.at ? -1 : 1))
  return { versions: await Promise.all(versions.map((version) => counted(deps, version))), marks }
}

export async function findVersion(
  deps: Deps,
  documentId: string,
  number: number,
): Promise<{ version: Version; snapshot: VersionSnapshot }> {
  const version = (await deps.metadata.listVersions(documentId)).find((v) => v.number === number)
  const snapshot = version ? await deps.versions.get(documentId, number) : null
  if (!version || !snapshot) throw notFound('version')
  return { version, snapshot }
}

export async function getVersion(deps: Deps, actor: Actor, documentId: string, number: number) {
  await readable(deps, actor, documentId)
  const { version, snapshot } = await findVersion(deps, documentId, number)
  return { ...version, charCount: wordCount(version.hash, snapshot.content), content: snapshot.content }
}

/** Character-level difference between two versions, or a version and the live draft. */
export async function diffVersions(
  deps: Deps,
  actor: Actor,
  documentId: string,
  from: number,
  to: number | 'live',
): Promise<Diff> {
  await readable(deps, actor, documentId)
  const before = (await findVersion(deps, documentId, from)).snapshot.content
  const after =
    to === 'live'
      ? (await currentSnapshot(deps, documentId)).content
      : (await findVersion(deps, documentId, to)).snapshot.content
  const text = await deps.heavy.diff(plainText(before as JsonNode), plainText(after as JsonNode))
  return { ...text, lines: { before: lineKinds(before as JsonNode), after: lineKinds(after as JsonNode) } }
}

/**
 * Makes the live document's content that of `content`, as one transaction computed as a diff
 * against the live fragment: concurrent typing merges, and every open editor sees one change.
 */
export async function replaceLiveContent(
  deps: Deps,
  documentId: string,
  content: Record<string, unknown>,
  kind: ServerChange,
): Promise<void> {
  const { replaceContent } = await proseMirror()
  await deps.sockets.changeDocument(documentId, kind, (doc) => replaceContent(doc, content))
}

/**
 * Restores a version: the draft becomes its content as one new change; a new version records it.
 * Under the document's lock, so that it never lands on a text that an approval has just fixed.
 */
export async function restoreVersion(deps: Deps, actor: Actor, documentId: string, number: number): Promise<Version> {
  return deps.metadata.lockDocument(documentId, async () => {
    const { doc, access } = await readable(deps, actor, documentId)
    if (!isEditable(doc.status))
      throw new AppError(409, 'workflow_conflict', 'the document is approved; the chair must reopen it first', {
        reason: 'approved_restore',
      })
    if (!access.edit) throw forbidden('only those who may edit the document restore versions', 'restore_forbidden')
    const { version, snapshot } = await findVersion(deps, documentId, number)
    await replaceLiveContent(deps, documentId, snapshot.content, 'restore')
    await appendAudit(deps, documentId, {
      action: 'restore',
      actorId: actor.user.id,
      versionNumber: version.number,
      contentHash: version.hash,
      details: writeRestoreDetails(version.number),
    })
    return recordVersion(deps, actor.user.id, documentId, `恢复自 v${version.number}`, 'restore')
  })
}

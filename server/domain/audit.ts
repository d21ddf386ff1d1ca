/**
 * The per-document audit log: append-only and tamper-evident. Each entry carries the hash of the
 * one before it, so a changed or removed entry breaks the chain at a point the verifier names; the
 * chain's length and last hash are signed with the audit key (an anchor stored with every append),
 * so entries removed from the end are noticed too.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { AuditEntry } from '../../shared/schema.js'
import type { AuditAnchor, AuditMaker, MetadataStore } from '../store/types.js'
import { canonicalJson } from './content-hash.js'

export type AuditInput = Pick<AuditEntry, 'action' | 'actorId' | 'versionNumber' | 'contentHash' | 'details'>

const entryHash = (entry: Omit<AuditEntry, 'hash'>): string =>
  createHash('sha256').update(canonicalJson(entry)).digest('hex')

/** The reserved chain of actions that concern no one document: logins, users, groups. */
export const SYSTEM_AUDIT_ID = '_system-audit___'

/** The signature of a chain's length and last hash. */
export function anchorOf(key: Buffer, documentId: string, length: number, head: string): AuditAnchor {
  const mac = createHmac('sha256', key).update(`jianyi-audit-anchor\n${documentId}\n${length}\n${head}`).digest('hex')
  return { length, head, mac }
}

/** The maker of the entry recording `input`, chained to whatever entry is last when the store appends it. */
export function auditMaker(key: Buffer, documentId: string, input: AuditInput): AuditMaker {
  return (last) => {
    const body: Omit<AuditEntry, 'hash'> = {
      documentId,
      seq: last ? last.seq + 1 : 0,
      at: new Date().toISOString(),
      prevHash: last?.hash ?? '',
      ...input,
    }
    const entry = { ...body, hash: entryHash(body) }
    return { entry, anchor: anchorOf(key, documentId, entry.seq + 1, entry.hash) }
  }
}

/** What appending needs: the store and the key that signs each chain's head. */
export type AuditDeps = { metadata: MetadataStore; auditKey: Buffer }

export function appendAudit(deps: AuditDeps, documentId: string, input: AuditInput): Promise<AuditEntry> {
  return deps.metadata.appendAudit(documentId, auditMaker(deps.auditKey, documentId, input))
}

/**
 * Signs the chains that have no anchor yet (written before anchors existed), as they are now;
 * run at start. Returns how many were anchored.
 */
export async function anchorExistingChains({ metadata, auditKey }: AuditDeps): Promise<number> {
  let anchored = 0
  for (const id of await metadata.listAuditedDocuments()) {
    if (await metadata.getAuditAnchor(id)) continue
    const entries = await metadata.listAudit(id)
    const head = entries.at(-1)?.hash ?? ''
    if (await metadata.addAuditAnchor(id, anchorOf(auditKey, id, entries.length, head))) anchored++
  }
  return anchored
}

/** The whole check of one document's chain: its links and hashes, then its signed length and head. */
export async function verifyDocumentAudit({ metadata, auditKey }: AuditDeps, documentId: string) {
  const [entries, anchor] = await Promise.all([metadata.listAudit(documentId), metadata.getAuditAnchor(documentId)])
  const chain = verifyChain(entries)
  return { entries, check: chain.ok ? verifyAnchor(auditKey, documentId, entries, anchor) : chain }
}

/** Whether the chain ends where its signed anchor says: entries removed from the end are noticed. */
export function verifyAnchor(
  key: Buffer,
  documentId: string,
  entries: AuditEntry[],
  anchor: AuditAnchor | null,
): ChainCheck {
  if (!anchor) {
    return entries.length === 0
      ? { ok: true, problem: null }
      : { ok: false, problem: 'the chain has no signed anchor (it was removed)' }
  }
  const expected = anchorOf(key, documentId, anchor.length, anchor.head)
  const given = Buffer.from(anchor.mac)
  if (given.length !== expected.mac.length || !timingSafeEqual(given, Buffer.from(expected.mac)))
    return { ok: false, problem: 'the signed anchor does not match the audit key (it was forged or changed)' }
  if (entries.length !== anchor.length)
    return {
      ok: false,
      problem: `the anchor signs ${anchor.length} entries but ${entries.length} are stored (entries were removed from the end)`,
    }
  if ((entries.at(-1)?.hash ?? '') !== anchor.head)
    return { ok: false, problem: `entry ${entries.length - 1}: is not the last entry the anchor signs` }
  return { ok: true, problem: null }
}

export interface ChainCheck {
  ok: boolean
  /** What is wrong and at which entry, when not ok. */
  problem: string | null
}

/** Recomputes every hash and link; names the first entry that was changed, removed or reordered. */
export function verifyChain(entries: AuditEntry[]): ChainCheck {
  let prevHash = ''
  for (let i = 0; i < entries.length; i++) {
    const { hash, ...body } = entries[i]
    if (body.seq !== i)
      return { ok: false, problem: `entry ${i}: sequence number ${body.seq} (an entry is missing or reordered)` }
    if (body.prevHash !== prevHash)
      return {
        ok: false,
        problem: `entry ${i} (${body.action} at ${body.at}): does not follow entry ${i - 1} (it was removed or changed)`,
      }
    if (entryHash(body) !== hash)
      return { ok: false, problem: `entry ${i} (${body.action} at ${body.at}): its content was changed` }
    prevHash = hash
  }
  return { ok: true, problem: null }
}

/**
 * The per-document audit log: append-only and tamper-evident. Each entry carries the hash of the
 * one before it, so a changed or removed entry breaks the chain at a point the verifier names.
 */
import { createHash } from 'node:crypto'
import type { AuditEntry } from '../../shared/schema.js'
import type { AuditMaker, MetadataStore } from '../store/types.js'
import { canonicalJson } from './content-hash.js'

export type AuditInput = Pick<AuditEntry, 'action' | 'actorId' | 'versionNumber' | 'contentHash' | 'details'>

const entryHash = (entry: Omit<AuditEntry, 'hash'>): string =>
  createHash('sha256').update(canonicalJson(entry)).digest('hex')

/** The maker of the entry recording `input`, chained to whatever entry is last when the store appends it. */
export function auditMaker(documentId: string, input: AuditInput): AuditMaker {
  return (last) => {
    const body: Omit<AuditEntry, 'hash'> = {
      documentId,
      seq: last ? last.seq + 1 : 0,
      at: new Date().toISOString(),
      prevHash: last?.hash ?? '',
      ...input,
    }
    return { ...body, hash: entryHash(body) }
  }
}

export function appendAudit(metadata: MetadataStore, documentId: string, input: AuditInput): Promise<AuditEntry> {
  return metadata.appendAudit(documentId, auditMaker(documentId, input))
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

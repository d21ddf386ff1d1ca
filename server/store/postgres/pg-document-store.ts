/**
 * DocumentStore on PostgreSQL: per document, `document_states` holds the merged state of every
 * update up to `upto_seq`, and `document_updates` the updates appended since, one row each.
 * Several server instances may append to the same document at once (scale-out).
 */
import type { Pool, PoolClient } from 'pg'
import type { AppendOptions, DocumentStore } from '../types.js'
import { mergeStoredUpdates } from '../merge-updates.js'

export interface PgDocumentStoreOptions {
  /** Shared with the caller, who ends it: the store never does. */
  pool: Pool
  /** The log is merged into the state once it holds more than this many bytes. Default 4 MiB. */
  compactBytes?: number
  /** … or more than this many updates: every row costs a little on each load. Default 500. */
  compactUpdates?: number
  /** Where failed background compactions are reported. Default console.warn. */
  log?: (line: string) => void
}

interface LoadRow {
  bytes: Buffer | null
  /** bigint: a decimal string from pg. */
  seq: string
  is_state: boolean
}

export class PgDocumentStore implements DocumentStore {
  private readonly pool: Pool
  private readonly compactBytes: number
  private readonly compactUpdates: number
  private readonly log: (line: string) => void
  /** Background compactions by document, so that one runs at a time per document and close waits for them. */
  private readonly compactions = new Map<string, Promise<void>>()
  private readonly compactAgain = new Set<string>()
  private closed = false

  constructor(options: PgDocumentStoreOptions) {
    this.pool = options.pool
    this.compactBytes = options.compactBytes ?? 4 * 1024 * 1024
    this.compactUpdates = options.compactUpdates ?? 500
    this.log = options.log ?? console.warn
  }

  async load(docId: string): Promise<Uint8Array[]> {
    this.assertOpen()
    // One statement, one snapshot: read in two, a compaction on another instance in between could
    // move updates from the log into a state that was already read.
    const { rows } = await this.pool.query<LoadRow>(
      `WITH head AS (SELECT state, upto_seq FROM document_states WHERE doc_id = $1)
       SELECT state AS bytes, upto_seq AS seq, true AS is_state
         FROM head WHERE state IS NOT NULL AND upto_seq > 0
       UNION ALL
       SELECT u.update, u.seq, false
         FROM document_updates u
        WHERE u.doc_id = $1 AND u.seq > coalesce((SELECT upto_seq FROM head), 0)
       ORDER BY is_state DESC, seq`,
      [docId],
    )
    // Own copies: pg may hand out slices of a shared buffer.
    return rows.map((row) => new Uint8Array(row.bytes!))
  }

  async append(docId: string, updates: Uint8Array[], options: AppendOptions = {}): Promise<boolean> {
    this.assertOpen()
    if (updates.length === 0) return true
    const bytes = updates.reduce((sum, update) => sum + update.length, 0)
    // `head` takes the document's row lock before `log` draws a seq (log reads head's row), so
    // appends to one document are serialized and their seqs are committed in order. (PostgreSQL runs
    // a data-modifying WITH to completion whether or not the final SELECT reads it.)
    // `unlocked` reads the document's status under a share lock: an approval's UPDATE waits for this
    // append to commit, and an append that waited for the approval re-reads the status it committed.
    // No row there (approved, or deleted), no row in `head`, nothing written.
    const { rows } = await this.pool.query<{ log_updates: number; log_bytes: string }>(
      `WITH unlocked AS (
         SELECT 1 FROM documents WHERE $5::boolean AND id = $1 AND status <> 'approved' FOR SHARE
       ), head AS (
         INSERT INTO document_states AS s (doc_id, log_updates, log_bytes)
         SELECT $1, $3, $4 WHERE NOT $5::boolean OR EXISTS (SELECT 1 FROM unlocked)
         ON CONFLICT (doc_id) DO UPDATE
           SET log_updates = s.log_updates + EXCLUDED.log_updates, log_bytes = s.log_bytes + EXCLUDED.log_bytes
         RETURNING log_updates, log_bytes
       ), log AS (
         INSERT INTO document_updates (doc_id, update)
         SELECT $1, u.update FROM head, unnest($2::bytea[]) WITH ORDINALITY AS u(update, n) ORDER BY u.n
         RETURNING seq
       )
       SELECT log_updates, log_bytes::text FROM head`,
      [docId, updates.map(toBuffer), updates.length, bytes, options.unlessApproved === true],
    )
    if (rows.length === 0) return false
    const { log_updates: logUpdates, log_bytes: logBytes } = rows[0]
    if (logUpdates > this.compactUpdates || Number(logBytes) > this.compactBytes) this.compactInBackground(docId)
    return true
  }

  /**
   * Merges the state and the log into one state now. The merge runs outside any transaction, so
   * appends continue meanwhile; it is then stored only if no other compaction or delete came in
   * between, and only the merged rows (seq <= the merged maximum) are deleted.
   */
  async compact(docId: string): Promise<void> {
    this.assertOpen()
    await this.compactOnce(docId)
  }

  async delete(docId: string): Promise<void> {
    this.assertOpen()
    await this.transaction(async (client) => {
      // The state row first: its lock waits for a running append to commit, so that the next
      // statement, with a fresh snapshot, also deletes that append's rows.
      await client.query('DELETE FROM document_states WHERE doc_id = $1', [docId])
      await client.query('DELETE FROM document_updates WHERE doc_id = $1', [docId])
      await client.query('DELETE FROM document_search_text WHERE doc_id = $1', [docId])
    })
  }

  /** Appends are durable when they resolve (a committed transaction); this waits for background compactions. */
  async flush(): Promise<void> {
    this.assertOpen()
    await this.settleCompactions()
  }

  /** Waits for background compactions; the pool belongs to the caller and stays open. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.settleCompactions()
  }

  private async settleCompactions(): Promise<void> {
    while (this.compactions.size > 0) await Promise.all(this.compactions.values())
  }

  /** The updates are already stored, so a failed compaction is reported and tried again after a later append. */
  private compactInBackground(docId: string): void {
    if (this.compactions.has(docId)) {
      // Appends that arrive during a compaction are not in it: compact once more when it ends.
      this.compactAgain.add(docId)
      return
    }
    const running = this.compactOnce(docId)
      .catch((error: unknown) => {
        this.log(`compaction of document ${docId} failed: ${error instanceof Error ? error.message : String(error)}`)
      })
      .finally(() => {
        this.compactions.delete(docId)
        if (this.compactAgain.delete(docId)) this.compactInBackground(docId)
      })
    this.compactions.set(docId, running)
  }

  private async compactOnce(docId: string): Promise<void> {
    const { rows } = await this.pool.query<LoadRow>(
      `WITH head AS (SELECT state, upto_seq FROM document_states WHERE doc_id = $1)
       SELECT state AS bytes, upto_seq AS seq, true AS is_state FROM head
       UNION ALL
       SELECT u.update, u.seq, false
         FROM document_updates u
        WHERE u.doc_id = $1 AND u.seq > coalesce((SELECT upto_seq FROM head), 0)
       ORDER BY is_state DESC, seq`,
      [docId],
    )
    const head = rows[0]?.is_state ? rows[0] : null
    const log = rows.filter((row) => !row.is_state)
    if (!head || log.length === 0) return
    const fromSeq = head.seq
    const uptoSeq = log[log.length - 1].seq
    const parts = [...(head.bytes ? [head.bytes] : []), ...log.map((row) => row.bytes!)]
    const merged = mergeStoredUpdates(parts)
    const mergedBytes = log.reduce((sum, row) => sum + row.bytes!.length, 0)

    await this.transaction(async (client) => {
      const current = await client.query<{ upto_seq: string }>(
        'SELECT upto_seq::text FROM document_states WHERE doc_id = $1 FOR UPDATE',
        [docId],
      )
      // Another instance compacted meanwhile, or the document was deleted: what was merged is stale.
      if (current.rows.length === 0 || String(current.rows[0].upto_seq) !== String(fromSeq)) return 'rollback'
      const removed = await client.query('DELETE FROM document_updates WHERE doc_id = $1 AND seq > $2 AND seq <= $3', [
        docId,
        fromSeq,
        uptoSeq,
      ])
      // Deleted and re-created since the read (the old rows are gone): rollback keeps the new ones.
      if (removed.rowCount !== log.length) return 'rollback'
      await client.query(
        `UPDATE document_states
            SET state = $2, upto_seq = $3, log_updates = log_updates - $4, log_bytes = log_bytes - $5
          WHERE doc_id = $1`,
        [docId, toBuffer(merged), uptoSeq, log.length, mergedBytes],
      )
      return 'commit'
    })
  }

  /** Runs `work` in a transaction; it commits unless `work` throws or answers 'rollback'. */
  private async transaction(work: (client: PoolClient) => Promise<'commit' | 'rollback' | void>): Promise<void> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      let outcome: 'commit' | 'rollback' | void
      try {
        outcome = await work(client)
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
      await client.query(outcome === 'rollback' ? 'ROLLBACK' : 'COMMIT')
    } finally {
      client.release()
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('document store is closed')
  }
}

/** A Buffer over the same bytes, which pg sends as binary bytea. */
function toBuffer(update: Uint8Array): Buffer {
  return Buffer.from(update.buffer, update.byteOffset, update.byteLength)
}

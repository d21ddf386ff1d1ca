/** VersionStore on PostgreSQL: one row per version, inserted once and never updated or deleted. */
import type { Pool, PoolClient } from 'pg'
import type { VersionSnapshot, VersionStore } from '../types.js'

const UNIQUE_VIOLATION = '23505'

export class PgVersionStore implements VersionStore {
  /** The pool is shared with the caller, who ends it. */
  constructor(private readonly pool: Pool) {}

  async put(docId: string, number: number, snapshot: VersionSnapshot): Promise<void> {
    try {
      await this.insert(this.pool, docId, number, snapshot)
    } catch (error) {
      if ((error as { code?: unknown })?.code === UNIQUE_VIOLATION)
        throw new Error(`version ${number} of ${docId} already exists`, { cause: error })
      throw error
    }
  }

  /**
   * The highest number is read and the next one inserted in one transaction under an advisory lock
   * of the document's versions: of two instances adding at once, the second waits for the first to
   * commit and then reads its number.
   */
  async add(docId: string, snapshot: VersionSnapshot, above: number): Promise<number> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`jianyi:versions:${docId}`])
      const { rows } = await client.query<{ highest: number }>(
        'SELECT coalesce(max(number), 0)::int AS highest FROM version_snapshots WHERE document_id = $1',
        [docId],
      )
      const number = Math.max(above, rows[0].highest) + 1
      await this.insert(client, docId, number, snapshot)
      await client.query('COMMIT')
      return number
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      client.release()
    }
  }

  private async insert(db: Pool | PoolClient, docId: string, number: number, snapshot: VersionSnapshot): Promise<void> {
    await db.query('INSERT INTO version_snapshots (document_id, number, state, content) VALUES ($1, $2, $3, $4)', [
      docId,
      number,
      Buffer.from(snapshot.state.buffer, snapshot.state.byteOffset, snapshot.state.byteLength),
      JSON.stringify(snapshot.content),
    ])
  }

  async get(docId: string, number: number): Promise<VersionSnapshot | null> {
    const { rows } = await this.pool.query<{ state: Buffer; content: Record<string, unknown> }>(
      'SELECT state, content FROM version_snapshots WHERE document_id = $1 AND number = $2',
      [docId, number],
    )
    if (rows.length === 0) return null
    // Own bytes: pg may hand out slices of a shared buffer.
    return { state: new Uint8Array(rows[0].state), content: rows[0].content }
  }
}

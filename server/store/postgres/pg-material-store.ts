/** MaterialStore on PostgreSQL: one row per material, its bytes in a bytea column beside its description. */
import type { Pool } from 'pg'
import type { Material } from '../../../shared/materials.js'
import { BufferedFile } from '../buffered-file.js'
import type { MaterialStore, StagedFile } from '../types.js'

const UNIQUE_VIOLATION = '23505'

/** A Buffer over the same memory (pg sends a Buffer parameter as binary, not as text). */
const bufferOf = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

export class PgMaterialStore implements MaterialStore {
  /** The pool is shared with the caller, who ends it. */
  constructor(private readonly pool: Pool) {}

  async list(groupId: string): Promise<Material[]> {
    const { rows } = await this.pool.query<{ meta: Material }>(
      'SELECT meta FROM materials WHERE group_id = $1 ORDER BY position',
      [groupId],
    )
    return rows.map((row) => row.meta)
  }

  async get(id: string): Promise<Material | null> {
    const { rows } = await this.pool.query<{ meta: Material }>('SELECT meta FROM materials WHERE id = $1', [id])
    return rows[0]?.meta ?? null
  }

  async add(material: Material, bytes: Uint8Array): Promise<void> {
    try {
      await this.pool.query('INSERT INTO materials (id, group_id, meta, bytes) VALUES ($1, $2, $3, $4)', [
        material.id,
        material.groupId,
        JSON.stringify(material),
        bufferOf(bytes),
      ])
    } catch (error) {
      if ((error as { code?: unknown })?.code === UNIQUE_VIOLATION)
        throw new Error(`material ${material.id} already exists`, { cause: error })
      throw error
    }
  }

  /** In memory: the bytea parameter needs the bytes whole, so they arrive in the one buffer it is sent from. */
  async stage(sizeHint?: number): Promise<StagedFile> {
    return new BufferedFile(sizeHint)
  }

  async addStaged(material: Material, file: StagedFile): Promise<void> {
    if (!(file instanceof BufferedFile)) throw new Error('a file staged by another store')
    try {
      await this.add(material, file.bytes())
    } finally {
      await file.discard()
    }
  }

  async file(id: string): Promise<Uint8Array | null> {
    const { rows } = await this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM materials WHERE id = $1', [id])
    return rows.length ? new Uint8Array(rows[0].bytes) : null
  }

  async preview(id: string): Promise<Uint8Array | null> {
    const { rows } = await this.pool.query<{ preview: Buffer | null }>('SELECT preview FROM materials WHERE id = $1', [
      id,
    ])
    return rows[0]?.preview ? new Uint8Array(rows[0].preview) : null
  }

  async putPreview(id: string, png: Uint8Array): Promise<void> {
    await this.pool.query('UPDATE materials SET preview = $2 WHERE id = $1', [id, bufferOf(png)])
  }

  async remove(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM materials WHERE id = $1', [id])
    return (rowCount ?? 0) > 0
  }
}

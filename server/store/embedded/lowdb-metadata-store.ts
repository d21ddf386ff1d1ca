/** MetadataStore in one JSON file through lowdb: the embedded default, no database server needed. */
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import type { DocumentMeta } from '../../../shared/schema.js'
import type { MetadataStore } from '../types.js'

/**
 * The JSON file's content. Later collections (users, sessions, threads) become new top-level keys;
 * `schemaVersion` changes only when existing data must be migrated.
 */
interface MetadataFile {
  schemaVersion: 1
  documents: DocumentMeta[]
}

export class LowdbMetadataStore implements MetadataStore {
  private constructor(private readonly db: Low<MetadataFile>) {}

  /** Opens the file, or starts empty when it does not exist yet (it is written on the first change). */
  static async open(file: string): Promise<LowdbMetadataStore> {
    await mkdir(dirname(file), { recursive: true })
    // Not JSONFilePreset: under NODE_ENV=test it silently keeps everything in memory.
    const db = new Low<MetadataFile>(new JSONFile(file), { schemaVersion: 1, documents: [] })
    await db.read()
    if (db.data.schemaVersion !== 1) {
      throw new Error(`${file} has schema version ${String(db.data.schemaVersion)}; this server reads version 1`)
    }
    return new LowdbMetadataStore(db)
  }

  async listDocuments(): Promise<DocumentMeta[]> {
    return this.db.data.documents
      .map((doc) => ({ ...doc }))
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))
  }

  async getDocument(id: string): Promise<DocumentMeta | null> {
    const doc = this.find(id)
    return doc ? { ...doc } : null
  }

  async createDocument(doc: DocumentMeta): Promise<DocumentMeta> {
    if (this.find(doc.id)) throw new Error(`document ${doc.id} already exists`)
    this.db.data.documents.push({ ...doc })
    await this.db.write()
    return { ...doc }
  }

  async updateDocument(
    id: string,
    patch: Partial<Pick<DocumentMeta, 'title' | 'updatedAt'>>,
  ): Promise<DocumentMeta | null> {
    const doc = this.find(id)
    if (!doc) return null
    if (patch.title !== undefined) doc.title = patch.title
    if (patch.updatedAt !== undefined) doc.updatedAt = patch.updatedAt
    await this.db.write()
    return { ...doc }
  }

  async deleteDocument(id: string): Promise<boolean> {
    const documents = this.db.data.documents
    const index = documents.findIndex((doc) => doc.id === id)
    if (index === -1) return false
    documents.splice(index, 1)
    await this.db.write()
    return true
  }

  /** Nothing stays open: every change has already been written when its promise resolved. */
  async close(): Promise<void> {}

  private find(id: string): DocumentMeta | undefined {
    return this.db.data.documents.find((doc) => doc.id === id)
  }
}

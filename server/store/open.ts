/** Chooses and opens the stores for a configuration; the only place that knows which exist. */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Config } from '../config.js'
import { DataDirLock } from './embedded/data-dir-lock.js'
import { FileDocumentStore } from './embedded/file-document-store.js'
import { LowdbMetadataStore } from './embedded/lowdb-metadata-store.js'
import type { DocumentStore, MetadataStore } from './types.js'

export interface Stores {
  metadata: MetadataStore
  content: DocumentStore
  /** Flushes and closes both stores and releases the data directory. */
  close(): Promise<void>
}

export async function openStores(config: Config, log: (line: string) => void): Promise<Stores> {
  mkdirSync(config.dataDir, { recursive: true })
  const lock = DataDirLock.acquire(config.dataDir)
  try {
    const metadata = await LowdbMetadataStore.open(join(config.dataDir, 'metadata.json'))
    const content = new FileDocumentStore({
      dir: join(config.dataDir, 'documents'),
      compactBytes: config.compactBytes,
      fsync: config.fsync,
      log,
    })
    return {
      metadata,
      content,
      async close() {
        await content.close()
        await metadata.close()
        lock.release()
      },
    }
  } catch (error) {
    lock.release()
    throw error
  }
}

/** Chooses and opens the stores for a configuration; the only place that knows which exist. */
import { join } from 'node:path'
import type { Config } from '../config.js'
import { FileDocumentStore } from './embedded/file-document-store.js'
import { LowdbMetadataStore } from './embedded/lowdb-metadata-store.js'
import type { DocumentStore, MetadataStore } from './types.js'

export interface Stores {
  metadata: MetadataStore
  content: DocumentStore
}

export async function openStores(config: Config, log: (line: string) => void): Promise<Stores> {
  const metadata = await LowdbMetadataStore.open(join(config.dataDir, 'metadata.json'))
  const content = new FileDocumentStore({
    dir: join(config.dataDir, 'documents'),
    compactBytes: config.compactBytes,
    fsync: config.fsync,
    log,
  })
  return { metadata, content }
}

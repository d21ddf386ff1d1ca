/** Chooses and opens the stores for a configuration; the only place that knows which exist. */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { isEditable } from '../../shared/workflow.js'
import type { Config } from '../config.js'
import { DataDirLock } from './embedded/data-dir-lock.js'
import { FileDocumentStore } from './embedded/file-document-store.js'
import { FileMaterialStore } from './embedded/file-material-store.js'
import { FileVersionStore } from './embedded/file-version-store.js'
import { LowdbMetadataStore } from './embedded/lowdb-metadata-store.js'
import { scanSearchText } from './embedded/scan-search-text.js'
import type { Stores } from './types.js'

/**
 * Opens the stores. `readOnly` skips the data directory lock, for tools that only read (the audit
 * verifier) while a server runs; they must not write.
 */
export async function openStores(
  config: Config,
  log: (line: string) => void,
  options: { readOnly?: boolean } = {},
): Promise<Stores> {
  if (config.databaseUrl) {
    // pg is loaded only by deployments that use it: the embedded default does not carry it in memory.
    const { openPostgresStores } = await import('./postgres/open-postgres.js')
    return openPostgresStores(config.databaseUrl, log, { compactBytes: config.compactBytes })
  }
  mkdirSync(config.dataDir, { recursive: true })
  const lock = options.readOnly ? { release() {} } : DataDirLock.acquire(config.dataDir)
  try {
    const metadata = await LowdbMetadataStore.open(join(config.dataDir, 'metadata.json'))
    const content = new FileDocumentStore({
      dir: join(config.dataDir, 'documents'),
      compactBytes: config.compactBytes,
      maxOpenLogs: config.maxOpenLogs,
      fsync: config.fsync,
      log,
      acceptsEdits: (docId) => {
        const status = metadata.statusOf(docId)
        return status !== null && isEditable(status)
      },
    })
    const materials = await FileMaterialStore.open(join(config.dataDir, 'materials'))
    return {
      metadata,
      content,
      versions: new FileVersionStore(join(config.dataDir, 'versions')),
      materials,
      searchText: scanSearchText,
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

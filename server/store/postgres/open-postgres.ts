/** Opens the PostgreSQL stores of the scale-out deployment on one connection pool, migrating first. */
import pg from 'pg'
import { migrate } from './migrations.js'
import { PgDocumentStore } from './pg-document-store.js'
import { PgMaterialStore } from './pg-material-store.js'
import { PgMetadataStore } from './pg-metadata-store.js'
import { PgSearchTextStore } from './pg-search-text-store.js'
import { PgVersionStore } from './pg-version-store.js'
import type { Stores } from '../types.js'

export interface PostgresStoreOptions {
  /** Connections per instance. Default 10 (pg's default). */
  poolSize?: number
  /** Compaction thresholds of the document log, see PgDocumentStoreOptions. */
  compactBytes?: number
  compactUpdates?: number
}

/**
 * Connects to `databaseUrl` (a postgres:// URL; `?options=-c search_path=…` selects a schema),
 * applies pending migrations, and returns the stores. Several instances may start at once.
 */
export async function openPostgresStores(
  databaseUrl: string,
  log: (line: string) => void,
  options: PostgresStoreOptions = {},
): Promise<Stores> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10 })
  // An idle connection that breaks (a database restart) emits here; unhandled, it would end the process.
  pool.on('error', (error) => log(`PostgreSQL connection error: ${error.message}`))
  try {
    for (const migration of await migrate(pool)) log(`applied migration ${migration.version}: ${migration.name}`)
  } catch (error) {
    await pool.end()
    throw error
  }
  const metadata = new PgMetadataStore(pool)
  const content = new PgDocumentStore({
    pool,
    compactBytes: options.compactBytes,
    compactUpdates: options.compactUpdates,
    log,
  })
  return {
    metadata,
    content,
    versions: new PgVersionStore(pool),
    materials: new PgMaterialStore(pool),
    searchText: new PgSearchTextStore(pool),
    async check() {
      await pool.query('SELECT 1')
    },
    async close() {
      try {
        await content.close()
        await metadata.close()
      } finally {
        await pool.end()
      }
    },
  }
}

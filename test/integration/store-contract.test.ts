/**
 * One contract, every store: the embedded stores (lowdb + files in a temporary directory) and the
 * PostgreSQL stores (each store in a fresh schema of TEST_DATABASE_URL, dropped afterwards).
 * Without a reachable PostgreSQL its part is skipped with a console line saying so, except under
 * CI, where that is a failure.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { FileDocumentStore } from '../../server/store/embedded/file-document-store.js'
import { FileMaterialStore } from '../../server/store/embedded/file-material-store.js'
import { FileVersionStore } from '../../server/store/embedded/file-version-store.js'
import { LowdbMetadataStore } from '../../server/store/embedded/lowdb-metadata-store.js'
import { migrate, migrations, type Migration } from '../../server/store/postgres/migrations.js'
import { openPostgresStores } from '../../server/store/postgres/open-postgres.js'
import { docFrom } from '../helpers/random-edits.js'
import { databaseUrl, freshSchema, probePostgres, servicesRequired, shown } from '../helpers/services.js'
import { PgDocumentStore } from '../../server/store/postgres/pg-document-store.js'
import { PgMaterialStore } from '../../server/store/postgres/pg-material-store.js'
import { PgMetadataStore } from '../../server/store/postgres/pg-metadata-store.js'
import { PgSearchTextStore } from '../../server/store/postgres/pg-search-text-store.js'
import { scanSearchText } from '../../server/store/embedded/scan-search-text.js'
import { PgVersionStore } from '../../server/store/postgres/pg-version-store.js'
import {
  describeDocumentStoreContract,
  describeMaterialStoreContract,
  describeMetadataStoreContract,
  describeSearchTextStoreContract,
  describeVersionStoreContract,
  type DocumentStoreOptions,
} from '../helpers/store-contract.js'

// ── embedded ──

function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'jianyi-contract-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

describeMetadataStoreContract('lowdb', async () => {
  const { dir, remove } = tempDir()
  const file = join(dir, 'metadata.json')
  return {
    store: await LowdbMetadataStore.open(file),
    reopen: () => LowdbMetadataStore.open(file),
    cleanup: async () => remove(),
  }
})

describeVersionStoreContract('files', async () => {
  const { dir, remove } = tempDir()
  return {
    store: new FileVersionStore(dir),
    reopen: async () => new FileVersionStore(dir),
    cleanup: async () => remove(),
  }
})

describeMaterialStoreContract('files', async () => {
  const { dir, remove } = tempDir()
  return {
    store: await FileMaterialStore.open(dir),
    reopen: () => FileMaterialStore.open(dir),
    cleanup: async () => remove(),
  }
})

describeDocumentStoreContract(
  'files',
  async (options: DocumentStoreOptions = {}) => {
    const { dir, remove } = tempDir()
    const opened: FileDocumentStore[] = []
    const openStore = () => {
      const store = new FileDocumentStore({ dir, compactBytes: options.compactBytes, log: () => {} })
      opened.push(store)
      return store
    }
    const store = openStore()
    return {
      store,
      compact: (docId) => store.compact(docId),
      openAnother: async () => openStore(),
      cleanup: async () => {
        await Promise.all(opened.map((s) => s.close()))
        remove()
      },
    }
  },
  // The data directory is locked to one process: one store appends to it at a time.
  { sharedByInstances: false },
)

describeSearchTextStoreContract(
  'embedded (no index)',
  async () => {
    const { dir, remove } = tempDir()
    const metadata = await LowdbMetadataStore.open(join(dir, 'metadata.json'))
    const content = new FileDocumentStore({ dir: join(dir, 'documents'), log: () => {} })
    return {
      store: scanSearchText,
      metadata,
      content,
      compact: async () => {},
      cleanup: async () => {
        await content.close()
        await metadata.close()
        remove()
      },
    }
  },
  { indexed: false },
)

// ── PostgreSQL ──

const unreachable = await probePostgres()
const required = servicesRequired
const pgAvailable = unreachable === null
if (!pgAvailable) {
  console.warn(
    `PostgreSQL at ${shown(databaseUrl)} unreachable (${unreachable}): store contract tests for PostgreSQL did not run` +
      (required ? ' — CI is set, so this fails the run' : ' (set TEST_DATABASE_URL to point at one)'),
  )
}

/** Pools on a migrated schema; `cleanup` ends them (and, for a schema of its own, drops it). */
interface MigratedSchema {
  pool(): pg.Pool
  cleanup(): Promise<void>
}

function poolsOn(url: string, release: () => Promise<void>): MigratedSchema {
  const pools: pg.Pool[] = []
  return {
    pool() {
      const created = new pg.Pool({ connectionString: url, max: 4 })
      pools.push(created)
      return created
    },
    async cleanup() {
      await Promise.all(pools.splice(0).map((p) => p.end()))
      await release()
    },
  }
}

async function migratedSchema(): Promise<MigratedSchema> {
  const fresh = await freshSchema()
  const pool = new pg.Pool({ connectionString: fresh.url, max: 1 })
  await migrate(pool).finally(() => pool.end())
  return poolsOn(fresh.url, () => fresh.drop())
}

/**
 * One fresh, migrated schema for a whole contract suite, emptied before each test: migrating a
 * schema per test would take most of the suite's time. Dropped after the suite.
 */
function suiteSchema() {
  let ready: Promise<{ url: string; tables: string[]; drop(): Promise<void> }> | null = null
  afterAll(async () => {
    if (ready) await (await ready).drop()
  })
  return async (): Promise<MigratedSchema> => {
    ready ??= (async () => {
      const fresh = await freshSchema()
      const pool = new pg.Pool({ connectionString: fresh.url, max: 1 })
      try {
        await migrate(pool)
        const { rows } = await pool.query<{ tablename: string }>(
          `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'schema_migrations'`,
          [fresh.schema],
        )
        return { url: fresh.url, tables: rows.map((r) => r.tablename), drop: () => fresh.drop() }
      } finally {
        await pool.end()
      }
    })()
    const { url, tables } = await ready
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await client.query(tables.map((table) => `DELETE FROM ${table};`).join('\n'))
    } finally {
      await client.end()
    }
    return poolsOn(url, async () => {})
  }
}

if (pgAvailable || !required) {
  describe.skipIf(!pgAvailable)('PostgreSQL', () => {
    const metadataSchema = suiteSchema()
    describeMetadataStoreContract('PostgreSQL', async () => {
      const schema = await metadataSchema()
      return {
        store: new PgMetadataStore(schema.pool()),
        reopen: async () => new PgMetadataStore(schema.pool()),
        cleanup: () => schema.cleanup(),
      }
    })

    const versionSchema = suiteSchema()
    describeVersionStoreContract('PostgreSQL', async () => {
      const schema = await versionSchema()
      return {
        store: new PgVersionStore(schema.pool()),
        reopen: async () => new PgVersionStore(schema.pool()),
        cleanup: () => schema.cleanup(),
      }
    })

    const materialSchema = suiteSchema()
    describeMaterialStoreContract('PostgreSQL', async () => {
      const schema = await materialSchema()
      return {
        store: new PgMaterialStore(schema.pool()),
        reopen: async () => new PgMaterialStore(schema.pool()),
        cleanup: () => schema.cleanup(),
      }
    })

    const contentSchema = suiteSchema()
    describeDocumentStoreContract(
      'PostgreSQL',
      async (options: DocumentStoreOptions = {}) => {
        const schema = await contentSchema()
        const opened: PgDocumentStore[] = []
        const openStore = () => {
          const store = new PgDocumentStore({ pool: schema.pool(), compactBytes: options.compactBytes, log: () => {} })
          opened.push(store)
          return store
        }
        const store = openStore()
        return {
          store,
          compact: (docId) => store.compact(docId),
          openAnother: async () => openStore(),
          cleanup: async () => {
            await Promise.all(opened.map((s) => s.close()))
            await schema.cleanup()
          },
        }
      },
      { sharedByInstances: true },
    )

    const searchSchema = suiteSchema()
    describeSearchTextStoreContract(
      'PostgreSQL',
      async () => {
        const schema = await searchSchema()
        const pool = schema.pool()
        const content = new PgDocumentStore({ pool, log: () => {} })
        return {
          store: new PgSearchTextStore(pool),
          metadata: new PgMetadataStore(pool),
          content,
          compact: (docId) => content.compact(docId),
          cleanup: async () => {
            await content.close()
            await schema.cleanup()
          },
        }
      },
      { indexed: true },
    )

    describe('migrations', () => {
      it('applies every migration once, in order, and nothing on a second run', async () => {
        const fresh = await freshSchema()
        const pool = new pg.Pool({ connectionString: fresh.url })
        try {
          const applied = await migrate(pool)
          expect(applied).toEqual(migrations.map(({ version, name }) => ({ version, name })))
          expect(applied.map((m) => m.version)).toEqual([...applied.map((m) => m.version)].sort((a, b) => a - b))
          expect(await migrate(pool)).toEqual([])
          const { rows } = await pool.query('SELECT version FROM schema_migrations ORDER BY version')
          expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version))
        } finally {
          await pool.end()
          await fresh.drop()
        }
      })

      it('applies each migration exactly once when several instances start at the same moment', async () => {
        const fresh = await freshSchema()
        const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: fresh.url, max: 1 }))
        try {
          const results = await Promise.all(pools.map((pool) => migrate(pool)))

          expect(results.flat().map((m) => m.version)).toEqual(migrations.map((m) => m.version))
          expect(results.filter((r) => r.length > 0)).toHaveLength(1)
        } finally {
          await Promise.all(pools.map((p) => p.end()))
          await fresh.drop()
        }
      })

      it('applies only the new migrations to a database migrated by an older release', async () => {
        const fresh = await freshSchema()
        const pool = new pg.Pool({ connectionString: fresh.url })
        try {
          await migrate(pool, { migrations: migrations.slice(0, 1) })
          const next: Migration = {
            version: migrations.length + 1,
            name: 'a later issue',
            sql: 'CREATE TABLE later (id text PRIMARY KEY)',
          }

          const applied = await migrate(pool, { migrations: [...migrations, next] })

          expect(applied.map((m) => m.version)).toEqual([...migrations.slice(1), next].map((m) => m.version))
          await pool.query('SELECT id FROM later')
        } finally {
          await pool.end()
          await fresh.drop()
        }
      })

      it('refuses a database newer than the code, and rolls a failing migration back whole', async () => {
        const fresh = await freshSchema()
        const pool = new pg.Pool({ connectionString: fresh.url })
        try {
          await migrate(pool)
          await expect(migrate(pool, { migrations: migrations.slice(0, 1) })).rejects.toThrow(
            /schema version \d+.*Upgrade the server/,
          )

          const broken: Migration[] = [
            ...migrations,
            { version: 100, name: 'good', sql: 'CREATE TABLE good (id text)' },
            { version: 101, name: 'bad', sql: 'CREATE TABLE bad (id nosuchtype)' },
          ]
          await expect(migrate(pool, { migrations: broken })).rejects.toThrow(/nosuchtype/)
          const { rows } = await pool.query(
            `SELECT to_regclass('good') AS good, max(version) AS newest FROM schema_migrations`,
          )
          expect(rows[0]).toEqual({ good: null, newest: migrations[migrations.length - 1].version })

          await expect(migrate(pool, { migrations: [migrations[1], migrations[0]] })).rejects.toThrow(/must increase/)
        } finally {
          await pool.end()
          await fresh.drop()
        }
      })

      it('migrates from the command line and prints what it applied', async () => {
        const fresh = await freshSchema()
        try {
          const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli/migrate.ts'], {
            env: { ...process.env, DATABASE_URL: fresh.url },
          })

          expect(stdout).toContain(`applied 1: ${migrations[0].name}`)
          expect(stdout).toContain(`now at version ${migrations[migrations.length - 1].version}`)
          const pool = new pg.Pool({ connectionString: fresh.url })
          expect(await migrate(pool).finally(() => pool.end())).toEqual([])
        } finally {
          await fresh.drop()
        }
      })
    })

    describe('PostgreSQL stores shared by several instances', () => {
      const update = (text: string) => {
        const ydoc = new Y.Doc()
        ydoc.getText('text').insert(0, text)
        return Y.encodeStateAsUpdate(ydoc)
      }
      const clientOf = (update: Uint8Array) => [...Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)).keys()][0]
      const clientsIn = (updates: Uint8Array[]) =>
        [...Y.decodeStateVector(Y.encodeStateVectorFromUpdate(Y.mergeUpdates(updates))).keys()].sort((a, b) => a - b)

      it('loads the first n updates appended, never one with a gap, while another instance appends and compacts', async () => {
        const schema = await migratedSchema()
        const writer = new PgDocumentStore({ pool: schema.pool(), compactBytes: 400 })
        const reader = new PgDocumentStore({ pool: schema.pool() })
        try {
          // Each update comes from its own Y.Doc, so its client id tells which updates a load holds.
          const written = Array.from({ length: 60 }, (_, i) => update(`w${i} `))
          const clients = written.map(clientOf)
          const firstClients = (n: number) => clients.slice(0, n).sort((a, b) => a - b)
          const writing = (async () => {
            for (const u of written) await writer.append('doc', [u])
          })()
          while (true) {
            const done = await Promise.race([
              writing.then(() => true),
              new Promise<false>((r) => setTimeout(() => r(false), 5)),
            ])
            const loaded = clientsIn(await reader.load('doc'))
            expect(loaded).toEqual(firstClients(loaded.length))
            if (done) break
          }
          await writer.flush()
          const all = await reader.load('doc')
          expect(clientsIn(all)).toEqual(firstClients(written.length))
          expect(docFrom(all).getText('text').length).toBe(
            written.reduce((sum, u) => sum + docFrom([u]).getText('text').length, 0),
          )
        } finally {
          await writer.close()
          await reader.close()
          await schema.cleanup()
        }
      })

      it('opens both stores on one pool, migrated, and closes them with the pool', async () => {
        const fresh = await freshSchema()
        const lines: string[] = []
        try {
          const stores = await openPostgresStores(fresh.url, (line) => lines.push(line))
          expect(lines).toEqual(migrations.map((m) => `applied migration ${m.version}: ${m.name}`))
          await stores.metadata.createUser({
            id: 'user000000000001',
            username: 'lin',
            displayName: 'Lin',
            role: 'admin',
            active: true,
            createdAt: '2025-01-01T00:00:00.000Z',
            passwordHash: 'x',
          })
          await stores.content.append('doc', [update('hello')])
          await stores.close()

          const again = await openPostgresStores(fresh.url, (line) => lines.push(line))
          expect(lines).toHaveLength(migrations.length)
          expect(await again.metadata.countUsers()).toBe(1)
          expect(
            docFrom(await again.content.load('doc'))
              .getText('text')
              .toString(),
          ).toBe('hello')
          await again.close()
        } finally {
          await fresh.drop()
        }
      })
    })
  })
} else {
  describe('PostgreSQL', () => {
    it('is reachable, as CI requires', () => {
      throw new Error(
        `PostgreSQL at ${shown(databaseUrl)} unreachable (${unreachable}); CI is set, so the PostgreSQL store contract must run`,
      )
    })
  })
}

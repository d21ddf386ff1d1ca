/**
 * The PostgreSQL and Redis servers the scale-out tests run against (127.0.0.1 by default; override
 * with TEST_DATABASE_URL and TEST_REDIS_URL — never DATABASE_URL, so a test cannot touch a real
 * database). Without them those tests are skipped with a console line saying which and why, except
 * under CI, where a missing server fails the run.
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import pg from 'pg'

export const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** CI must run every test: there an unreachable server is a failure, not a skip. */
export const servicesRequired = Boolean(process.env.CI) && !['0', 'false'].includes(process.env.CI!.toLowerCase())

/** The URL without its password, fit for a log line. */
export function shown(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparsable URL)'
  }
}

/** Null when PostgreSQL answers, otherwise why not. */
export async function probePostgres(url = databaseUrl): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return null
  } catch (error) {
    return error instanceof Error ? error.message || error.constructor.name : String(error)
  } finally {
    await client.end().catch(() => {})
  }
}

/** Null when Redis answers, otherwise why not. */
export async function probeRedis(url = redisUrl): Promise<string | null> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.ping()
    return null
  } catch (error) {
    return error instanceof Error ? error.message || error.constructor.name : String(error)
  } finally {
    client.disconnect()
  }
}

/** A fresh schema: its URL selects it for every connection, `drop` removes it with everything in it. */
export async function freshSchema(): Promise<{ schema: string; url: string; drop(): Promise<void> }> {
  const schema = `jianyi_test_${randomBytes(6).toString('hex')}`
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }
  await run(`CREATE SCHEMA ${schema}`)
  const url = new URL(databaseUrl)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return { schema, url: url.toString(), drop: () => run(`DROP SCHEMA ${schema} CASCADE`) }
}

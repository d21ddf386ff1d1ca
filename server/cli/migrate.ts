/**
 * `npm run migrate`: applies the pending PostgreSQL schema migrations to DATABASE_URL and prints
 * them. Servers also migrate when they start; this is for doing it ahead of a rollout.
 */
import pg from 'pg'
import { migrate, migrations } from '../store/postgres/migrations.js'

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set (e.g. postgres://user@host:5432/jianyi)')
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  try {
    const applied = await migrate(pool)
    for (const migration of applied) console.log(`applied ${migration.version}: ${migration.name}`)
    const latest = migrations[migrations.length - 1]
    console.log(
      applied.length === 0
        ? `nothing to apply: the database is at version ${latest.version}`
        : `the database is now at version ${latest.version}`,
    )
  } finally {
    await pool.end()
  }
}

main().catch((error: Error) => {
  console.error(error.message)
  process.exitCode = 1
})

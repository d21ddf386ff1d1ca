/**
 * `npm run bench -- --instances 2`: our server as two instances sharing PostgreSQL (a fresh schema)
 * and Redis, against one instance on the same configuration, in one run. Three processes: A and B
 * are the two-instance deployment (the load is dealt out half and half), C alone is the one-instance
 * deployment; A seeds the demo data (`--demo`) that B and C find in the database.
 */
import { databaseUrl, freshSchema, probePostgres, probeRedis, redisUrl, shown } from '../helpers/services.js'
import { api, signIn } from './api.js'
import type { Cleanup } from './cleanup.js'
import { startOurInstance, type BenchTarget, type OurInstance, type TargetOptions } from './targets.js'

/** Command names of the shared services' processes, whose CPU the report shows apart from the instances'. */
const servicePrograms = ['postgres', 'redis-server']

const demoPassword = 'jianyi-demo'

/**
 * Starts the three instances and returns the targets `one` (the baseline) and `two`. Everything
 * it creates — processes, their DATA_DIRs, the schema — is registered with `cleanup`.
 */
export async function startScaleOutTargets(options: TargetOptions, cleanup: Cleanup): Promise<BenchTarget[]> {
  const unreachable = [
    await probePostgres().then((why) => (why ? `PostgreSQL at ${shown(databaseUrl)} (${why})` : null)),
    await probeRedis().then((why) => (why ? `Redis at ${shown(redisUrl)} (${why})` : null)),
  ].filter((m): m is string => m !== null)
  if (unreachable.length > 0) {
    throw new Error(
      `--instances 2 needs PostgreSQL and Redis (TEST_DATABASE_URL, TEST_REDIS_URL); unreachable: ${unreachable.join(' and ')}`,
    )
  }
  const schema = await freshSchema()
  cleanup.add(`dropping schema ${schema.schema}`, () => schema.drop())
  console.log(`PostgreSQL schema ${schema.schema} at ${shown(databaseUrl)}, Redis at ${shown(redisUrl)}`)

  const env = { DATABASE_URL: schema.url, REDIS_URL: redisUrl }
  const start = async (profileName: string, args: string[] = []) => {
    const instance = await startOurInstance({ ...options, env, args, profileName })
    cleanup.add(`stopping instance ${profileName} (pid ${instance.pid})`, () => instance.stop())
    return instance
  }
  // A seeds the empty schema; B and C must start after it, or they would each create a first administrator.
  const a = await start('two-a', ['--demo'])
  const [b, c] = await Promise.all([start('two-b'), start('one')])

  // Sessions live in PostgreSQL, so one sign-in serves every instance.
  const cookie = await signIn(a.server, 'zuzhang', demoPassword)
  const { body } = await api<{ documents: { groupId: string }[] }>(
    a.server,
    'GET',
    '/documents',
    undefined,
    200,
    cookie,
  )
  const groupId = body.documents[0]?.groupId
  if (!groupId) throw new Error('the demo data has no group')

  const target = (name: 'one' | 'two', label: string, instances: OurInstance[]): BenchTarget => {
    let rooms = 0
    const createRoom = async () => {
      const title = `bench ${name} ${++rooms}`
      const doc = await api<{ id: string }>(instances[0].server, 'POST', '/documents', { title, groupId }, 201, cookie)
      return { room: doc.body.id, headers: { cookie } }
    }
    return {
      name,
      label,
      pids: instances.map((i) => i.pid),
      providerUrls: instances.map((i) => `${i.server.wsUrl}/collab`),
      servicePrograms,
      createRoom,
      async createRooms(count) {
        const created = []
        for (let i = 0; i < count; i++) created.push(await createRoom())
        return created
      },
      output: () => instances.map((i) => `--- pid ${i.pid}\n${i.server.output()}`).join('\n'),
      running: () => instances.every((i) => i.running()),
      stop: async () => {
        await Promise.all(instances.map((i) => i.stop()))
      },
    }
  }
  return [
    target('one', 'one instance (PostgreSQL + Redis)', [c]),
    target('two', 'two instances (PostgreSQL + Redis), clients half on each', [a, b]),
  ]
}

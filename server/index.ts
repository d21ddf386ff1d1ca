/** Composition root: reads the configuration, opens the stores, serves HTTP and websockets on one port. */
import { serve } from '@hono/node-server'
import { resolve } from 'node:path'
import { createApp } from './app.js'
import { loadAuditKey } from './auth/audit-key.js'
import { LoginLimiter } from './auth/login-limiter.js'
import { clientOutDir } from './builds.js'
import type { ControlMessage } from './collab/fanout.js'
import { Rooms } from './collab/rooms.js'
import { readConfig, type Config } from './config.js'
import { anchorExistingChains } from './domain/audit.js'
import type { Deps } from './domain/deps.js'
import { acceptsEdits } from './domain/documents.js'
import { defaultHeavyWorkLimits, HeavyWork } from './domain/heavy-work.js'
import { Health } from './domain/health.js'
import { SearchRefresh } from './domain/search-refresh.js'
import { recheckOpenSockets } from './domain/sessions.js'
import { ensureFirstAdmin } from './domain/users.js'
import { openStores } from './store/open.js'

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`)

let config: Config
try {
  config = readConfig()
} catch (error) {
  // A setting that is wrong is the operator's to fix: one line naming it, not a stack trace.
  console.error(`建议未能启动 / Jianyi did not start: ${(error as Error).message}`)
  process.exit(1)
}
const debug = config.logLevel === 'debug' ? (line: string) => log(`debug: ${line}`) : undefined
const stores = await openStores(config, log)
const health = new Health()
// ioredis is loaded only by deployments that use it.
const fanout = config.redisUrl
  ? new (await import('./store/redis/redis-fanout.js')).RedisFanOut<ControlMessage>(config.redisUrl, log)
  : null
if (fanout) health.addProbe(() => fanout.problem())
// The search text index is refreshed in the background after content is stored (search-refresh.ts).
const searchRefresh = new SearchRefresh()
const content = searchRefresh.watch(stores.content)
const rooms = new Rooms(
  { store: content, fanout, health, log, debug, acceptsEdits: acceptsEdits(stores.metadata) },
  config.socketLimits,
)
const deps: Deps = {
  metadata: stores.metadata,
  content,
  versions: stores.versions,
  materials: stores.materials,
  searchText: stores.searchText,
  sockets: rooms,
  heavy: new HeavyWork(
    { ...config.exportLimits, workers: config.exportLimits.workers ?? defaultHeavyWorkLimits.workers },
    log,
  ),
  limiter: new LoginLimiter(config.loginLimits),
  sessions: { idleMs: config.sessionIdleMs, absoluteMs: config.sessionMaxMs },
  limits: config.storedDataLimits,
  timeZone: config.timeZone,
  followUpDays: config.followUpDays,
  auditKey: await loadAuditKey(config.auditKeyFile, { create: true }),
  log,
}
searchRefresh.start(deps)
const anchored = await anchorExistingChains(deps)
if (anchored > 0) log(`audit: signed the anchors of ${anchored} chain(s) written before anchors existed`)

if (process.argv.includes('--demo')) {
  // Loaded only here: the demo's materials are built with the DOCX and PDF exporters, which a
  // server at rest otherwise never loads (they run in the heavy-work workers).
  const { demoPassword, seedDemo } = await import('./domain/demo.js')
  await seedDemo(deps)
  console.log(
    `Demo data seeded: log in as admin, zuzhang, chengyuan1, chengyuan2, zhuxi, mishu or zhengqiu with the password "${demoPassword}". Never use --demo in production.`,
  )
} else {
  const password = await ensureFirstAdmin(deps)
  if (password) {
    console.log(`No user existed, so an administrator was created. Username: admin  Password: ${password}`)
    console.log('This password is shown once; change it after logging in.')
  }
}

const { app, injectWebSocket, wss } = createApp({
  ...deps,
  rooms,
  health,
  allowedOrigins: config.allowedOrigins,
  socketLimits: config.socketLimits,
  bodyLimits: config.bodyLimits,
  trustedProxies: config.trustedProxies,
  clientDir: config.clientDir ?? resolve(clientOutDir),
})
// `ws` closes a socket whose frame exceeds this with 1009, before any of it is buffered whole.
wss.options.maxPayload = config.maxMessageBytes

// A database that went away is reported by /api/health before any write fails on it.
if (stores.check) {
  const check = stores.check
  let down = false
  const probe = setInterval(() => {
    check().then(
      () => {
        if (down) log('database: reachable again')
        down = false
        health.clear('database')
      },
      (error: Error) => {
        if (!down) log(`database: unreachable (${error.message}); updates are kept in memory and retried`)
        down = true
        health.report('database', `database unreachable: ${error.message}`)
      },
    )
  }, 2000)
  probe.unref()
}

// Sessions expire and invitations run out while sockets stay open: re-check them once a minute.
const recheck = setInterval(() => {
  recheckOpenSockets(deps).catch((error: Error) => log(`rechecking open sockets failed: ${error.message}`))
}, 60_000)
recheck.unref()

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  console.log(
    `Jianyi listening on http://${config.host}:${info.port} (data in ${config.dataDir}, times in ${config.timeZone})`,
  )
})
injectWebSocket(server)

let stopping = false
async function shutdown(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  log(`${signal}: stopping`)
  // Stop accepting first, so no socket joins a room while the rooms are stored.
  server.close()
  await rooms.closeAll()
  await searchRefresh.close()
  await fanout?.close()
  await stores.close()
  await deps.heavy.close()
  for (const socket of wss.clients) socket.terminate()
  log('stopped cleanly')
  process.exit(0)
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    shutdown(signal).catch((error: Error) => {
      log(`shutdown failed: ${error.stack}`)
      process.exit(1)
    })
  })
}

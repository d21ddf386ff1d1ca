/**
 * The servers a bench run compares. Each target is one deployment the bench can measure: where to
 * connect, which room to load, which pids to charge CPU to, and how to stop it. A deployment is one
 * server process, or several instances sharing PostgreSQL and Redis (scale-out-targets.ts).
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ensureServerBuilt, serverOutDir } from '../../server/builds.js'
import { capturedOutput, listeningPort, repoRoot, tempDataDir, type RunningServer } from '../helpers/server.js'
import { api, signIn } from './api.js'
import { assertNodeProcessRunning } from './cpu-time.js'

/** ours / reference: one process each; two / one: our server scaled out over two instances, or one, on PostgreSQL + Redis. */
export type TargetName = 'ours' | 'reference' | 'two' | 'one'

export interface BenchRoom {
  room: string
  /** Sent with every websocket upgrade (our server wants a session cookie). */
  headers: Record<string, string>
}

export interface BenchTarget {
  name: TargetName
  /** Human-readable description for the report. */
  label: string
  /** The server processes themselves (those whose CPU is measured, summed). */
  pids: number[]
  /**
   * First argument of WebsocketProvider (the provider appends `/<room>`), one per instance: the
   * clients are dealt out over them in turn.
   */
  providerUrls: string[]
  /** Command names of shared services (PostgreSQL, Redis) whose CPU is reported apart; none for a self-contained server. */
  servicePrograms?: string[]
  /** Creates a fresh document on the server: the room name for it, and the headers its sockets need. */
  createRoom(): Promise<BenchRoom>
  /** Creates `count` fresh documents at once (for ours: one member, one group). */
  createRooms(count: number): Promise<BenchRoom[]>
  /** Everything the server printed so far, for diagnosing a failed run. */
  output(): string
  /** False once the process has exited (a crash during the load). */
  running(): boolean
  /** Stops the process and removes whatever it left on disk; safe to call twice. */
  stop(): Promise<void>
}

const benchDir = import.meta.dirname

/** Waits for a graceful exit, and kills the process if it takes more than 10 s. */
async function stopWithin(exit: Promise<unknown>, kill: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), 10_000)))
  const outcome = await Promise.race([exit, late])
  clearTimeout(timer)
  if (outcome === 'late') await kill()
}

/**
 * Sets our server up as an administrator would on a fresh install: the first administrator
 * (password printed at first start) creates a member, a group with that member as convener,
 * and the member creates the drafts the clients will edit.
 */
async function createOurRooms(server: RunningServer, count: number): Promise<BenchRoom[]> {
  const adminPassword = /Username: admin\s+Password: (\S+)/.exec(server.output())?.[1]
  if (!adminPassword) throw new Error(`our server printed no first-run admin password:\n${server.output()}`)
  const admin = await signIn(server, 'admin', adminPassword)
  const suffix = randomBytes(4).toString('hex')
  const username = `bench-${suffix}`
  const password = randomBytes(18).toString('base64url')
  const user = await api<{ id: string }>(
    server,
    'POST',
    '/users',
    { username, displayName: 'Bench', role: 'member', password },
    201,
    admin,
  )
  const group = await api<{ id: string }>(server, 'POST', '/groups', { name: `bench ${suffix}` }, 201, admin)
  await api(
    server,
    'PATCH',
    `/groups/${group.body.id}`,
    { members: [{ userId: user.body.id, convener: true }] },
    200,
    admin,
  )
  const member = await signIn(server, username, password)
  const rooms: BenchRoom[] = []
  for (let i = 0; i < count; i++) {
    const doc = await api<{ id: string }>(
      server,
      'POST',
      '/documents',
      { title: `bench ${i + 1}`, groupId: group.body.id },
      201,
      member,
    )
    rooms.push({ room: doc.body.id, headers: { cookie: member } })
  }
  return rooms
}

export interface TargetOptions {
  /** Write a V8 CPU profile of the server process into this directory when it stops. */
  profileDir?: string
  /** Extra environment of our server (DATABASE_URL, REDIS_URL, a limit …); the reference has no settings. */
  env?: Record<string, string>
}

/** Environment that makes a node process profile itself (cpu-profiler.mjs; the profile is written at exit). */
function profileEnv(options: TargetOptions, name: string): Record<string, string> {
  if (!options.profileDir) return {}
  const inherited = process.env.NODE_OPTIONS ? `${process.env.NODE_OPTIONS} ` : ''
  return {
    NODE_OPTIONS: `${inherited}--import=${pathToFileURL(resolve(benchDir, 'cpu-profiler.mjs')).href}`,
    BENCH_PROFILE_DIR: resolve(options.profileDir),
    BENCH_PROFILE_NAME: name,
  }
}

/** One process of our server, on a temporary DATA_DIR that `stop` removes. */
export interface OurInstance {
  server: RunningServer
  pid: number
  /** False once the process has exited. */
  running(): boolean
  /** SIGTERM (SIGKILL after 10 s), then removes the DATA_DIR; safe to call twice. */
  stop(): Promise<void>
}

export interface InstanceOptions extends TargetOptions {
  /** Arguments (--demo). */
  args?: string[]
  /** Names its CPU profile. */
  profileName?: string
}

/**
 * Starts one process of our server as `npm start` does — the built JavaScript, dist/server/server/index.js
 * (built first when stale), with plain node — on port 0, and kills it when it fails to start, so that
 * no server outlives a failed run.
 */
export async function startOurInstance(options: InstanceOptions = {}): Promise<OurInstance> {
  await ensureServerBuilt()
  const data = tempDataDir()
  const child = spawn(process.execPath, [join(serverOutDir, 'server', 'index.js'), ...(options.args ?? [])], {
    cwd: repoRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: data.dir,
      // Every client of a load is one user on one document: the production caps would refuse most.
      MAX_SOCKETS_PER_USER: '100000',
      MAX_SOCKETS_PER_DOCUMENT: '100000',
      ...options.env,
      ...profileEnv(options, options.profileName ?? 'ours'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output = capturedOutput(child)
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)))
  const running = () => child.exitCode === null && child.signalCode === null
  const kill = async (signal: NodeJS.Signals) => {
    if (running()) child.kill(signal)
    return exited
  }
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    try {
      await stopWithin(kill('SIGTERM'), () => kill('SIGKILL'))
    } finally {
      data.remove()
    }
  }
  try {
    const port = await listeningPort(child, output, /listening on http:\/\/[^:]+:(\d+)/, 'our server', 60_000)
    assertNodeProcessRunning(child.pid!, 'server/index.js')
    const server: RunningServer = {
      url: `http://127.0.0.1:${port}`,
      wsUrl: `ws://127.0.0.1:${port}`,
      port,
      dataDir: data.dir,
      process: child,
      output,
      kill: (signal = 'SIGTERM') => kill(signal),
    }
    return { server, pid: child.pid!, running, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** Our server, started as in production: persisting its update log to a temporary DATA_DIR. */
async function startOurServer(options: TargetOptions = {}): Promise<BenchTarget> {
  const instance = await startOurInstance(options)
  const { server } = instance
  return {
    name: 'ours',
    label: 'Jianyi (persisting)',
    pids: [instance.pid],
    providerUrls: [`${server.wsUrl}/collab`],
    createRoom: async () => (await createOurRooms(server, 1))[0],
    createRooms: (count) => createOurRooms(server, count),
    output: () => server.output(),
    running: () => instance.running(),
    stop: () => instance.stop(),
  }
}

/** The official in-memory y-websocket server, in a child process run the same way as ours: plain node, no TypeScript loader. */
async function startReferenceServer(options: TargetOptions = {}): Promise<BenchTarget> {
  const script = resolve(benchDir, 'reference-server.mjs')
  const child = spawn(process.execPath, [script], {
    cwd: resolve(benchDir, '../..'),
    env: { ...process.env, ...profileEnv(options, 'reference') },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output = capturedOutput(child)
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()))
  const port = await listeningPort(child, output, /listening on ws:\/\/[^:]+:(\d+)/, 'reference server', 30_000)
  const pid = child.pid!
  let rooms = 0
  const target: BenchTarget = {
    name: 'reference',
    label: '@y/websocket-server 0.1.1 (in-memory)',
    pids: [pid],
    providerUrls: [`ws://127.0.0.1:${port}`],
    // The reference keeps any room it is asked for; a new name is a new document.
    createRoom: async () => ({ room: `bench-${process.pid}-${++rooms}`, headers: {} }),
    createRooms: async (count) =>
      Array.from({ length: count }, () => ({ room: `bench-${process.pid}-${++rooms}`, headers: {} })),
    output,
    running: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await stopWithin(exited, async () => {
        child.kill('SIGKILL')
        await exited
      })
    },
  }
  try {
    assertNodeProcessRunning(pid, 'reference-server.mjs')
  } catch (error) {
    await target.stop()
    throw error
  }
  return target
}

/** Starts the named single-process target. */
export function startTarget(name: 'ours' | 'reference', options: TargetOptions = {}): Promise<BenchTarget> {
  return name === 'ours' ? startOurServer(options) : startReferenceServer(options)
}

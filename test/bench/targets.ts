/**
 * The servers a bench run compares. Each target is one server process the bench can measure:
 * where to connect, which room to load, which pid to charge CPU to, and how to stop it.
 * A later scale-out mode (two of our instances behind Redis) becomes one more target kind here.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { startServer, tempDataDir, type RunningServer } from '../helpers/server.js'
import { assertNodeProcessRunning } from './cpu-time.js'

export type TargetName = 'ours' | 'reference'

export interface BenchRoom {
  room: string
  /** Sent with every websocket upgrade (our server wants a session cookie). */
  headers: Record<string, string>
}

export interface BenchTarget {
  name: TargetName
  /** Human-readable description for the report. */
  label: string
  /** The server process itself (the one whose CPU is measured). */
  pid: number
  /** First argument of WebsocketProvider: the provider appends `/<room>`. */
  providerUrl: string
  /** Creates a fresh document on the server: the room name for it, and the headers its sockets need. */
  createRoom(): Promise<BenchRoom>
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

/** One JSON request to our API; throws unless the status is the expected one. */
async function api<T>(
  server: RunningServer,
  method: string,
  path: string,
  body: unknown,
  expected: number,
  cookie?: string,
): Promise<{ body: T; cookie?: string }> {
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  if (response.status !== expected) throw new Error(`${method} /api${path} answered ${response.status}: ${text}`)
  const setCookie = /jianyi_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0]
  return { body: JSON.parse(text) as T, cookie: setCookie }
}

async function signIn(server: RunningServer, username: string, password: string): Promise<string> {
  const { cookie } = await api(server, 'POST', '/auth/login', { username, password }, 200)
  if (!cookie) throw new Error(`signing in as ${username} set no session cookie`)
  return cookie
}

/**
 * Sets our server up as an administrator would on a fresh install: the first administrator
 * (password printed at first start) creates a member, a group with that member as convener,
 * and the member creates the draft the clients will edit.
 */
async function createOurRoom(server: RunningServer): Promise<BenchRoom> {
  const adminPassword = /Username: admin\s+Password: (\S+)/.exec(server.output())?.[1]
  if (!adminPassword) throw new Error(`our server printed no first-run admin password:\n${server.output()}`)
  const admin = await signIn(server, 'admin', adminPassword)
  const suffix = randomBytes(4).toString('hex')
  const username = `bench-${suffix}`
  const password = randomBytes(18).toString('base64url')
  const user = await api<{ id: string }>(server, 'POST', '/users', { username, displayName: 'Bench', role: 'member', password }, 201, admin)
  const group = await api<{ id: string }>(server, 'POST', '/groups', { name: `bench ${suffix}` }, 201, admin)
  await api(server, 'PATCH', `/groups/${group.body.id}`, { members: [{ userId: user.body.id, convener: true }] }, 200, admin)
  const member = await signIn(server, username, password)
  const doc = await api<{ id: string }>(server, 'POST', '/documents', { title: 'bench', groupId: group.body.id }, 201, member)
  return { room: doc.body.id, headers: { cookie: member } }
}

export interface TargetOptions {
  /** Write a V8 CPU profile of the server process into this directory when it stops. */
  profileDir?: string
}

/** Environment that makes a node process profile itself (cpu-profiler.mjs; the profile is written at exit). */
function profileEnv(options: TargetOptions, name: TargetName): Record<string, string> {
  if (!options.profileDir) return {}
  const inherited = process.env.NODE_OPTIONS ? `${process.env.NODE_OPTIONS} ` : ''
  return {
    NODE_OPTIONS: `${inherited}--import=${pathToFileURL(resolve(benchDir, 'cpu-profiler.mjs')).href}`,
    BENCH_PROFILE_DIR: resolve(options.profileDir),
    BENCH_PROFILE_NAME: name,
  }
}

/** Our server, started as in production: persisting its update log to a temporary DATA_DIR. */
export async function startOurServer(options: TargetOptions = {}): Promise<BenchTarget> {
  const data = tempDataDir()
  let server: RunningServer
  try {
    server = await startServer({ dataDir: data.dir, env: profileEnv(options, 'ours') })
  } catch (error) {
    data.remove()
    throw error
  }
  const pid = server.process.pid!
  let stopped = false
  const target: BenchTarget = {
    name: 'ours',
    label: 'Jianyi (persisting)',
    pid,
    providerUrl: `${server.wsUrl}/collab`,
    createRoom: () => createOurRoom(server),
    output: () => server.output(),
    running: () => server.process.exitCode === null && server.process.signalCode === null,
    async stop() {
      if (stopped) return
      stopped = true
      try {
        await stopWithin(server.kill('SIGTERM'), () => server.kill('SIGKILL'))
      } finally {
        data.remove()
      }
    },
  }
  try {
    assertNodeProcessRunning(pid, 'server/index.ts')
  } catch (error) {
    await target.stop()
    throw error
  }
  return target
}

/** The official in-memory y-websocket server, in a child process run the same way as ours. */
export async function startReferenceServer(options: TargetOptions = {}): Promise<BenchTarget> {
  const script = resolve(benchDir, 'reference-server.ts')
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: resolve(benchDir, '../..'),
    env: { ...process.env, ...profileEnv(options, 'reference') },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()))
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`reference server did not start in 30 s:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on ws:\/\/[^:]+:(\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolvePort(Number(match[1]))
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`reference server exited with ${code} before listening:\n${output}`))
    })
  }).catch((error: unknown) => {
    child.kill('SIGKILL')
    throw error
  })
  const pid = child.pid!
  let rooms = 0
  const target: BenchTarget = {
    name: 'reference',
    label: '@y/websocket-server 0.1.1 (in-memory)',
    pid,
    providerUrl: `ws://127.0.0.1:${port}`,
    // The reference keeps any room it is asked for; a new name is a new document.
    createRoom: async () => ({ room: `bench-${process.pid}-${++rooms}`, headers: {} }),
    output: () => output,
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
    assertNodeProcessRunning(pid, 'reference-server.ts')
  } catch (error) {
    await target.stop()
    throw error
  }
  return target
}

/** Starts the named target. */
export function startTarget(name: TargetName, options: TargetOptions = {}): Promise<BenchTarget> {
  return name === 'ours' ? startOurServer(options) : startReferenceServer(options)
}

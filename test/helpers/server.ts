/** Starts the real Jianyi server process on an ephemeral port for integration and e2e tests. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '../..')

export interface RunningServer {
  /** http://127.0.0.1:PORT */
  url: string
  /** ws://127.0.0.1:PORT */
  wsUrl: string
  port: number
  dataDir: string
  process: ChildProcess
  /** Everything the process printed so far (stdout and stderr). */
  output(): string
  /** Sends a signal and resolves with the exit code once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<number | null>
}

export interface StartOptions {
  /** Reuse a data directory (for restarts); a fresh temporary one otherwise. */
  dataDir?: string
  /** Fixed port (to restart on the same address); 0 = ephemeral. */
  port?: number
  env?: Record<string, string>
  args?: string[]
}

/** Temporary data directories of this test process, removed when it exits (tests restart servers on them). */
const temporaryDirs = new Set<string>()
process.once('exit', () => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true })
})

/** Makes a temporary data directory, removed by the returned function or when the test process exits. */
export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'jianyi-test-'))
  temporaryDirs.add(dir)
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? tempDataDir().dir
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts', ...(options.args ?? [])], {
    cwd: repoRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(options.port ?? 0),
      DATA_DIR: dataDir,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)))
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`server did not start in 30 s:\n${output}`))
    }, 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolvePort(Number(match[1]))
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code} before listening:\n${output}`))
    })
  })
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    process: child,
    output: () => output,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

/** Polls `check` until it returns true or the deadline passes; never a fixed sleep. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

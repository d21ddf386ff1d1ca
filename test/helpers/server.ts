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
  /** Limit on open file descriptors (RLIMIT_NOFILE) for the server process, set by prlimit(1). */
  maxOpenFiles?: number
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
  const command = [process.execPath, '--import', 'tsx', 'server/index.ts', ...(options.args ?? [])]
  // prlimit sets the limit and then execs the server, so the child's pid is the server's own.
  if (options.maxOpenFiles !== undefined) command.unshift('prlimit', `--nofile=${options.maxOpenFiles}`, '--')
  const child = spawn(command[0], command.slice(1), {
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
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)))
  const output = capturedOutput(child)
  const port = await listeningPort(child, output, /listening on http:\/\/[^:]+:(\d+)/, 'server', 30_000)
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    process: child,
    output,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

/** Everything a child process prints (stdout and stderr), as it arrives. */
export function capturedOutput(child: ChildProcess): () => string {
  let output = ''
  const append = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout!.on('data', append)
  child.stderr!.on('data', append)
  return () => output
}

/**
 * The port a child process announces on a line matching `pattern` (its first group). A child that
 * exits first, or is silent for `timeoutMs`, rejects with what it printed; a silent one is killed.
 */
export function listeningPort(
  child: ChildProcess,
  output: () => string,
  pattern: RegExp,
  what: string,
  timeoutMs: number,
): Promise<number> {
  return new Promise<number>((resolvePort, reject) => {
    const check = () => {
      const match = pattern.exec(output())
      if (!match) return
      done()
      resolvePort(Number(match[1]))
    }
    const onExit = (code: number | null) => {
      done()
      reject(new Error(`${what} exited with ${code} before listening:\n${output()}`))
    }
    const timer = setTimeout(() => {
      done()
      child.kill('SIGKILL')
      reject(new Error(`${what} did not start in ${timeoutMs / 1000} s:\n${output()}`))
    }, timeoutMs)
    const done = () => {
      clearTimeout(timer)
      child.stdout!.off('data', check)
      child.stderr!.off('data', check)
      child.off('exit', onExit)
    }
    // Registered after capturedOutput's listeners, so the output already holds each new chunk.
    child.stdout!.on('data', check)
    child.stderr!.on('data', check)
    child.once('exit', onExit)
    check()
  })
}

/** Polls `check` until it returns true or the deadline passes; never a fixed sleep. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/**
 * Heavy work off the event loop that relays edits: redlines and version diffs run in a small pool
 * of worker threads, each task within a size budget (refused at once when over it) and a time budget
 * (past it the worker is ended and replaced). The collaboration path never waits on them.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { TextDiff } from '../../shared/schema.js'
import { AppError } from '../errors.js'
import { ExportError } from '../export/export-error.js'
import type { RedlineRequest } from '../export/redline.js'
import type { HeavyTask, HeavyReply } from './heavy-worker.js'

export interface HeavyWorkLimits {
  /** Worker threads at most; they start when first needed. */
  workers: number
  /** A task running longer than this ends its worker and fails with export_timeout. */
  timeoutMs: number
  /** Characters of input (both sides together) above which a task is refused with export_too_large. */
  maxChars: number
}

export const defaultHeavyWorkLimits: HeavyWorkLimits = {
  workers: Math.min(2, availableParallelism()),
  timeoutMs: 20_000,
  maxChars: 2_000_000,
}

const workerUrl = new URL(`./heavy-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url)

/** A worker on the sources as they run: under tsx (npm start, the tests) a worker needs tsx registered first. */
function startWorker(): Worker {
  if (!workerUrl.pathname.endsWith('.ts')) return new Worker(workerUrl)
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}) })`
  return new Worker(bootstrap, { eval: true })
}

export class HeavyWork {
  private readonly idle: Worker[] = []
  private running = 0
  private readonly waiting: ((worker: Worker) => void)[] = []

  constructor(
    private readonly limits: HeavyWorkLimits = defaultHeavyWorkLimits,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** The redline DOCX of two versions. */
  redline(request: RedlineRequest): Promise<Uint8Array> {
    const chars = JSON.stringify(request.earlier.content).length + JSON.stringify(request.later.content).length
    return this.run({ kind: 'redline', request }, chars) as Promise<Uint8Array>
  }

  /** The character difference of two texts. */
  diff(before: string, after: string): Promise<TextDiff> {
    return this.run({ kind: 'diff', before, after }, before.length + after.length) as Promise<TextDiff>
  }

  private async run(task: HeavyTask, chars: number): Promise<unknown> {
    if (chars > this.limits.maxChars) {
      throw new AppError(
        413,
        'export_too_large',
        `${chars} characters to compare; the server compares at most ${this.limits.maxChars} (EXPORT_MAX_CHARS)`,
      )
    }
    const worker = await this.acquire()
    return new Promise((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
      }
      const discard = () => {
        void worker.terminate()
        this.running--
        this.handOn(null)
      }
      const timer = setTimeout(() => {
        settle()
        discard()
        reject(
          new AppError(
            503,
            'export_timeout',
            `the comparison took longer than ${this.limits.timeoutMs} ms (EXPORT_TIMEOUT_SECONDS) and was stopped`,
          ),
        )
      }, this.limits.timeoutMs)
      const onMessage = (reply: HeavyReply) => {
        settle()
        this.handOn(worker)
        if (reply.ok) resolve(reply.value)
        else reject(reply.code ? new ExportError(reply.code, reply.message) : new Error(reply.message))
      }
      const onError = (error: Error) => {
        settle()
        discard()
        reject(error)
      }
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.postMessage(task)
      this.log(`heavy work: ${task.kind} of ${chars} characters started in a worker thread`)
    })
  }

  private acquire(): Promise<Worker> {
    const worker = this.idle.pop()
    if (worker) return Promise.resolve(worker)
    if (this.running < this.limits.workers) {
      this.running++
      const started = startWorker()
      // An idle worker does not keep the process alive.
      started.unref()
      return Promise.resolve(started)
    }
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  /** Gives a free worker (or, after one was ended, room for a new one) to the next task waiting. */
  private handOn(worker: Worker | null): void {
    const next = this.waiting.shift()
    if (!next) {
      if (worker) this.idle.push(worker)
      return
    }
    if (worker) next(worker)
    else {
      this.running++
      const started = startWorker()
      started.unref()
      next(started)
    }
  }

  /** Ends every worker (server shutdown). */
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()))
  }
}

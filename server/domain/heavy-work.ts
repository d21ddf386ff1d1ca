/**
 * Heavy work off the event loop that relays edits: every file an export builds (DOCX, PDF,
 * Markdown, text, the opinion table, the register CSV, the 年度统计 tables), redlines and version diffs run in a small
 * pool of worker threads, each task within a size budget (refused at once when over it) and a time
 * budget (past it the worker is ended and replaced). The collaboration path never waits on them.
 * Workers start when first needed and end after a while without work, so an idle server holds none.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { ExportFormat, RegisterEntry, TextDiff } from '../../shared/schema.js'
import { AppError } from '../errors.js'
import { ExportError } from '../export/export-error.js'
import type { ExportSource } from '../export/export-source.js'
import type { OpinionRow } from '../export/opinion-table-docx.js'
import type { StatisticsTable } from '../export/statistics-docx.js'
import type { RedlineRequest } from '../export/redline.js'
import { ImportError } from '../import/import-error.js'
import type { ReturnedDocx } from '../import/word-revisions.js'
import type { Placement } from './returned-draft-placement.js'
import type { HeavyReply, HeavyResults, HeavyTask, ImportedDraft } from './heavy-worker.js'

export interface HeavyWorkLimits {
  /** Worker threads at most; they start when first needed. */
  workers: number
  /** A task running longer than this ends its worker and fails with export_timeout. */
  timeoutMs: number
  /** Characters of input (both sides of a comparison together) above which a task is refused with export_too_large. */
  maxChars: number
  /** A worker without work for this long ends, giving its memory back. */
  idleMs: number
  /** Bytes of a Word file read at once at most (导入Word); the upload limit usually stops a larger one first. */
  maxImportBytes?: number
}

/** 20 MiB: the default upload limit (MAX_UPLOAD_BYTES), and about fifty times a 100-page 建议案 without pictures. */
const defaultMaxImportBytes = 20 * 1024 * 1024

export const defaultHeavyWorkLimits: HeavyWorkLimits = {
  workers: Math.min(2, availableParallelism()),
  timeoutMs: 20_000,
  maxChars: 2_000_000,
  idleMs: 60_000,
}

const workerUrl = new URL(`./heavy-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url)

/** A worker on the sources as they run: under tsx (npm start, the tests) a worker needs tsx registered first. */
function spawnWorker(): Worker {
  if (!workerUrl.pathname.endsWith('.ts')) return new Worker(workerUrl)
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}) })`
  return new Worker(bootstrap, { eval: true })
}

/** What a comparison and an export are called in messages and in the log. */
function label(task: HeavyTask): { name: string; verb: 'compare' | 'export' | 'import' | 'read' } {
  switch (task.kind) {
    case 'redline':
    case 'diff':
      return { name: task.kind, verb: 'compare' }
    case 'document':
      return { name: task.format, verb: 'export' }
    case 'opinion-table':
      return { name: `opinion-table ${task.format}`, verb: 'export' }
    case 'register':
      return { name: 'register csv', verb: 'export' }
    case 'statistics':
      return { name: 'statistics docx', verb: 'export' }
    case 'returned-draft':
      return { name: 'returned draft', verb: 'import' }
    case 'word-draft':
      return { name: 'word draft', verb: 'import' }
    case 'text-of-updates':
      return { name: 'document text', verb: 'read' }
    case 'pdf-first-page':
      return { name: 'PDF first page', verb: 'read' }
  }
}

interface Waiter {
  resolve: (worker: Worker) => void
  reject: (error: Error) => void
}

export class HeavyWork {
  /** Every worker started and not yet ended: busy, idle or still loading. */
  private readonly live = new Set<Worker>()
  private readonly idle = new Map<Worker, NodeJS.Timeout>()
  private readonly waiting: Waiter[] = []

  constructor(
    private readonly limits: HeavyWorkLimits = defaultHeavyWorkLimits,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** The redline DOCX of two versions. */
  redline(request: RedlineRequest): Promise<Uint8Array> {
    const chars = JSON.stringify(request.earlier.content).length + JSON.stringify(request.later.content).length
    return this.run({ kind: 'redline', request }, chars)
  }

  /** The character difference of two texts. */
  diff(before: string, after: string): Promise<TextDiff> {
    return this.run({ kind: 'diff', before, after }, before.length + after.length)
  }

  /** One version as a DOCX, PDF, Markdown or plain-text file. */
  document(format: ExportFormat, source: ExportSource): Promise<Uint8Array | string> {
    const chars = JSON.stringify(source.content).length + source.title.length
    return this.run({ kind: 'document', format, source }, chars)
  }

  /** The 意见采纳情况表 as DOCX or CSV. */
  opinionTable(format: 'docx' | 'csv', title: string, rows: OpinionRow[]): Promise<Uint8Array | string> {
    return this.run({ kind: 'opinion-table', format, title, rows }, JSON.stringify(rows).length + title.length)
  }

  /** The 年度统计 tables as DOCX. */
  statisticsDocx(title: string, tables: StatisticsTable[]): Promise<Uint8Array> {
    return this.run({ kind: 'statistics', title, tables }, JSON.stringify(tables).length + title.length)
  }

  /** The submission register as CSV, its times on the clock of `timeZone` (the thread is told, not left to guess). */
  registerCsv(entries: RegisterEntry[], timeZone: string): Promise<string> {
    return this.run({ kind: 'register', entries, timeZone }, JSON.stringify(entries).length)
  }

  /**
   * A returned draft's revisions and comments (server/import/word-revisions.ts), placed in the texts
   * of the draft's paragraphs `live` (returned-draft-placement.ts). The file's size is bounded before
   * it gets here, by the upload limit (MAX_UPLOAD_BYTES) and the archive's unpacking budgets; the
   * draft's by the characters budget.
   */
  returnedDraft(bytes: Uint8Array, live: string[]): Promise<{ docx: ReturnedDocx; placement: Placement }> {
    return this.run(
      { kind: 'returned-draft', bytes, live },
      live.reduce((n, text) => n + text.length, 0),
    )
  }

  /** The text blocks of a document stored as `updates`, for a search (its size budget: the stored bytes). */
  textOfUpdates(updates: Uint8Array[]): Promise<string[]> {
    return this.run(
      { kind: 'text-of-updates', updates },
      updates.reduce((n, update) => n + update.length, 0),
    )
  }

  /**
   * A new draft read from a .docx (导入Word, server/import/word-draft.ts), with its body as a Yjs
   * update. A file over the byte budget is refused here, before a thread is asked; its parts are
   * then unpacked within the archive's budgets and read within the time budget.
   */
  async wordDraft(bytes: Uint8Array): Promise<ImportedDraft> {
    const max = this.limits.maxImportBytes ?? defaultMaxImportBytes
    if (bytes.length > max) {
      throw new ImportError(
        'import_too_large',
        `the file has ${bytes.length} bytes; the server reads at most ${max} at once`,
      )
    }
    const draft = await this.run({ kind: 'word-draft', bytes }, 0)
    // A draft nobody could export (EXPORT_MAX_CHARS) is not started.
    if (draft.chars > this.limits.maxChars) {
      throw new ImportError(
        'import_too_large',
        `the file holds ${draft.chars} characters of text; a draft takes at most ${this.limits.maxChars} (EXPORT_MAX_CHARS)`,
      )
    }
    return draft
  }

  /**
   * The first page of a PDF as a PNG (调研材料's preview, pdf-first-page.ts). Its size is bounded by
   * the upload limit; pdftoppm runs in its own process, killed a little before the time budget ends.
   */
  pdfFirstPage(bytes: Uint8Array): Promise<Uint8Array> {
    return this.run({ kind: 'pdf-first-page', bytes, timeoutMs: Math.max(1, this.limits.timeoutMs - 100) }, 0)
  }

  /** Worker threads running now (busy, idle or loading). */
  get workerCount(): number {
    return this.live.size
  }

  private async run<K extends HeavyTask['kind']>(
    task: Extract<HeavyTask, { kind: K }>,
    chars: number,
  ): Promise<HeavyResults[K]> {
    const { name, verb } = label(task)
    if (chars > this.limits.maxChars) {
      throw new AppError(
        413,
        'export_too_large',
        `${chars} characters to ${verb}; the server takes at most ${this.limits.maxChars} at once (EXPORT_MAX_CHARS)`,
      )
    }
    const worker = await this.acquire()
    return new Promise<HeavyResults[K]>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
      }
      const timer = setTimeout(() => {
        settle()
        this.discard(worker)
        const what = verb === 'compare' ? 'comparison' : verb
        reject(
          new AppError(
            503,
            'export_timeout',
            `the ${what} took longer than ${this.limits.timeoutMs} ms (EXPORT_TIMEOUT_SECONDS) and was stopped`,
          ),
        )
      }, this.limits.timeoutMs)
      const onMessage = (reply: HeavyReply) => {
        if ('ready' in reply) return
        settle()
        this.release(worker)
        if (reply.ok) resolve(reply.value as HeavyResults[K])
        else if (reply.importCode) reject(new ImportError(reply.importCode, reply.message))
        else reject(reply.code ? new ExportError(reply.code, reply.message) : new Error(reply.message))
      }
      const onError = (error: Error) => {
        settle()
        this.discard(worker)
        reject(error)
      }
      const onExit = (code: number) => onError(new Error(`the ${name} worker thread exited (${code})`))
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
      worker.postMessage(task)
      this.log(`heavy work: ${name} of ${chars} characters started in a worker thread`)
    })
  }

  private acquire(): Promise<Worker> {
    const next = this.idle.keys().next()
    if (!next.done) {
      const worker = next.value
      clearTimeout(this.idle.get(worker))
      this.idle.delete(worker)
      return Promise.resolve(worker)
    }
    if (this.live.size < this.limits.workers) return this.start()
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }))
  }

  /** A new worker, once its modules are loaded: the time budget is for the task, not for the start. */
  private start(): Promise<Worker> {
    const worker = spawnWorker()
    this.live.add(worker)
    // A worker does not keep the process alive.
    worker.unref()
    // An idle worker that fails is forgotten, never an unhandled 'error' that ends the server.
    worker.on('error', (error) => this.log(`heavy work: a worker thread failed: ${error.message}`))
    worker.on('exit', () => {
      clearTimeout(this.idle.get(worker))
      this.idle.delete(worker)
      this.live.delete(worker)
    })
    return new Promise((resolve, reject) => {
      const settle = () => {
        worker.off('message', onReady)
        worker.off('error', onFailure)
        worker.off('exit', onFailure)
      }
      const onReady = (reply: HeavyReply) => {
        if (!('ready' in reply)) return
        settle()
        this.log(`heavy work: a worker thread started (${this.live.size} of at most ${this.limits.workers})`)
        resolve(worker)
      }
      const onFailure = (problem: Error | number) => {
        settle()
        this.live.delete(worker)
        void worker.terminate()
        reject(problem instanceof Error ? problem : new Error(`a heavy-work thread exited (${problem}) as it started`))
      }
      worker.on('message', onReady)
      worker.on('error', onFailure)
      worker.on('exit', onFailure)
    })
  }

  /** A worker done with its task: to the next task waiting, or idle until it ends. */
  private release(worker: Worker): void {
    const next = this.waiting.shift()
    if (next) {
      next.resolve(worker)
      return
    }
    const timer = setTimeout(() => {
      this.idle.delete(worker)
      this.live.delete(worker)
      void worker.terminate()
      this.log(`heavy work: a worker thread ended after ${this.limits.idleMs} ms without work`)
    }, this.limits.idleMs)
    timer.unref()
    this.idle.set(worker, timer)
  }

  /** Ends a worker that overran or failed; a task waiting gets a new one in its place. */
  private discard(worker: Worker): void {
    this.live.delete(worker)
    void worker.terminate()
    const next = this.waiting.shift()
    if (next) this.start().then(next.resolve, next.reject)
  }

  /** Ends every worker (server shutdown). */
  async close(): Promise<void> {
    for (const timer of this.idle.values()) clearTimeout(timer)
    this.idle.clear()
    const workers = [...this.live]
    this.live.clear()
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
}

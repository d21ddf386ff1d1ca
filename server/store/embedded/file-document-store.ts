/**
 * DocumentStore on the local file system: per document, `<id>.state` holds the merged state as one
 * record and `<id>.log` the updates appended since, in the record format of document-log.ts.
 */
import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import type { AppendOptions, DocumentStore } from '../types.js'
import { mergeStoredUpdates } from '../merge-updates.js'
import { decodeRecords, encodeRecord, encodeRecords } from './document-log.js'

export interface FileDocumentStoreOptions {
  /** Directory of the document files; created if missing. */
  dir: string
  /** Log size in bytes from which the log is folded into the state. Default 4 MiB. */
  compactBytes?: number
  /**
   * Updates in the log from which it is folded into the state (as it is written, and when a load
   * finds more). Default 10,000: a day of keystrokes is a few MiB at most, but a room that loads
   * applies every update on its own, so the count, not the size, decides how long an open takes.
   */
  compactRecords?: number
  /** 'always': fsync before `append` resolves. 'interval' (default): fsync every `fsyncIntervalMs`. */
  fsync?: 'always' | 'interval'
  fsyncIntervalMs?: number
  /**
   * Logs kept open at most; the least recently written one is fsynced and closed past this, so a
   * server that has written thousands of documents holds a bounded number of descriptors. Default 1024.
   */
  maxOpenLogs?: number
  /** Where warnings about damaged files go. Default console.warn. */
  log?: (line: string) => void
  /**
   * Whether a document takes edits now (exists and is not approved), for appends `unlessApproved`:
   * the metadata store's answer. Without it every append is written. A store that answers from memory
   * answers synchronously: every batch of edits asks, and a promise costs the batch turns of the loop.
   */
  acceptsEdits?: (docId: string) => boolean | Promise<boolean>
}

/** The open log of one document. */
interface OpenLog {
  fd: number
  /** Current file size: where the next record starts, and what to cut back to after a failed write. */
  bytes: number
  /** Written since the last fsync. */
  dirty: boolean
  /** Updates appended since it was opened or last folded (what was there before, a load folds). */
  records: number
}

export class FileDocumentStore implements DocumentStore {
  private readonly dir: string
  private readonly compactBytes: number
  private readonly compactRecords: number
  private readonly fsyncAlways: boolean
  private readonly log: (line: string) => void
  private readonly acceptsEdits: (docId: string) => boolean | Promise<boolean>
  /** In order of last use (a Map keeps insertion order; a used log is moved to the end). */
  private readonly openLogs = new Map<string, OpenLog>()
  private readonly maxOpenLogs: number
  private readonly fsyncIntervalMs: number
  /** Armed only while some log is dirty: an idle server has no timer running. */
  private fsyncTimer: NodeJS.Timeout | null = null
  private closed = false

  constructor(options: FileDocumentStoreOptions) {
    this.dir = options.dir
    this.compactBytes = options.compactBytes ?? 4 * 1024 * 1024
    this.compactRecords = options.compactRecords ?? 10_000
    this.fsyncAlways = options.fsync === 'always'
    this.log = options.log ?? console.warn
    this.acceptsEdits = options.acceptsEdits ?? (() => true)
    this.maxOpenLogs = Math.max(1, options.maxOpenLogs ?? 1024)
    this.fsyncIntervalMs = options.fsyncIntervalMs ?? 1000
    mkdirSync(this.dir, { recursive: true })
  }

  async load(docId: string): Promise<Uint8Array[]> {
    this.assertUsable(docId)
    const state = this.readState(docId)
    const log = this.readLog(docId)
    if (log.length >= this.compactRecords) {
      // Folded now, so that this open applies one update and the next reads one state.
      const merged = this.compactReporting(docId, state, log)
      if (merged) return [merged]
    }
    return [...state, ...log]
  }

  /**
   * Everything here is synchronous, so appends and compactions of a document never interleave, and
   * when the promise resolves the bytes are in the OS page cache: they survive a killed process.
   */
  async append(docId: string, updates: Uint8Array[], options: AppendOptions = {}): Promise<boolean> {
    this.assertUsable(docId)
    // One process owns the data directory, and nothing runs between this answer and the write below.
    if (options.unlessApproved) {
      const accepts = this.acceptsEdits(docId)
      if (!(typeof accepts === 'boolean' ? accepts : await accepts)) return false
    }
    if (updates.length === 0) return true
    const records = encodeRecords(updates)
    const log = this.openLog(docId)
    try {
      writeFully(log.fd, records)
    } catch (error) {
      // Cut off a partial record, or every later append would sit behind it and be unreadable.
      ftruncateSync(log.fd, log.bytes)
      throw error
    }
    log.bytes += records.length
    log.records += updates.length
    log.dirty = true
    if (this.fsyncAlways) fsyncLog(log)
    else this.fsyncLater()
    if (log.bytes >= this.compactBytes || log.records >= this.compactRecords) {
      const state = options.state?.() ?? null
      if (state) this.compactReporting(docId, [], [], state)
      else this.compactReporting(docId)
    }
    return true
  }

  /** Folds the log into the state now rather than when it reaches `compactBytes`. */
  async compact(docId: string): Promise<void> {
    this.assertUsable(docId)
    this.compactNow(docId)
  }

  async delete(docId: string): Promise<void> {
    this.assertUsable(docId)
    const log = this.openLogs.get(docId)
    if (log) {
      closeSync(log.fd)
      this.openLogs.delete(docId)
    }
    for (const path of [this.logPath(docId), this.statePath(docId), this.stateTmpPath(docId)]) {
      rmSync(path, { force: true })
    }
  }

  async flush(): Promise<void> {
    if (this.closed) throw new Error('document store is closed')
    for (const log of this.openLogs.values()) fsyncLog(log)
  }

  async close(): Promise<void> {
    if (this.closed) return
    await this.flush()
    this.closed = true
    if (this.fsyncTimer) clearTimeout(this.fsyncTimer)
    for (const log of this.openLogs.values()) closeSync(log.fd)
    this.openLogs.clear()
  }

  /**
   * Writes state + log merged into `<id>.state` (via a temporary file, fsync and rename), then
   * empties the log. A crash between the rename and the truncation leaves the log's updates in both
   * files, which is harmless: applying a Yjs update twice has the effect of applying it once.
   */
  private compactNow(
    docId: string,
    state = this.readState(docId),
    logUpdates = this.readLog(docId),
    /** The merged state as the caller holds it (AppendOptions.state): neither file is read or merged. */
    given: Uint8Array | null = null,
  ): Uint8Array | null {
    if (!given && logUpdates.length === 0) return null
    const merged = given ?? mergeStoredUpdates([...state, ...logUpdates])

    const tmpPath = this.stateTmpPath(docId)
    const tmpFd = openSync(tmpPath, 'w')
    try {
      writeFully(tmpFd, encodeRecord(merged))
      fsyncSync(tmpFd)
    } finally {
      closeSync(tmpFd)
    }
    renameSync(tmpPath, this.statePath(docId))
    // The rename must be durable before the log is emptied, or a power cut could lose both.
    fsyncDirectory(this.dir)

    const log = this.openLog(docId)
    ftruncateSync(log.fd, 0)
    log.bytes = 0
    log.records = 0
    return merged
  }

  /**
   * The updates are already stored, so a failed compaction must not fail the append or the load: it
   * is reported and tried again on the next append or load, with the log still holding everything.
   */
  private compactReporting(
    docId: string,
    state?: Uint8Array[],
    logUpdates?: Uint8Array[],
    given: Uint8Array | null = null,
  ): Uint8Array | null {
    try {
      return this.compactNow(docId, state, logUpdates, given)
    } catch (error) {
      this.log(`compaction of document ${docId} in ${this.dir} failed: ${describe(error)}`)
      return null
    }
  }

  /** The merged state as a one-element list, or empty. A damaged state throws: it is the whole document. */
  private readState(docId: string): Uint8Array[] {
    const path = this.statePath(docId)
    const bytes = readIfExists(path)
    if (!bytes) return []
    const { records, validBytes, problem } = decodeRecords(bytes)
    if (problem !== null || records.length !== 1) {
      const reason = problem ? `${problem} at byte ${validBytes}` : `${records.length} records instead of 1`
      throw new Error(`document state ${path} is damaged (${reason}); refusing to load the document without it`)
    }
    return records
  }

  /**
   * The intact records of the log. A torn or corrupt tail (a crash mid-write) is reported once and
   * cut off, so that later appends are not stuck behind it.
   */
  private readLog(docId: string): Uint8Array[] {
    const path = this.logPath(docId)
    const bytes = readIfExists(path)
    if (!bytes) return []
    const { records, validBytes, problem } = decodeRecords(bytes)
    if (problem !== null) {
      this.log(
        `${path}: skipping ${bytes.length - validBytes} bytes from byte ${validBytes} (${problem}); truncating the log there`,
      )
      truncateSync(path, validBytes)
      const log = this.openLogs.get(docId)
      if (log) log.bytes = validBytes
    }
    return records
  }

  private openLog(docId: string): OpenLog {
    let log = this.openLogs.get(docId)
    if (log) {
      // Most recently used last, so that eviction takes the log written longest ago.
      this.openLogs.delete(docId)
      this.openLogs.set(docId, log)
      return log
    }
    const fd = openSync(this.logPath(docId), 'a')
    log = { fd, bytes: fstatSync(fd).size, dirty: false, records: 0 }
    this.openLogs.set(docId, log)
    for (const [oldId, old] of this.openLogs) {
      if (this.openLogs.size <= this.maxOpenLogs) break
      this.closeLog(oldId, old)
    }
    return log
  }

  /**
   * Fsyncs (its bytes stay as durable as if it had stayed open) and closes one log. Its writes are
   * already in the page cache, so a failed fsync is reported and the descriptor released anyway.
   */
  private closeLog(docId: string, log: OpenLog): void {
    this.openLogs.delete(docId)
    try {
      fsyncLog(log)
    } catch (error) {
      this.log(`${this.logPath(docId)}: fsync before closing failed: ${describe(error)}`)
    }
    closeSync(log.fd)
  }

  /** One timer per interval while something is dirty, none while nothing was written. */
  private fsyncLater(): void {
    if (this.fsyncTimer !== null) return
    this.fsyncTimer = setTimeout(() => {
      this.fsyncTimer = null
      this.fsyncDirtyFromTimer()
    }, this.fsyncIntervalMs)
    this.fsyncTimer.unref()
  }

  /** A failed background fsync has no caller to reject, so it is reported and retried next time. */
  private fsyncDirtyFromTimer(): void {
    let failed = false
    for (const [docId, log] of this.openLogs) {
      try {
        fsyncLog(log)
      } catch (error) {
        failed = true
        this.log(`${this.logPath(docId)}: fsync failed: ${describe(error)}`)
      }
    }
    if (failed) this.fsyncLater()
  }

  private assertUsable(docId: string): void {
    if (this.closed) throw new Error('document store is closed')
    // Ids become file names: anything that could leave the directory is refused.
    if (docId.includes('/') || docId.includes('\\') || docId.includes('..')) {
      throw new Error(`invalid document id ${JSON.stringify(docId)}`)
    }
  }

  private statePath(docId: string): string {
    return join(this.dir, `${docId}.state`)
  }

  private stateTmpPath(docId: string): string {
    return join(this.dir, `${docId}.state.tmp`)
  }

  private logPath(docId: string): string {
    return join(this.dir, `${docId}.log`)
  }
}

function fsyncLog(log: OpenLog): void {
  if (!log.dirty) return
  fsyncSync(log.fd)
  log.dirty = false
}

/** writeSync may write less than asked (a full disk, a signal); keep going until all is written. */
function writeFully(fd: number, bytes: Uint8Array): void {
  let written = 0
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function readIfExists(path: string): Buffer | null {
  try {
    return readFileSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

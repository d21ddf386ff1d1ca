/**
 * A file replaced whole and durably: written to a temporary file, fsynced, renamed over the old
 * one, and the directory fsynced, so that after a power cut it holds either the old or the new
 * content, and a change whose promise resolved is on the disk. Writes are serialized, and writes
 * asked for while one is in flight are merged into one: the text is produced once, when that
 * write starts, so a burst of changes costs one serialization, not one each.
 */
import { open, readFile, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export class DurableFile {
  private readonly tmp: string
  /** The text waiting for the write in flight to end, and whoever waits for it. */
  private pending: {
    produce: () => string | Uint8Array
    waiters: { resolve(): void; reject(error: unknown): void }[]
  } | null = null
  private writing = false

  constructor(readonly path: string) {
    this.tmp = join(dirname(path), `.${basename(path)}.tmp`)
  }

  /** The file's text, or null when it does not exist. */
  async read(): Promise<string | null> {
    try {
      return await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
  }

  /**
   * Resolves once the text `produce` returns (or a later one) is the file's durable content.
   * `produce` runs later, when the write starts, and sees every change made until then.
   */
  write(produce: () => string | Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.pending) {
        this.pending.produce = produce
        this.pending.waiters.push({ resolve, reject })
      } else this.pending = { produce, waiters: [{ resolve, reject }] }
      if (!this.writing) void this.drain()
    })
  }

  private async drain(): Promise<void> {
    this.writing = true
    // One turn later: every change made in this turn joins the write.
    await new Promise((resolve) => setImmediate(resolve))
    while (this.pending) {
      const { produce, waiters } = this.pending
      this.pending = null
      try {
        await this.replace(produce())
        for (const w of waiters) w.resolve()
      } catch (error) {
        for (const w of waiters) w.reject(error)
      }
    }
    this.writing = false
  }

  private async replace(text: string | Uint8Array): Promise<void> {
    // The fsyncs run in the thread pool: the event loop only pays for producing the text.
    const file = await open(this.tmp, 'w')
    try {
      await file.writeFile(text)
      await file.sync()
    } finally {
      await file.close()
    }
    try {
      await rename(this.tmp, this.path)
    } catch (error) {
      await rm(this.tmp, { force: true })
      throw error
    }
    // The rename is durable only once the directory entry is.
    const dir = await open(dirname(this.path), 'r')
    try {
      await dir.sync()
    } finally {
      await dir.close()
    }
  }
}

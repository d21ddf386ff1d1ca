/**
 * A StagedFile in memory, as one buffer: for stores that need an upload's bytes whole (PostgreSQL's
 * bytea column) and for files kept with other records. Sized from the start by the request's
 * length when it said, so the bytes are copied into it once and never gathered again.
 */
import type { StagedFile } from './types.js'

export class BufferedFile implements StagedFile {
  private buffer: Buffer
  private written = 0

  /** `sizeHint`: the bytes expected (at most the upload limit); more are taken, growing the buffer. */
  constructor(sizeHint = 0) {
    this.buffer = Buffer.allocUnsafe(Math.max(0, Math.floor(sizeHint)))
  }

  get size(): number {
    return this.written
  }

  async write(chunk: Uint8Array): Promise<void> {
    const needed = this.written + chunk.length
    if (needed > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2, 64 * 1024))
      this.buffer.copy(grown, 0, 0, this.written)
      this.buffer = grown
    }
    this.buffer.set(chunk, this.written)
    this.written = needed
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    return this.bytes().subarray(offset, offset + length)
  }

  /** What was written, over the same memory. */
  bytes(): Uint8Array {
    return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.written)
  }

  async discard(): Promise<void> {
    this.buffer = Buffer.alloc(0)
    this.written = 0
  }
}

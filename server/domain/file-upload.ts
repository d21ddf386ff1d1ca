/**
 * An uploaded file as it arrives (调研材料, the files of 办理跟踪): counted against the upload limit
 * (413 at the chunk that passes it), its kind judged from its first bytes before more of it is
 * taken (415 for a kind the use case does not take), hashed as it passes, and written to a
 * StagedFile of the store — never gathered in memory here. A zip is an Office file only if its
 * directory says so, read once the whole file is there. Whoever starts one discards it when the
 * upload ends in any other way than its being stored, so nothing refused is kept.
 */
import { createHash } from 'node:crypto'
import type { MaterialType } from '../../shared/materials.js'
import { AppError, invalidInput, tooLarge } from '../errors.js'
import type { StagedFile } from '../store/types.js'
import { officeType, SNIFF_BYTES, sniffStart, zipDirectoryNames } from './material-type.js'

export interface IncomingFileRules<T extends MaterialType> {
  /** MAX_UPLOAD_BYTES. */
  maxBytes: number
  /** The kinds taken. */
  accepts: readonly T[]
  /** The 415 refusal, in the use case's words. */
  refusal: () => AppError
}

/** A file being received: FilePartSink of server/http/multipart.ts. */
export class IncomingFile<T extends MaterialType> {
  private readonly hash = createHash('sha256')
  private readonly head = new Uint8Array(SNIFF_BYTES)
  private headLength = 0
  private start: ReturnType<typeof sniffStart> | undefined
  private ended = false

  constructor(
    readonly fileName: string,
    private readonly staged: StagedFile,
    private readonly rules: IncomingFileRules<T>,
  ) {}

  get size(): number {
    return this.staged.size
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.staged.size + chunk.length > this.rules.maxBytes) throw tooLarge(this.rules.maxBytes)
    if (this.start === undefined) {
      const taken = Math.min(chunk.length, SNIFF_BYTES - this.headLength)
      this.head.set(chunk.subarray(0, taken), this.headLength)
      this.headLength += taken
      if (this.headLength === SNIFF_BYTES) this.judgeStart()
    }
    this.hash.update(chunk)
    await this.staged.write(chunk)
  }

  async end(): Promise<void> {
    this.ended = true
  }

  /** Its kind, size and SHA-256 once all of it arrived: 400 when empty, 415 when not taken. */
  async finish(): Promise<{ type: T; size: number; sha256: string }> {
    if (!this.ended) throw new Error('the file has not arrived whole')
    if (this.staged.size === 0)
      throw invalidInput('file', '所选文件是空的 / the file is empty', { reason: 'file_empty' })
    if (this.start === undefined) this.judgeStart()
    const type =
      this.start === 'zip'
        ? officeType(await zipDirectoryNames(this.staged.size, (offset, length) => this.staged.read(offset, length)))
        : (this.start ?? null)
    if (!this.takes(type)) throw this.rules.refusal()
    return { type, size: this.staged.size, sha256: this.hash.digest('hex') }
  }

  /** The kind the first bytes say; refused at once when the use case takes nothing of it. */
  private judgeStart(): void {
    this.start = sniffStart(this.head.subarray(0, this.headLength))
    const possible =
      this.start === 'zip'
        ? this.rules.accepts.some((t) => t === 'docx' || t === 'xlsx')
        : this.start !== null && this.takes(this.start)
    if (!possible) throw this.rules.refusal()
  }

  private takes(type: MaterialType | null): type is T {
    return type !== null && (this.rules.accepts as readonly MaterialType[]).includes(type)
  }
}

/**
 * VersionStore on the file system: `<dir>/<docId>/<number>.version` holds two checksummed records
 * (the Yjs state, then the content as JSON), written to a temporary file, fsynced and renamed,
 * so a version is either wholly there or not at all. Files are never overwritten.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { link, mkdir, open, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { VersionSnapshot, VersionStore } from '../types.js'
import { decodeRecords, encodeRecords } from './document-log.js'

export class FileVersionStore implements VersionStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true })
  }

  async put(docId: string, number: number, snapshot: VersionSnapshot): Promise<void> {
    const folder = this.folder(docId)
    await mkdir(folder, { recursive: true })
    const file = join(folder, `${number}.version`)
    const tmp = `${file}.tmp-${process.pid}-${Date.now()}`
    const bytes = encodeRecords([snapshot.state, Buffer.from(JSON.stringify(snapshot.content))])
    // Asynchronous: the write and fsync of a large version run in the thread pool, not in the
    // event loop that relays everyone's typing.
    const handle = await open(tmp, 'w')
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    try {
      // link(2) fails when the target exists, where rename(2) would silently replace it.
      await link(tmp, file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        throw new Error(`version ${number} of ${docId} already exists`, { cause: error })
      throw error
    } finally {
      await rm(tmp, { force: true })
    }
  }

  async get(docId: string, number: number): Promise<VersionSnapshot | null> {
    const file = join(this.folder(docId), `${number}.version`)
    if (!existsSync(file)) return null
    const { records, problem } = decodeRecords(readFileSync(file))
    if (problem || records.length !== 2)
      throw new Error(`version file ${file} is damaged: ${problem ?? 'wrong record count'}`)
    return {
      state: records[0],
      content: JSON.parse(Buffer.from(records[1]).toString('utf8')) as Record<string, unknown>,
    }
  }

  /** One process owns the data directory (data-dir-lock.ts); the caller queues its adds per document. */
  async add(docId: string, snapshot: VersionSnapshot, above: number): Promise<number> {
    const number = Math.max(above, await this.highestNumber(docId)) + 1
    await this.put(docId, number, snapshot)
    return number
  }

  private async highestNumber(docId: string): Promise<number> {
    let names: string[]
    try {
      names = await readdir(this.folder(docId))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
      throw error
    }
    return names.reduce((highest, name) => {
      const match = /^(\d+)\.version$/.exec(name)
      return match ? Math.max(highest, Number(match[1])) : highest
    }, 0)
  }

  private folder(docId: string): string {
    if (/[/\\]|\.\./.test(docId)) throw new Error(`invalid document id ${docId}`)
    return join(this.dir, docId)
  }
}

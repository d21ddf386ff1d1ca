/**
 * MaterialStore in the data directory: `<dir>/files/<id>` holds each material's bytes exactly as
 * uploaded, `<dir>/previews/<id>.png` the picture of a PDF's first page once made, and
 * `<dir>/materials.json` (lowdb, written durably) the descriptions. A file is written to a
 * temporary name, fsynced and linked into place before its description is written, and its
 * description removed before the file: after a crash a description never names a missing file,
 * and a file without a description (left by a crash between the two steps) is removed at open.
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { link, mkdir, open, readFile, readdir, rename, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { Low } from 'lowdb'
import type { Material } from '../../../shared/materials.js'
import type { MaterialStore, StagedFile } from '../types.js'
import { DurableJsonFile } from './lowdb-metadata-store.js'

interface MaterialsFile {
  schemaVersion: 1
  materials: Material[]
}

const empty = (): MaterialsFile => ({ schemaVersion: 1, materials: [] })

/** Ids are the server's (16 url-safe characters); anything else never becomes a path. */
const checkedId = (id: string): string => {
  if (!/^[A-Za-z0-9_-]{16}$/.test(id)) throw new Error(`invalid material id ${JSON.stringify(id)}`)
  return id
}

async function readOrNull(path: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(path))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Writes `bytes` to `path` durably; with `exclusive`, fails (EEXIST) rather than replace a file. */
async function writeDurably(path: string, bytes: Uint8Array, exclusive: boolean): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`
  const handle = await open(tmp, 'w')
  try {
    await handle.writeFile(bytes)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    // link(2) fails when the target exists, where rename(2) replaces it.
    if (exclusive) await link(tmp, path)
    else await rename(tmp, path)
  } finally {
    await rm(tmp, { force: true })
  }
}

/**
 * An upload arriving in a temporary file beside the materials' files (`files/.upload-…`), written
 * as it streams in. Kept by linking it into place after an fsync; removed when refused, and, left by a
 * crash, at the next start with the other strays.
 */
class TemporaryFile implements StagedFile {
  private written = 0
  private closed = false

  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  get size(): number {
    return this.written
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.closed) throw new Error('the staged file is closed')
    let done = 0
    while (done < chunk.length) {
      const { bytesWritten } = await this.handle.write(chunk, done, chunk.length - done, this.written + done)
      done += bytesWritten
    }
    this.written += chunk.length
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const wanted = Math.max(0, Math.min(length, this.written - offset))
    const bytes = new Uint8Array(wanted)
    let done = 0
    while (done < wanted) {
      const { bytesRead } = await this.handle.read(bytes, done, wanted - done, offset + done)
      if (bytesRead === 0) break
      done += bytesRead
    }
    return bytes.subarray(0, done)
  }

  /** Makes what was written durable and closes the file. */
  async sync(): Promise<void> {
    await this.handle.sync()
    await this.close()
  }

  async discard(): Promise<void> {
    await this.close()
    await rm(this.path, { force: true })
  }

  private async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.handle.close()
  }
}

export class FileMaterialStore implements MaterialStore {
  private constructor(
    private readonly dir: string,
    private readonly db: Low<MaterialsFile>,
  ) {}

  static async open(dir: string): Promise<FileMaterialStore> {
    mkdirSync(join(dir, 'files'), { recursive: true })
    mkdirSync(join(dir, 'previews'), { recursive: true })
    const db = new Low<MaterialsFile>(new DurableJsonFile(join(dir, 'materials.json')), empty())
    await db.read()
    if (db.data.schemaVersion !== 1) {
      throw new Error(`${dir}/materials.json has schema version ${String(db.data.schemaVersion)}; this server reads 1`)
    }
    const store = new FileMaterialStore(dir, db)
    await store.removeStrays()
    return store
  }

  /** Files no description names: a crash between writing a file and its description, or a temporary file. */
  private async removeStrays(): Promise<void> {
    const known = new Set(this.db.data.materials.map((m) => m.id))
    for (const [folder, idOf] of [
      ['files', (name: string) => name],
      ['previews', (name: string) => name.replace(/\.png$/, '')],
    ] as const) {
      for (const name of await readdir(join(this.dir, folder))) {
        if (!known.has(idOf(name))) await rm(join(this.dir, folder, name), { force: true })
      }
    }
  }

  private filePath = (id: string) => join(this.dir, 'files', checkedId(id))
  private previewPath = (id: string) => join(this.dir, 'previews', `${checkedId(id)}.png`)

  async list(groupId: string): Promise<Material[]> {
    return this.db.data.materials.filter((m) => m.groupId === groupId).map((m) => ({ ...m }))
  }

  async get(id: string): Promise<Material | null> {
    const found = this.db.data.materials.find((m) => m.id === id)
    return found ? { ...found } : null
  }

  async add(material: Material, bytes: Uint8Array): Promise<void> {
    if (this.db.data.materials.some((m) => m.id === material.id))
      throw new Error(`material ${material.id} already exists`)
    const path = this.filePath(material.id)
    await mkdir(join(this.dir, 'files'), { recursive: true })
    try {
      await writeDurably(path, bytes, true)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        throw new Error(`material ${material.id} already exists`, { cause: error })
      throw error
    }
    await syncDir(join(this.dir, 'files'))
    await this.describe(material, path)
  }

  /** Writes the description of a material whose file is in place at `path`. */
  private async describe(material: Material, path: string): Promise<void> {
    try {
      await this.db.update((data) => {
        data.materials.push({ ...material })
      })
    } catch (error) {
      // The description was not written: neither is the file kept.
      this.db.data.materials = this.db.data.materials.filter((m) => m.id !== material.id)
      await rm(path, { force: true })
      throw error
    }
  }

  async stage(): Promise<StagedFile> {
    await mkdir(join(this.dir, 'files'), { recursive: true })
    const path = join(this.dir, 'files', `.upload-${randomUUID()}`)
    return new TemporaryFile(path, await open(path, 'wx+'))
  }

  async addStaged(material: Material, file: StagedFile): Promise<void> {
    if (!(file instanceof TemporaryFile)) throw new Error('a file staged by another store')
    try {
      if (this.db.data.materials.some((m) => m.id === material.id))
        throw new Error(`material ${material.id} already exists`)
      await file.sync()
      const path = this.filePath(material.id)
      try {
        // link(2) fails when the target exists, where rename(2) replaces it.
        await link(file.path, path)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST')
          throw new Error(`material ${material.id} already exists`, { cause: error })
        throw error
      }
      await rm(file.path, { force: true })
      await syncDir(join(this.dir, 'files'))
      await this.describe(material, path)
    } finally {
      await file.discard()
    }
  }

  file(id: string): Promise<Uint8Array | null> {
    if (!this.db.data.materials.some((m) => m.id === id)) return Promise.resolve(null)
    return readOrNull(this.filePath(id))
  }

  preview(id: string): Promise<Uint8Array | null> {
    if (!this.db.data.materials.some((m) => m.id === id)) return Promise.resolve(null)
    return readOrNull(this.previewPath(id))
  }

  async putPreview(id: string, png: Uint8Array): Promise<void> {
    if (!this.db.data.materials.some((m) => m.id === id)) return
    await writeDurably(this.previewPath(id), png, false)
    // Removed meanwhile: the picture goes too.
    if (!this.db.data.materials.some((m) => m.id === id)) await rm(this.previewPath(id), { force: true })
  }

  async remove(id: string): Promise<boolean> {
    if (!this.db.data.materials.some((m) => m.id === id)) return false
    await this.db.update((data) => {
      data.materials = data.materials.filter((m) => m.id !== id)
    })
    await rm(this.filePath(id), { force: true })
    await rm(this.previewPath(id), { force: true })
    return true
  }
}

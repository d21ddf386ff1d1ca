/**
 * MaterialStore in the data directory: `<dir>/files/<id>` holds each material's bytes exactly as
 * uploaded, `<dir>/previews/<id>.png` the picture of a PDF's first page once made, and
 * `<dir>/materials.json` (lowdb, written durably) the descriptions. A file is written to a
 * temporary name, fsynced and linked into place before its description is written, and its
 * description removed before the file: after a crash a description never names a missing file,
 * and a file without a description (left by a crash between the two steps) is removed at open.
 */
import { mkdirSync } from 'node:fs'
import { link, mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Low } from 'lowdb'
import type { Material } from '../../../shared/materials.js'
import type { MaterialStore } from '../types.js'
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

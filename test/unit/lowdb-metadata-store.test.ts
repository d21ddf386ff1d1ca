import { afterEach, beforeEach, describe, it, expect } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DocumentMeta } from '../../shared/schema.js'
import { LowdbMetadataStore } from '../../server/store/embedded/lowdb-metadata-store.js'

let dir: string
let file: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jianyi-metadata-'))
  file = join(dir, 'nested', 'metadata.json')
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const draft = (id: string, updatedAt: string): DocumentMeta => ({
  id: id.padEnd(16, '0'),
  title: `Draft ${id}`,
  groupId: 'group00000000001',
  status: 'draft',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt,
})

describe('LowdbMetadataStore', () => {
  it('creates, reads, lists, updates and deletes documents', async () => {
    const store = await LowdbMetadataStore.open(file)
    const older = draft('older', '2025-01-02T00:00:00.000Z')
    const newer = draft('newer', '2025-01-03T00:00:00.000Z')

    expect(await store.createDocument(older)).toEqual(older)
    await store.createDocument(newer)
    expect(await store.getDocument(older.id)).toEqual(older)
    expect(await store.getDocument('missing000000000')).toBeNull()
    expect((await store.listDocuments()).map((doc) => doc.id)).toEqual([newer.id, older.id])

    const renamed = await store.updateDocument(older.id, { title: 'Renamed', updatedAt: '2025-01-04T00:00:00.000Z' })
    expect(renamed).toEqual({ ...older, title: 'Renamed', updatedAt: '2025-01-04T00:00:00.000Z' })
    expect((await store.listDocuments()).map((doc) => doc.id)).toEqual([older.id, newer.id])
    expect(await store.updateDocument('missing000000000', { title: 'x' })).toBeNull()

    expect(await store.deleteDocument(newer.id)).toBe(true)
    expect(await store.deleteDocument(newer.id)).toBe(false)
    expect(await store.listDocuments()).toEqual([renamed])
    await store.close()
  })

  it('refuses to create a document whose id is taken', async () => {
    const store = await LowdbMetadataStore.open(file)
    await store.createDocument(draft('taken', '2025-01-02T00:00:00.000Z'))

    await expect(store.createDocument(draft('taken', '2025-01-05T00:00:00.000Z'))).rejects.toThrow(/already exists/)
  })

  it('does not let callers change stored records through returned objects', async () => {
    const store = await LowdbMetadataStore.open(file)
    const doc = draft('alias', '2025-01-02T00:00:00.000Z')
    await store.createDocument(doc)

    const fetched = await store.getDocument(doc.id)
    fetched!.title = 'changed by caller'
    ;(await store.listDocuments())[0].title = 'changed by caller'

    expect(await store.getDocument(doc.id)).toEqual(doc)
  })

  it('finds every change again after reopening the file', async () => {
    const store = await LowdbMetadataStore.open(file)
    const kept = draft('kept', '2025-01-02T00:00:00.000Z')
    await store.createDocument(kept)
    await store.createDocument(draft('gone', '2025-01-03T00:00:00.000Z'))
    await store.updateDocument(kept.id, { title: 'Kept and renamed' })
    await store.deleteDocument(draft('gone', '').id)
    await store.close()

    const reopened = await LowdbMetadataStore.open(file)

    expect(await reopened.listDocuments()).toEqual([{ ...kept, title: 'Kept and renamed' }])
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(1)
  })

  it('keeps top-level collections it does not know about when it writes', async () => {
    writeFileSync(join(dir, 'metadata.json'), JSON.stringify({ schemaVersion: 1, documents: [], users: [{ id: 'u' }] }))
    const store = await LowdbMetadataStore.open(join(dir, 'metadata.json'))

    await store.createDocument(draft('doc', '2025-01-02T00:00:00.000Z'))

    expect(JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')).users).toEqual([{ id: 'u' }])
  })

  it('refuses a file written with another schema version', async () => {
    writeFileSync(join(dir, 'metadata.json'), JSON.stringify({ schemaVersion: 2, documents: [] }))

    await expect(LowdbMetadataStore.open(join(dir, 'metadata.json'))).rejects.toThrow(/schema version 2/)
  })
})

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { recordVersion } from '../../server/domain/versions.js'
import { LowdbMetadataStore } from '../../server/store/embedded/lowdb-metadata-store.js'
import { FileVersionStore } from '../../server/store/embedded/file-version-store.js'
import { domainDeps } from '../helpers/domain-deps.js'

/** Every fsync the code under test asks for, with the path of the file or directory it syncs. */
const synced: string[] = []
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>()
  return {
    ...fs,
    open: async (path: string, ...rest: Parameters<typeof fs.open> extends [unknown, ...infer R] ? R : never) => {
      const handle = await fs.open(path, ...rest)
      const sync = handle.sync.bind(handle)
      handle.sync = async () => {
        await sync()
        synced.push(String(path))
      }
      return handle
    },
  }
})

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  synced.length = 0
})
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jianyi-durable-'))
  dirs.push(dir)
  return dir
}

describe('the embedded metadata on disk', () => {
  it('has fsynced the new file and its directory before a change resolves', async () => {
    const dir = tempDir()
    const store = await LowdbMetadataStore.open(join(dir, 'metadata.json'))
    await store.createGroup({
      id: 'group00000000001',
      name: '组',
      members: [],
      chairIds: [],
      secretaryIds: [],
      createdAt: '',
    })
    expect(synced).toEqual([join(dir, '.metadata.json.tmp'), dir])
    expect(JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')).groups).toHaveLength(1)
  })

  it('numbers a new version above every stored version file, even one whose description the metadata lost', async () => {
    const dir = tempDir()
    const metadata = await LowdbMetadataStore.open(join(dir, 'metadata.json'))
    const versions = new FileVersionStore(join(dir, 'versions'))
    const docId = 'doc0000000000001'
    const content = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '正文' }] }] }
    // As after a power cut: version 2's file was fsynced, the metadata that described it was not.
    await versions.put(docId, 1, { state: new Uint8Array([0, 0]), content })
    await versions.put(docId, 2, { state: new Uint8Array([0, 0]), content })
    const deps = domainDeps({ metadata, versions }, new Map())
    const version = await recordVersion(deps, 'user000000000001', docId, '第三稿', 'manual', {
      state: new Uint8Array([0, 0]),
      content,
    })
    expect(version.number).toBe(3)
    expect((await metadata.listVersions(docId)).map((v) => v.number)).toEqual([3])
  })

  it("keeps each document's threads in a file of its own, so a change rewrites only that file", async () => {
    const dir = tempDir()
    const thread = (id: string, documentId: string) => ({
      id,
      documentId,
      anchor: { start: 'AA==', end: 'AA==' },
      quote: '',
      authorId: 'user000000000001',
      createdAt: '',
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
      disposition: null,
      comments: [],
    })
    // A metadata file from before: every thread inside it.
    writeFileSync(
      join(dir, 'metadata.json'),
      JSON.stringify({
        schemaVersion: 1,
        threads: [thread('thread0000000001', 'docA000000000000'), thread('thread0000000002', 'docB000000000000')],
      }),
    )
    const store = await LowdbMetadataStore.open(join(dir, 'metadata.json'))
    expect(JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')).threads).toEqual([])
    expect((await store.listThreads('docB000000000000')).map((t) => t.id)).toEqual(['thread0000000002'])

    synced.length = 0
    await store.updateThread('thread0000000001', (t) => {
      t.resolved = true
    })
    expect(synced).toEqual([join(dir, 'threads', '.docA000000000000.json.tmp'), join(dir, 'threads')])
    const reopened = await LowdbMetadataStore.open(join(dir, 'metadata.json'))
    expect((await reopened.getThread('thread0000000001'))!.resolved).toBe(true)
    expect(await reopened.listThreads('docA000000000000')).toHaveLength(1)
  })
})

import { afterEach, beforeEach, describe, it, expect } from 'vitest'
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { contentOf, docFrom, randomlyEditedDoc } from '../helpers/random-edits.js'
import { encodeRecord } from '../../server/store/embedded/document-log.js'
import { FileDocumentStore, type FileDocumentStoreOptions } from '../../server/store/embedded/file-document-store.js'
import { mergeStoredUpdates } from '../../server/store/merge-updates.js'

let dir: string
const stores: FileDocumentStore[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jianyi-file-store-'))
})

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()))
  rmSync(dir, { recursive: true, force: true })
})

function openStore(options: Partial<FileDocumentStoreOptions> = {}) {
  const warnings: string[] = []
  const store = new FileDocumentStore({ dir, log: (line) => warnings.push(line), ...options })
  stores.push(store)
  return { store, warnings }
}

const bytes = (...values: number[]) => Uint8Array.from(values)

function textUpdate(content: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('text').insert(0, content)
  return Y.encodeStateAsUpdate(doc)
}

describe('FileDocumentStore', () => {
  it('loads what was appended, in order, from a new store on the same directory', async () => {
    const { store } = openStore()
    await store.append('doc-a', [bytes(1), bytes(2, 2)])
    await store.append('doc-a', [bytes(3, 3, 3)])
    await store.append('doc-b', [bytes(9)])
    await store.close()

    const { store: reopened } = openStore()

    expect(await reopened.load('doc-a')).toEqual([bytes(1), bytes(2, 2), bytes(3, 3, 3)])
    expect(await reopened.load('doc-b')).toEqual([bytes(9)])
    expect(await reopened.load('unknown')).toEqual([])
  })

  it('has the appended bytes on disk when append resolves, before any flush or close', async () => {
    for (const fsync of ['interval', 'always'] as const) {
      const { store } = openStore({ fsync, fsyncIntervalMs: 60_000 })
      await store.append(`doc-${fsync}`, [bytes(7), bytes(8)])

      const { store: other } = openStore()

      expect(await other.load(`doc-${fsync}`)).toEqual([bytes(7), bytes(8)])
    }
  })

  it('skips a torn tail with one warning, cuts it off, and keeps appending after it', async () => {
    const { store } = openStore()
    await store.append('doc', [bytes(1), bytes(2)])
    await store.close()
    const logPath = join(dir, 'doc.log')
    const validSize = statSync(logPath).size
    appendFileSync(logPath, encodeRecord(bytes(3, 3, 3, 3)).subarray(0, 10))

    const { store: reopened, warnings } = openStore()

    expect(await reopened.load('doc')).toEqual([bytes(1), bytes(2)])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(logPath)
    expect(warnings[0]).toContain(`byte ${validSize}`)
    expect(warnings[0]).toMatch(/torn/)
    expect(statSync(logPath).size).toBe(validSize)

    await reopened.append('doc', [bytes(4)])

    expect(await reopened.load('doc')).toEqual([bytes(1), bytes(2), bytes(4)])
    expect(warnings).toHaveLength(1)
  })

  it('refuses to load a document whose state file is damaged instead of dropping it', async () => {
    const { store } = openStore()
    await store.append('doc', [textUpdate('hello')])
    await store.compact('doc')
    const statePath = join(dir, 'doc.state')
    const state = readFileSync(statePath)
    state[state.length - 1] ^= 0xff
    writeFileSync(statePath, state)

    await expect(store.load('doc')).rejects.toThrow(/doc\.state is damaged \(corrupt record \(checksum mismatch\)/)
  })

  it('keeps the document identical through compactions, including appends racing them', async () => {
    const { doc, updates } = randomlyEditedDoc(2000)
    const { store } = openStore({ compactBytes: 16 * 1024 })

    // Not awaited one by one: compaction must not drop an update appended around it.
    await Promise.all(updates.map((update, i) => store.append('doc', updates.slice(i, i + 1))))
    await store.compact('doc')

    expect(statSync(join(dir, 'doc.log')).size).toBe(0)
    const { store: reopened } = openStore()
    const stored = await reopened.load('doc')
    expect(stored).toHaveLength(1)
    const loaded = docFrom(stored)
    expect(contentOf(loaded)).toEqual(contentOf(doc))
    expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(doc))
  })

  it('loads updates appended after a compaction on top of the compacted state', async () => {
    const { doc, updates } = randomlyEditedDoc(300)
    const { store } = openStore()
    await store.append('doc', updates.slice(0, 200))
    await store.compact('doc')
    await store.append('doc', updates.slice(200))

    const stored = await store.load('doc')

    expect(stored).toHaveLength(1 + updates.length - 200)
    expect(contentOf(docFrom(stored))).toEqual(contentOf(doc))
  })

  it('removes every file of a deleted document and can store it again afterwards', async () => {
    const { store } = openStore()
    await store.append('doc', [textUpdate('one')])
    await store.compact('doc')
    await store.append('doc', [textUpdate('two')])

    await store.delete('doc')

    expect(readdirSync(dir)).toEqual([])
    expect(await store.load('doc')).toEqual([])
    await store.append('doc', [bytes(3)])
    expect(await store.load('doc')).toEqual([bytes(3)])
  })

  it('refuses document ids that could leave its directory', async () => {
    const { store } = openStore()
    for (const id of ['../escape', 'a/b', 'a\\b', '..']) {
      await expect(store.append(id, [bytes(1)])).rejects.toThrow(/invalid document id/)
    }
    expect(existsSync(join(dir, '..', 'escape.log'))).toBe(false)
  })

  it('is unusable once closed', async () => {
    const { store } = openStore()
    await store.close()

    await expect(store.append('doc', [bytes(1)])).rejects.toThrow(/closed/)
  })

  it('keeps at most maxOpenLogs logs open while a thousand documents are written, and loses none of them', async () => {
    const openFiles = () => readdirSync('/proc/self/fd').length
    const before = openFiles()
    const { store } = openStore({ maxOpenLogs: 8 })
    for (let i = 0; i < 1000; i++) await store.append(`doc-${i}`, [bytes(i % 256)])
    // Written again after its log was closed: appended to the same file.
    await store.append('doc-0', [bytes(7, 7)])

    expect(openFiles() - before).toBeLessThanOrEqual(8)
    expect(await store.load('doc-0')).toEqual([bytes(0), bytes(7, 7)])
    expect(await store.load('doc-999')).toEqual([bytes(999 % 256)])
  })

  it('folds a log of many small updates into the state when it loads: the next open reads one update of the same text', async () => {
    const { store, warnings } = openStore({ compactRecords: 100 })
    const typist = new Y.Doc()
    const typed: Uint8Array[] = []
    typist.on('update', (update: Uint8Array) => typed.push(update))
    const text = typist.getText('text')
    for (let i = 0; i < 150; i++) text.insert(text.length, '字')
    text.delete(0, 10)
    await store.append('doc', typed)

    const first = await store.load('doc')
    const second = await openStore().store.load('doc')

    expect(first).toHaveLength(1)
    expect(second).toEqual(first)
    expect(statSync(join(dir, 'doc.log')).size).toBe(0)
    const loaded = new Y.Doc()
    Y.applyUpdate(loaded, second[0])
    expect(loaded.getText('text').toString()).toBe('字'.repeat(140))
    expect(warnings).toEqual([])
  })
})

describe('FileDocumentStore folding by count', () => {
  it('folds the log as it is written once it holds compactRecords updates, however few bytes they are', async () => {
    const { store } = openStore({ compactRecords: 100 })
    const typist = new Y.Doc()
    const text = typist.getText('text')
    typist.on('update', (update: Uint8Array) => void store.append('doc', [update]))
    for (let i = 0; i < 250; i++) text.insert(text.length, '字')
    await store.flush()

    const logged = await openStore({ compactRecords: 1_000_000 }).store.load('doc')

    // The state, then the 50 keystrokes since the second fold.
    expect(logged).toHaveLength(51)
    const loaded = new Y.Doc()
    for (const update of logged) Y.applyUpdate(loaded, update)
    expect(loaded.getText('text').toString()).toBe('字'.repeat(250))
  })
})

describe('FileDocumentStore folding with the state its caller holds', () => {
  it('writes the state the appender gives when the log is due to fold, and merges the log when it gives none', async () => {
    const { store } = openStore({ compactRecords: 100 })
    const typist = new Y.Doc()
    const text = typist.getText('text')
    let asked = 0
    let give = true
    typist.on('update', (update: Uint8Array) => {
      void store.append('doc', [update], {
        state: () => {
          asked++
          return give ? Y.encodeStateAsUpdate(typist) : null
        },
      })
    })
    for (let i = 0; i < 100; i++) text.insert(text.length, '字')
    // Folded once, from the given state: the store holds it alone.
    expect(asked).toBe(1)
    const folded = await openStore({ compactRecords: 1_000_000 }).store.load('doc')
    expect(folded.map((u) => [...u])).toEqual([[...Y.encodeStateAsUpdate(typist)]])

    give = false
    for (let i = 0; i < 150; i++) text.insert(text.length, '文')
    expect(asked).toBe(2)
    const logged = await openStore({ compactRecords: 1_000_000 }).store.load('doc')
    // The state merged from the files, then the 50 keystrokes since.
    expect(logged).toHaveLength(51)
    const loaded = new Y.Doc()
    for (const update of logged) Y.applyUpdate(loaded, update)
    expect(loaded.getText('text').toString()).toBe('字'.repeat(100) + '文'.repeat(150))
  })
})

describe('mergeStoredUpdates', () => {
  it('gives the document all the updates give, keeping one that waits for a missing predecessor', () => {
    const source = new Y.Doc()
    const updates: Uint8Array[] = []
    source.on('update', (update: Uint8Array) => updates.push(update))
    const text = source.getText('text')
    for (const word of ['关于', '推进', '数字乡村', '建设']) text.insert(text.length, word)
    const [first, ...rest] = updates

    const mergedWithoutFirst = mergeStoredUpdates(rest)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, mergedWithoutFirst)
    expect(doc.getText('text').toString()).toBe('')
    Y.applyUpdate(doc, first)

    expect(doc.getText('text').toString()).toBe('关于推进数字乡村建设')
  })
})

/**
 * The background refresh of the search text index (server/domain/search-refresh.ts), over an
 * in-memory document store and index: a document is refreshed once after its edits quiet down, at
 * its stamp of before the read, one document at a time; a failure is logged and left to the search;
 * a deleted document is forgotten. (test/integration/search-postgres.test.ts runs it on PostgreSQL.)
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Deps } from '../../server/domain/deps.js'
import { indexedText } from '../../server/domain/search.js'
import { SearchRefresh } from '../../server/domain/search-refresh.js'
import type { DocumentStore, SearchTextStore } from '../../server/store/types.js'

function paragraphUpdate(words: string): Uint8Array {
  const ydoc = new Y.Doc()
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(words)])
  ydoc.getXmlFragment('default').insert(0, [paragraph])
  return Y.encodeStateAsUpdate(ydoc)
}

/** A document store in memory whose "seq" is the number of updates stored, and an index over it. */
function memoryStores() {
  const logs = new Map<string, Uint8Array[]>()
  const rows = new Map<string, { text: string; stamp: string }>()
  const seq = (docId: string) => String(logs.get(docId)?.length ?? 0)
  const asked: string[] = []
  const content: DocumentStore = {
    load: async (docId) => [...(logs.get(docId) ?? [])],
    append: async (docId, updates) => {
      logs.set(docId, [...(logs.get(docId) ?? []), ...updates])
      return true
    },
    delete: async (docId) => {
      logs.delete(docId)
    },
    flush: async () => {},
    close: async () => {},
  }
  const index: SearchTextStore = {
    candidates: async () => ({ matching: [], stale: [] }),
    staleStamp: async (docId) => {
      asked.push(docId)
      if (!logs.has(docId) || rows.get(docId)?.stamp === seq(docId)) return null
      return { groupId: 'group', stamp: seq(docId) }
    },
    put: async (docId, _groupId, text, stamp) => {
      rows.set(docId, { text, stamp })
    },
  }
  return { content, index, rows, asked, seq }
}

describe('SearchRefresh', () => {
  const closing: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const close of closing.splice(0)) await close()
  })

  function start(options: { textOfUpdates?: (updates: Uint8Array[]) => Promise<string[]> } = {}) {
    const stores = memoryStores()
    const refresh = new SearchRefresh({ quietMs: 5, maxWaitMs: 1000 })
    const content = refresh.watch(stores.content)
    const logged: string[] = []
    const textOfUpdates =
      options.textOfUpdates ??
      (async (updates: Uint8Array[]) => {
        const ydoc = new Y.Doc()
        for (const update of updates) Y.applyUpdate(ydoc, update)
        return ydoc
          .getXmlFragment('default')
          .toArray()
          .map((node) => (node as Y.XmlElement).toArray().join(''))
      })
    const deps = {
      content,
      searchText: stores.index,
      heavy: { textOfUpdates },
      log: (line: string) => logged.push(line),
    } as unknown as Deps
    refresh.start(deps)
    closing.push(() => refresh.close())
    return { ...stores, content, refresh, logged }
  }

  it('indexes a document once after a burst of stored edits, at its current stamp', async () => {
    const { content, refresh, rows, asked, seq } = start()
    for (const words of ['第一段', '第二段', '第三段']) await content.append('doc1', [paragraphUpdate(words)])
    await refresh.whenIdle()

    expect(asked).toEqual(['doc1'])
    expect(rows.get('doc1')!.stamp).toBe(seq('doc1'))
    expect(rows.get('doc1')!.text.split('\n').sort()).toEqual(['第一段', '第三段', '第二段'])
  })

  it('refreshes again after the next edit, and leaves a document that failed to the search, logged', async () => {
    let fail = true
    const { content, refresh, rows, logged, seq } = start({
      textOfUpdates: async (updates) => {
        if (fail) throw new Error('over the budget')
        return [`${updates.length} updates`]
      },
    })
    await content.append('doc1', [paragraphUpdate('甲')])
    await refresh.whenIdle()
    expect(rows.has('doc1')).toBe(false)
    expect(logged).toEqual([expect.stringContaining('over the budget')])

    fail = false
    await content.append('doc1', [paragraphUpdate('乙')])
    await refresh.whenIdle()
    expect(rows.get('doc1')).toEqual({ text: '2 updates', stamp: seq('doc1') })
  })

  it('keeps a long text folded as the search folds it, however it is sliced', async () => {
    const blocks = ['ＡＢＣ高标准农田'.repeat(10_000), 'x', 'Ｘ'.repeat(150_000), '', '建设'.repeat(30_000)]
    const { content, refresh, rows } = start({ textOfUpdates: async () => blocks })
    await content.append('doc1', [paragraphUpdate('甲')])
    await refresh.whenIdle()
    expect(rows.get('doc1')!.text).toBe(indexedText(blocks))
  })

  it('forgets a document deleted before its refresh', async () => {
    const { content, refresh, asked } = start()
    await content.append('doc1', [paragraphUpdate('甲')])
    await content.delete('doc1')
    await refresh.whenIdle()
    expect(asked).toEqual([])
  })
})

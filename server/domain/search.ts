/**
 * 搜索: words across the documents the reader may open — their live text, their saved versions and
 * their comment threads — found by plain substring matching (shared/search.ts), which is what
 * Chinese needs: no segmentation, 高标准农田 is found inside 加强高标准农田建设.
 *
 * The documents are exactly those the document list shows the reader (visibleDocuments: the same
 * policy), so search can reveal nothing the reader could not open. Live text is read from the store
 * as every instance shares it and decoded in the worker pool, never on the event loop; the decoded
 * text is kept per document while its stored updates stay the same, and a version's text for good
 * (versions never change), both within one budget of characters.
 *
 * Where the store keeps a text index (PostgreSQL, a trigram index: SearchTextStore), a query of 3
 * characters or more first asks it which documents may hold the words in their live text; the
 * others are not decoded (their title, versions and threads are still searched). A document whose
 * indexed text is older than its content is read as before and indexed again, so the index only
 * ever narrows, never hides: the results are those of reading everything. Rows are mostly fresh
 * already: search-refresh.ts indexes a document again in the background soon after it is stored.
 */
import { textBlocks, type JsonNode } from '../../shared/editor/text.js'
import { foldForSearch, occurrences, snippetAt } from '../../shared/search.js'
import type {
  DocumentView,
  MaterialSearchHit,
  SearchHit,
  SearchResult,
  SearchResults,
  Thread,
} from '../../shared/schema.js'
import { materialAccess, type Actor } from '../policy.js'
import type { DocumentStore } from '../store/types.js'
import type { Deps } from './deps.js'
import { visibleDocuments } from './documents.js'

/** Hits listed per document and place; the result still counts every occurrence in the live text. */
const TEXT_HITS = 3
const VERSION_HITS = 2
const THREAD_HITS = 3
/** Documents in one answer at most. */
const MAX_RESULTS = 50
/** Documents read at once (the worker pool has two threads; reading the store overlaps them). */
const PARALLEL = 4
/** Shorter words make trigrams that narrow nothing down: every document is read. */
const INDEXED_QUERY_CHARS = 3
/** Characters of decoded text kept between searches (about 20 MB as JavaScript strings). */
const CACHE_CHARS = 10_000_000

/** Decoded texts, least recently used first; each under its key with the stamp it was decoded at. */
class TextCache {
  private readonly entries = new Map<string, { stamp: string; blocks: string[]; chars: number }>()
  private chars = 0

  get(key: string, stamp: string): string[] | null {
    const entry = this.entries.get(key)
    if (!entry || entry.stamp !== stamp) return null
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry.blocks
  }

  set(key: string, stamp: string, blocks: string[]): void {
    this.forget(key)
    const chars = blocks.reduce((n, block) => n + block.length, 0)
    if (chars > CACHE_CHARS) return
    this.entries.set(key, { stamp, blocks, chars })
    this.chars += chars
    for (const [oldest, entry] of this.entries) {
      if (this.chars <= CACHE_CHARS) break
      this.entries.delete(oldest)
      this.chars -= entry.chars
    }
  }

  private forget(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.entries.delete(key)
    this.chars -= entry.chars
  }
}

// One cache per document store: the search and the background refresh (search-refresh.ts) share it
// even when they are handed different Deps objects over the same stores.
const caches = new WeakMap<DocumentStore, TextCache>()
const cacheOf = (deps: Deps) => {
  let cache = caches.get(deps.content)
  if (!cache) caches.set(deps.content, (cache = new TextCache()))
  return cache
}

/**
 * What the stored updates are now, cheaply: their number, their bytes, and a checksum of the last
 * one. Every edit appends an update; folding the log changes the number. Either way the text is
 * decoded again.
 */
function stampOf(updates: Uint8Array[]): string {
  let bytes = 0
  for (const update of updates) bytes += update.length
  const last = updates.at(-1) ?? new Uint8Array()
  let hash = 0x811c9dc5
  for (let i = Math.max(0, last.length - 256); i < last.length; i++) hash = Math.imul(hash ^ last[i], 0x01000193)
  return `${updates.length}:${bytes}:${(hash >>> 0).toString(16)}`
}

/** What the text index keeps of a document's blocks: folded as the search folds, one block a line. */
export const indexedText = (blocks: string[]) => blocks.map(foldForSearch).join('\n')

/**
 * What to read of each document for `query`: null when every document is read (no index, or words
 * too short for it); otherwise the documents whose live text may hold the words, each with the stamp
 * to index it at when the index is stale for it.
 */
async function liveTextCandidates(
  deps: Deps,
  documents: DocumentView[],
  query: string,
): Promise<Map<string, string | null> | null> {
  const words = foldForSearch(query.trim())
  if (!deps.searchText || [...words].length < INDEXED_QUERY_CHARS) return null
  const groupIds = [...new Set(documents.map((doc) => doc.groupId))]
  const candidates = await deps.searchText.candidates(groupIds, words)
  if (!candidates) return null
  const read = new Map<string, string | null>(candidates.matching.map((id) => [id, null]))
  for (const { docId, stamp } of candidates.stale) read.set(docId, stamp)
  return read
}

/** The live text of a document as blocks (one per paragraph, heading or cell paragraph). */
export async function liveBlocks(deps: Deps, docId: string): Promise<string[]> {
  const updates = await deps.content.load(docId)
  const stamp = stampOf(updates)
  const cache = cacheOf(deps)
  const cached = cache.get(docId, stamp)
  if (cached) return cached
  const blocks = updates.length === 0 ? [] : await deps.heavy.textOfUpdates(updates)
  cache.set(docId, stamp, blocks)
  return blocks
}

async function versionBlocks(deps: Deps, docId: string, number: number): Promise<string[]> {
  const key = `${docId}@${number}`
  const cache = cacheOf(deps)
  const cached = cache.get(key, '')
  if (cached) return cached
  const snapshot = await deps.versions.get(docId, number)
  const blocks = snapshot ? textBlocks(snapshot.content as JsonNode) : []
  cache.set(key, '', blocks)
  return blocks
}

/** Every occurrence in `blocks`, numbered as the editor counts them: block by block, in order. */
function textHits(blocks: string[], query: string): { count: number; hits: SearchHit[] } {
  let count = 0
  const hits: SearchHit[] = []
  for (const block of blocks) {
    for (const at of occurrences(block, query)) {
      if (hits.length < TEXT_HITS)
        hits.push({ where: 'text', occurrence: count, snippet: snippetAt(block, at, query.trim().length) })
      count++
    }
  }
  return { count, hits }
}

function firstSnippet(blocks: string[], query: string) {
  for (const block of blocks) {
    const [at] = occurrences(block, query, 1)
    if (at !== undefined) return snippetAt(block, at, query.trim().length)
  }
  return null
}

/** Where a thread holds the words: its anchored words, a suggestion's proposal, a comment that is not deleted. */
function threadHit(thread: Thread, query: string): SearchHit | null {
  const texts = [
    thread.quote,
    ...(thread.suggestion && thread.suggestion.status !== 'withdrawn' ? [thread.suggestion.insert] : []),
    ...thread.comments.filter((c) => !c.deleted).map((c) => c.body),
  ]
  const snippet = firstSnippet(texts, query)
  return snippet ? { where: 'thread', threadId: thread.id, quote: thread.quote, snippet } : null
}

/** The versions holding the words, newest first, when the live text no longer does. */
async function versionHits(deps: Deps, docId: string, query: string): Promise<SearchHit[]> {
  const hits: SearchHit[] = []
  const versions = await deps.metadata.listVersions(docId)
  for (const version of [...versions].reverse()) {
    if (hits.length >= VERSION_HITS) break
    const snippet = firstSnippet(await versionBlocks(deps, docId, version.number), query)
    if (snippet) hits.push({ where: 'version', versionNumber: version.number, snippet })
  }
  return hits
}

/**
 * `live`: whether to read the live text (false: the index shows it does not hold the words), and
 * the stamp to index it at after reading, if any.
 */
async function searchOne(
  deps: Deps,
  doc: DocumentView,
  query: string,
  live: { read: boolean; indexAt: string | null },
): Promise<SearchResult | null> {
  let text: { count: number; hits: SearchHit[] } = { count: 0, hits: [] }
  if (live.read) {
    const blocks = await liveBlocks(deps, doc.id)
    if (live.indexAt !== null) await deps.searchText?.put(doc.id, doc.groupId, indexedText(blocks), live.indexAt)
    text = textHits(blocks, query)
  }
  const threads = (await deps.metadata.listThreads(doc.id))
    .map((thread) => threadHit(thread, query))
    .filter((hit): hit is SearchHit => hit !== null)
    .slice(0, THREAD_HITS)
  const versions = text.count === 0 ? await versionHits(deps, doc.id, query) : []
  const hits = [...text.hits, ...versions, ...threads]
  // A title that holds the words lists its document even when nothing else does.
  if (hits.length === 0 && occurrences(doc.title, query, 1).length === 0) return null
  return {
    documentId: doc.id,
    title: doc.title,
    groupName: doc.groupName,
    status: doc.status,
    textCount: text.count,
    hits,
  }
}

/**
 * Materials whose title or source holds `query`, of every group whose materials the reader may read
 * (the rule of the materials routes: policy.ts materialAccess, given the reader's documents there).
 */
async function materialHits(
  deps: Deps,
  actor: Actor,
  documents: DocumentView[],
  query: string,
): Promise<MaterialSearchHit[]> {
  const hits: MaterialSearchHit[] = []
  for (const group of await deps.metadata.listGroups()) {
    const accesses = documents.filter((d) => d.groupId === group.id).map((d) => d.access)
    if (!materialAccess(actor.user, group, accesses).read) continue
    for (const material of await deps.materials.list(group.id)) {
      const field = occurrences(material.title, query, 1).length > 0 ? 'title' : 'source'
      const text = material[field]
      const [at] = occurrences(text, query, 1)
      if (at === undefined) continue
      hits.push({
        groupId: group.id,
        groupName: group.name,
        materialId: material.id,
        title: material.title,
        source: material.source,
        date: material.date,
        type: material.type,
        field,
        snippet: snippetAt(text, at, query.trim().length),
      })
      if (hits.length >= MAX_RESULTS) return hits
    }
  }
  return hits
}

/** The documents the reader may open that hold `query` (in their title, text, versions or threads), those with it in their live text first. */
export async function search(deps: Deps, actor: Actor, query: string): Promise<SearchResults> {
  const documents = await visibleDocuments(deps, actor)
  const candidates = await liveTextCandidates(deps, documents, query)
  const results: SearchResult[] = []
  let skipped = 0
  let next = 0
  const worker = async () => {
    while (next < documents.length) {
      const doc = documents[next++]
      try {
        const result = await searchOne(
          deps,
          doc,
          query,
          candidates
            ? { read: candidates.has(doc.id), indexAt: candidates.get(doc.id) ?? null }
            : { read: true, indexAt: null },
        )
        if (result) results.push(result)
      } catch (error) {
        // Too large or too slow to decode (the worker pool's budgets): left out and counted, not waited for.
        skipped++
        deps.log(`search: ${doc.id} left out: ${(error as Error).message}`)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, documents.length) }, worker))
  const order = new Map(documents.map((doc, index) => [doc.id, index]))
  results.sort(
    (a, b) =>
      Number(b.textCount > 0) - Number(a.textCount > 0) ||
      b.hits.length - a.hits.length ||
      order.get(a.documentId)! - order.get(b.documentId)!,
  )
  return {
    query,
    results: results.slice(0, MAX_RESULTS),
    materials: await materialHits(deps, actor, documents, query),
    skipped,
  }
}

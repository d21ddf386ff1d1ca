/**
 * `npm run bench -- --scenario search-pg`: 搜索 on PostgreSQL (the scale-out store) over `--documents`
 * drafts (default 200) of `--chars` characters each (default 20,000), through the search use case
 * in this process on a fresh schema of TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test),
 * dropped afterwards. Printed, p50/p95 of `--requests` searches of each kind (a phrase in every
 * draft, a phrase in one draft, words in none), three ways:
 * - trigram index: the store's candidates first (migration 12's GIN index), only those decoded;
 * - table without the GIN index: the same candidates found by reading every row of the text table;
 * - no prefilter: every draft's updates read from PostgreSQL and decoded text looked up, as before
 *   the index (the decoded texts cached in memory, as on a running server).
 * Then the first search of each way (the index built by it); the first search after ten drafts were
 * edited, left to the search (lazy) or after the background refresh (SearchRefresh), three rounds
 * each, alternating; the sizes of the index and its table,
 * and whether the planner uses the index for the query the store sends. The answers of all three
 * ways are checked to be the same.
 */
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import * as Y from 'yjs'
import type { Deps } from '../../server/domain/deps.js'
import { search } from '../../server/domain/search.js'
import { SearchRefresh } from '../../server/domain/search-refresh.js'
import { containsPattern } from '../../server/store/postgres/pg-search-text-store.js'
import { openPostgresStores } from '../../server/store/postgres/open-postgres.js'
import type { DocumentStore, StoredUser } from '../../server/store/types.js'
import type { SearchResults } from '../../shared/schema.js'
import { actorOf, domainDeps } from '../helpers/domain-deps.js'
import { freshSchema, probePostgres } from '../helpers/services.js'
import type { Cleanup } from './cleanup.js'
import { paragraphsOf } from './demo-draft.js'
import type { BenchFlags } from './flags.js'
import { ms, percentile } from './report.js'

const PARAGRAPH_CHARS = 500
const markerOf = (i: number) => `第${i + 1}号调研点的群众反映`
const id = (name: string) => `${name}${'0'.repeat(16)}`.slice(0, 16)

/** What an answer says, for comparing the three ways. */
const gist = (r: SearchResults) => JSON.stringify(r.results.map((x) => [x.documentId, x.textCount, x.hits]))

export async function searchPgScenario(flags: BenchFlags, cleanup: Cleanup): Promise<void> {
  const unreachable = await probePostgres()
  if (unreachable) throw new Error(`PostgreSQL unreachable: ${unreachable}`)
  const count = flags.documents
  const paragraphCount = Math.max(1, Math.round(flags.chars / PARAGRAPH_CHARS))
  console.log(
    `bench search-pg: ${count} drafts of ${paragraphCount * PARAGRAPH_CHARS} characters, ` +
      `${flags.requests} searches per kind, PostgreSQL`,
  )
  const schema = await freshSchema()
  cleanup.add('drop the schema', () => schema.drop())
  const stores = await openPostgresStores(schema.url, () => {})
  cleanup.add('close the stores', () => stores.close())
  const db = new pg.Pool({ connectionString: schema.url, max: 1 })
  cleanup.add('end the pool', () => db.end())

  const now = new Date().toISOString()
  const member: StoredUser = {
    id: id('member'),
    username: 'member',
    displayName: '委员',
    role: 'member',
    active: true,
    createdAt: now,
    passwordHash: 'x',
  }
  const outsider: StoredUser = { ...member, id: id('outsider'), username: 'outsider' }
  await stores.metadata.createUser(member)
  await stores.metadata.createUser(outsider)
  const group = { members: [], chairIds: [], secretaryIds: [], createdAt: now }
  await stores.metadata.createGroup({
    ...group,
    id: id('group'),
    name: '专题组',
    members: [{ userId: member.id, convener: true }],
  })
  await stores.metadata.createGroup({
    ...group,
    id: id('othergroup'),
    name: '外组',
    members: [{ userId: outsider.id, convener: true }],
  })

  const setupStart = performance.now()
  for (let i = 0; i < count; i++) {
    const docId = `d${String(i).padStart(15, '0')}`
    await stores.metadata.createDocument({
      id: docId,
      title: `关于第${i + 1}个专题的建议案`,
      groupId: id('group'),
      status: 'draft',
      createdAt: now,
      updatedAt: now,
    })
    const paragraphs = paragraphsOf(paragraphCount, PARAGRAPH_CHARS, i + 1)
    const middle = Math.floor(paragraphs.length / 2)
    paragraphs[middle] = markerOf(i) + paragraphs[middle].slice(markerOf(i).length)
    const ydoc = new Y.Doc()
    ydoc.getXmlFragment('default').insert(
      0,
      paragraphs.map((text) => {
        const paragraph = new Y.XmlElement('paragraph')
        paragraph.insert(0, [new Y.XmlText(text)])
        return paragraph
      }),
    )
    await stores.content.append(docId, [Y.encodeStateAsUpdate(ydoc)])
  }
  console.log(`setup: ${count} drafts stored in ${ms(performance.now() - setupStart)} ms`)

  // As the server runs it: the index refreshed in the background after content is stored.
  const refresh = new SearchRefresh()
  cleanup.add('stop the refresh', () => refresh.close())
  const indexed: Deps = {
    ...domainDeps(stores, new Map()),
    content: refresh.watch(stores.content),
    searchText: stores.searchText,
  }
  refresh.start(indexed)
  // Its own document store object, so its own cache of decoded texts (search.ts keeps one per store).
  const scan: Deps = domainDeps({ ...stores, content: Object.create(stores.content) as DocumentStore }, new Map())
  cleanup.add('stop the workers', () => indexed.heavy.close())
  cleanup.add('stop the workers', () => scan.heavy.close())
  const actor = actorOf(member)
  const queries = { common: '高标准农田', rare: markerOf(Math.floor(count / 2)), absent: '量子计算产业园' }

  const timed = async (deps: Deps, q: string) => {
    const times: number[] = []
    for (let i = 0; i < flags.requests; i++) {
      const start = performance.now()
      await search(deps, actor, q)
      times.push(performance.now() - start)
    }
    return times.sort((a, b) => a - b)
  }
  const once = async (deps: Deps, q: string) => {
    const start = performance.now()
    const answer = await search(deps, actor, q)
    return { answer, ms: performance.now() - start }
  }

  const firstIndexed = await once(indexed, queries.common)
  const firstScan = await once(scan, queries.common)
  if (firstIndexed.answer.skipped + firstScan.answer.skipped > 0) throw new Error('drafts were left out')
  for (const q of Object.values(queries)) {
    const [a, b] = [await search(indexed, actor, q), await search(scan, actor, q)]
    if (gist(a) !== gist(b)) throw new Error(`the index changed the answer to ${q}`)
  }
  const rare = await search(indexed, actor, queries.rare)
  if (rare.results.length !== 1) throw new Error(`${queries.rare} found in ${rare.results.length} drafts, not 1`)
  if ((await search(indexed, actorOf(outsider), queries.common)).results.length !== 0) {
    throw new Error('an outsider found drafts of another group')
  }

  // Ten drafts are edited (a sentence typed into each, one stored update per character, as a room
  // stores typing), then the first search for the typed words. Alternately the index is left to that
  // search (lazy: the ten drafts are stale and decoded by it) or refreshed in the background after
  // the edits (SearchRefresh, as the server runs it; the search waits for it to finish first).
  const typeInto = async (docId: string, sentence: string, store: DocumentStore) => {
    const ydoc = new Y.Doc()
    for (const update of await stores.content.load(docId)) Y.applyUpdate(ydoc, update)
    const updates: Uint8Array[] = []
    ydoc.on('update', (update: Uint8Array) => updates.push(update))
    const text = new Y.XmlText()
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [text])
    ydoc.getXmlFragment('default').push([paragraph])
    for (const [at, char] of [...sentence].entries()) text.insert(at, char)
    ydoc.destroy()
    for (const update of updates) await store.append(docId, [update])
  }
  const editRounds: Record<'lazy' | 'refreshed', { search: number; refresh: number }[]> = { lazy: [], refreshed: [] }
  for (let round = 0; round < 6; round++) {
    const way = round % 2 === 0 ? 'lazy' : 'refreshed'
    const words = `第${round + 1}轮会后补充的意见`
    for (let i = 0; i < 10; i++) {
      const docId = `d${String(i * 7).padStart(15, '0')}`
      await typeInto(
        docId,
        `${words}：要进一步完善农田水利设施的管护机制。`,
        way === 'lazy' ? stores.content : indexed.content,
      )
    }
    const refreshStart = performance.now()
    await refresh.whenIdle()
    const refreshMs = performance.now() - refreshStart
    const { answer, ms: searchMs } = await once(indexed, words)
    if (answer.results.length !== 10) throw new Error(`${words} found in ${answer.results.length} drafts, not 10`)
    editRounds[way].push({ search: searchMs, refresh: refreshMs })
  }

  await db.query('ANALYZE document_search_text')
  const { rows: plan } = await db.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN SELECT doc_id FROM document_search_text WHERE group_id = ANY($1::text[]) AND text LIKE $2`,
    [[id('group')], containsPattern(queries.rare)],
  )
  const usesIndex = plan.some((row) => row['QUERY PLAN'].includes('document_search_text_trgm'))
  const { rows: sizes } = await db.query<{ index: string; heap: string; total: string }>(
    `SELECT pg_relation_size('document_search_text_trgm') AS index,
            pg_relation_size('document_search_text') AS heap,
            pg_total_relation_size('document_search_text') AS total`,
  )

  const ways: [string, Deps][] = [['trigram index', indexed]]
  const results: Record<string, Record<string, number[]>> = {}
  for (const [way, deps] of ways) {
    results[way] = {}
    for (const [kind, q] of Object.entries(queries)) results[way][kind] = await timed(deps, q)
  }
  await db.query('DROP INDEX document_search_text_trgm')
  results['table without the GIN index'] = {}
  for (const [kind, q] of Object.entries(queries))
    results['table without the GIN index'][kind] = await timed(indexed, q)
  results['no prefilter (read all)'] = {}
  for (const [kind, q] of Object.entries(queries)) results['no prefilter (read all)'][kind] = await timed(scan, q)

  const labels: Record<string, string> = {
    common: `"${queries.common}" (in every draft)`,
    rare: `"${queries.rare}" (in one draft)`,
    absent: `"${queries.absent}" (in none)`,
  }
  for (const [way, kinds] of Object.entries(results)) {
    console.log(`${way}:`)
    for (const [kind, times] of Object.entries(kinds)) {
      console.log(
        `  ${labels[kind].padEnd(34)} p50 ${ms(percentile(times, 50)).padStart(7)} ms  p95 ${ms(percentile(times, 95)).padStart(7)} ms`,
      )
    }
  }
  const mb = (bytes: string) => `${(Number(bytes) / 1048576).toFixed(1)} MB`
  console.log(
    `first search: ${ms(firstIndexed.ms)} ms with the index (decodes all, fills the index), ` +
      `${ms(firstScan.ms)} ms without (decodes all)`,
  )
  for (const [way, rounds] of Object.entries(editRounds)) {
    const searches = rounds.map((r) => r.search).sort((x, y) => x - y)
    console.log(
      `first search after ten drafts were edited, ${way.padEnd(9)}: median ${ms(percentile(searches, 50))} ms ` +
        `(${rounds.map((r) => ms(r.search)).join(', ')} ms)` +
        (way === 'refreshed'
          ? `; refreshed in the background ${rounds.map((r) => ms(r.refresh)).join(', ')} ms after the last edit, a 2 s quiet period included`
          : ''),
    )
  }
  console.log(
    `index document_search_text_trgm: ${mb(sizes[0].index)}; table document_search_text ${mb(sizes[0].heap)} ` +
      `(${mb(sizes[0].total)} with TOAST and indexes)`,
  )
  console.log(`planner uses the trigram index for the store's query: ${usesIndex ? 'yes' : 'no'}`)
}

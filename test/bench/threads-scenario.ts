/**
 * `npm run bench -- --scenario threads`: the comment sidebar's one request. A draft gets `--threads`
 * threads and `--comments` comments in all (each thread's first included) through the real API,
 * anchored by Yjs relative positions over text a peer wrote; then GET /api/documents/:id/threads
 * (everything in one response) is timed against GET /api/documents/:id (the document alone),
 * interleaved request by request so a busy spell of the machine hits both alike.
 */
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { Cleanup } from './cleanup.js'
import { createDemoDraft, paragraphsOf, signInDemo, startDemoServer, writeParagraphs } from './demo-draft.js'
import type { BenchFlags } from './flags.js'
import { api } from './api.js'
import { ms, percentile, ratio } from './report.js'
import type { OurInstance } from './targets.js'

/** Threads per paragraph, and the paragraph length that leaves room for their ranges. */
const THREADS_PER_PARAGRAPH = 5
const PARAGRAPH_CHARS = 60
/** Requests in flight while building the threads (the sidebar of a busy committee, not a flood). */
const CONCURRENCY = 4
const WARMUP_REQUESTS = 5

const commentBodies = [
  '这里的表述需要再斟酌，建议补充近三年的具体数据。',
  '同意，建议与财政局的口径保持一致。',
  '此处数据来源请注明，是否为统计年鉴口径？',
  '建议改为“稳步提升”，避免绝对化表述。',
  '请 @chengyuan1 核实一下调研走访的县区数量。',
  '已与农业农村局沟通，对方无异议。',
  '建议将管护经费的来源写得更具体一些。',
]

interface Timed {
  ms: number
  /** Body bytes as decoded; `encoding` says whether the wire carried them compressed. */
  bytes: number
  encoding: string | null
}

/** Anchor from character `from` to `to` of a paragraph's text, as the editor makes one (test/integration/threads.test.ts). */
function anchor(text: Y.XmlText, from: number, to: number): { start: string; end: string } {
  const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64')
  return {
    start: encode(Y.createRelativePositionFromTypeIndex(text, from, 0)),
    end: encode(Y.createRelativePositionFromTypeIndex(text, to, -1)),
  }
}

/** Runs `task(0 … count−1)` with at most `concurrency` in flight; resolves with each one's duration (ms). */
async function inPool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number[]> {
  const durations: number[] = []
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      const start = performance.now()
      await task(i)
      durations.push(performance.now() - start)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return durations
}

/** One GET, timed until the whole body has arrived. */
async function timedGet(instance: OurInstance, path: string, cookie: string): Promise<Timed> {
  const start = performance.now()
  const response = await fetch(`${instance.server.url}/api${path}`, { headers: { cookie } })
  const body = await response.arrayBuffer()
  const elapsed = performance.now() - start
  if (response.status !== 200)
    throw new Error(`GET /api${path} answered ${response.status}: ${Buffer.from(body).toString()}`)
  return { ms: elapsed, bytes: body.byteLength, encoding: response.headers.get('content-encoding') }
}

const kB = (bytes: number) => (bytes >= 100_000 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} kB`)

export async function threadsScenario(flags: BenchFlags, cleanup: Cleanup): Promise<void> {
  const replies = flags.comments - flags.threads
  console.log(
    `bench threads: one draft with ${flags.threads} threads and ${flags.comments} comments` +
      ` (${flags.threads} opening + ${replies} replies), then ${flags.requests} timed GETs of each kind, embedded store`,
  )
  const instance = await startDemoServer({ profileDir: flags.profileDir, nice: flags.nice }, cleanup)
  console.log(`started ours: pid ${instance.pid}, ${instance.server.url}, DATA_DIR ${instance.server.dataDir}`)
  const [convener, member1, member2] = await Promise.all(
    ['zuzhang', 'chengyuan1', 'chengyuan2'].map((u) => signInDemo(instance, u)),
  )
  const authors = [member1, member2, convener]
  const docId = await createDemoDraft(instance, convener, '关于完善高标准农田建后管护机制的建议案')

  const paragraphCount = Math.ceil(flags.threads / THREADS_PER_PARAGRAPH)
  const setupStart = performance.now()
  // The writer stays connected: the sidebar is read while the document is open, so the room is live.
  const writer = await writeParagraphs(instance, docId, member1, paragraphsOf(paragraphCount, PARAGRAPH_CHARS), cleanup)
  const fragment = writer.doc.getXmlFragment('default')

  const threadIds: string[] = new Array(flags.threads)
  const threadMs = await inPool(flags.threads, CONCURRENCY, async (i) => {
    const paragraph = fragment.get(i % paragraphCount) as Y.XmlElement
    const text = paragraph.get(0) as Y.XmlText
    // Up to five overlapping ranges per paragraph, 4–9 characters long.
    const from = Math.floor(i / paragraphCount) * 11
    const body = { anchor: anchor(text, from, from + 4 + (i % 6)), body: commentBodies[i % commentBodies.length] }
    const { body: thread } = await api<{ id: string }>(
      instance.server,
      'POST',
      `/documents/${docId}/threads`,
      body,
      201,
      authors[i % 3],
    )
    threadIds[i] = thread.id
  })
  const replyMs = await inPool(replies, CONCURRENCY, async (j) => {
    const body = { body: commentBodies[(j + 3) % commentBodies.length] }
    await api(
      instance.server,
      'POST',
      `/documents/${docId}/threads/${threadIds[j % flags.threads]}/comments`,
      body,
      201,
      authors[(j + 1) % 3],
    )
  })
  const setupSeconds = (performance.now() - setupStart) / 1000

  // What the sidebar gets must be everything that was created.
  const { body: list } = await api<{ threads: { comments: unknown[] }[] }>(
    instance.server,
    'GET',
    `/documents/${docId}/threads`,
    undefined,
    200,
    member1,
  )
  const listedComments = list.threads.reduce((n, t) => n + t.comments.length, 0)
  if (list.threads.length !== flags.threads || listedComments !== flags.comments) {
    throw new Error(
      `GET …/threads listed ${list.threads.length} threads and ${listedComments} comments, expected ${flags.threads} and ${flags.comments}`,
    )
  }
  console.log(
    `created ${flags.threads} threads and ${replies} replies in ${setupSeconds.toFixed(1)} s` +
      ` (POST thread median ${ms(percentile(threadMs, 50))} ms, POST comment median ${ms(percentile(replyMs, 50))} ms, ${CONCURRENCY} in flight)`,
  )

  const threadsPath = `/documents/${docId}/threads`
  const documentPath = `/documents/${docId}`
  for (let i = 0; i < WARMUP_REQUESTS; i++) {
    await timedGet(instance, threadsPath, member1)
    await timedGet(instance, documentPath, member1)
  }
  const threads: Timed[] = []
  const reference: Timed[] = []
  for (let i = 0; i < flags.requests; i++) {
    // ABBA…: neither request always runs first.
    if (i % 2 === 0) {
      threads.push(await timedGet(instance, threadsPath, member1))
      reference.push(await timedGet(instance, documentPath, member1))
    } else {
      reference.push(await timedGet(instance, documentPath, member1))
      threads.push(await timedGet(instance, threadsPath, member1))
    }
  }
  writer.destroy()
  if (!instance.running()) throw new Error(`our server exited during the requests:\n${instance.server.output()}`)

  const figures = (timed: Timed[]) => {
    const times = timed.map((t) => t.ms)
    const last = timed.at(-1)!
    return {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: Math.max(...times),
      bytes: last.bytes,
      encoding: last.encoding,
    }
  }
  const t = figures(threads)
  const r = figures(reference)
  console.log(
    [
      '',
      `GET …/threads answers ${flags.threads} threads with ${flags.comments} comments in ${kB(t.bytes)};` +
        ` ${ratio(t.p50, r.p50)}× the median time of GET /api/documents/:id`,
      '',
      `| metric (${flags.requests} requests each, interleaved) | GET /api/documents/:id/threads | GET /api/documents/:id (reference) | threads / reference |`,
      '| --- | ---: | ---: | ---: |',
      `| response time median (ms) | ${ms(t.p50)} | ${ms(r.p50)} | ${ratio(t.p50, r.p50)} |`,
      `| response time p95 (ms) | ${ms(t.p95)} | ${ms(r.p95)} | ${ratio(t.p95, r.p95)} |`,
      `| response time max (ms) | ${ms(t.max)} | ${ms(r.max)} | ${ratio(t.max, r.max)} |`,
      `| response size (bytes of JSON; content-encoding ${t.encoding ?? 'none'} / ${r.encoding ?? 'none'}) | ${t.bytes} (${kB(t.bytes)}) | ${r.bytes} (${kB(r.bytes)}) | ${ratio(t.bytes, r.bytes)} |`,
      `| per thread: median time, size | ${((t.p50 / flags.threads) * 1000).toFixed(1)} µs, ${(t.bytes / flags.threads).toFixed(0)} B | — | — |`,
    ].join('\n'),
  )
}

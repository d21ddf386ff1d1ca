/**
 * `npm run bench -- --scenario metadata`: what one comment change costs the embedded metadata
 * store when it holds `--threads` threads (10,000 by default, 500 per document, three comments
 * each), against the same change in a store that holds only that one thread. In process, on the
 * store itself: the store is seeded by writing its file, then `--requests` replies are stored one
 * after another (read the thread, add a comment, store it), each awaited (fsync included).
 * Reported: the event loop's busy time per change (serializing, copying — what every other
 * request and socket waits for), the longest the event loop was blocked, and each change's latency.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import type { Thread } from '../../shared/schema.js'
import { LowdbMetadataStore } from '../../server/store/embedded/lowdb-metadata-store.js'
import type { Cleanup } from './cleanup.js'
import type { BenchFlags } from './flags.js'
import { ms, percentile, ratio } from './report.js'

const THREADS_PER_DOCUMENT = 500
const COMMENTS_PER_THREAD = 3

const id = (prefix: string, n: number) => `${prefix}${String(n).padStart(16 - prefix.length, '0')}`

function thread(docNumber: number, n: number): Thread {
  const at = '2026-11-27T08:00:00.000Z'
  return {
    id: id('t', n),
    documentId: id('d', docNumber),
    anchor: { start: 'AYSc5fYNAAHE5/DTDQAA', end: 'AYSc5fYNAAnE5/DTDQD/' },
    quote: '近年来，我市累计建成高标准农田48.6万亩',
    authorId: id('u', n % 7),
    createdAt: at,
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
    disposition: null,
    comments: Array.from({ length: COMMENTS_PER_THREAD }, (_, c) => ({
      id: id('c', n * COMMENTS_PER_THREAD + c),
      authorId: id('u', (n + c) % 7),
      body: '这里的表述需要再斟酌，建议补充近三年的具体数据，并与财政局的口径保持一致。',
      mentions: [],
      createdAt: at,
      editedAt: null,
      history: [],
      deleted: false,
    })),
  }
}

interface Measured {
  /** Event-loop busy time per change, ms. */
  busyMs: number
  /** Longest event-loop block during the changes, ms. */
  maxBlockMs: number
  latencies: number[]
}

/** A store seeded with `count` threads (written as the metadata file of schema version 1), then `changes` replies. */
async function measure(count: number, changes: number, cleanup: Cleanup): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'jianyi-bench-metadata-'))
  cleanup.add(`removing ${dir}`, async () => rmSync(dir, { recursive: true, force: true }))
  const threads = Array.from({ length: count }, (_, n) => thread(Math.floor(n / THREADS_PER_DOCUMENT), n))
  const documents = [...new Set(threads.map((t) => t.documentId))].map((docId) => ({
    id: docId,
    title: '关于加强我市高标准农田建设的建议案',
    groupId: id('g', 1),
    status: 'draft',
    createdAt: '2026-11-27T08:00:00.000Z',
    updatedAt: '2026-11-27T08:00:00.000Z',
  }))
  const file = join(dir, 'metadata.json')
  writeFileSync(file, JSON.stringify({ schemaVersion: 1, documents, threads }))
  const store = await LowdbMetadataStore.open(file)

  const latencies: number[] = []
  const delay = monitorEventLoopDelay({ resolution: 1 })
  // One unmeasured change: the first write of a migrated or fresh store.
  const change = async (i: number) => {
    const target = threads[(i * 7919) % count].id
    const stored = (await store.getThread(target))!
    stored.comments.push({ ...stored.comments[0], id: id('r', i), body: `回复 ${i}` })
    await store.putThread(stored)
  }
  await change(changes)
  const before = performance.eventLoopUtilization()
  delay.enable()
  for (let i = 0; i < changes; i++) {
    const start = performance.now()
    await change(i)
    latencies.push(performance.now() - start)
  }
  delay.disable()
  const used = performance.eventLoopUtilization(before)
  await store.close()
  return { busyMs: used.active / changes, maxBlockMs: delay.max / 1e6, latencies }
}

export async function metadataScenario(flags: BenchFlags, cleanup: Cleanup): Promise<void> {
  console.log(
    `bench metadata: ${flags.requests} replies stored one by one in an embedded store holding ${flags.threads} threads ` +
      `(${THREADS_PER_DOCUMENT} per document, ${COMMENTS_PER_THREAD} comments each), against a store holding one thread`,
  )
  const alone = await measure(1, flags.requests, cleanup)
  const full = await measure(flags.threads, flags.requests, cleanup)
  const row = (name: string, m: Measured) =>
    `${name.padEnd(16)} event loop ${ms(m.busyMs)} ms per change, longest block ${ms(m.maxBlockMs)} ms, ` +
    `latency median ${ms(percentile(m.latencies, 50))} ms, p95 ${ms(percentile(m.latencies, 95))} ms`
  console.log(row('one thread', alone))
  console.log(row(`${flags.threads} threads`, full))
  console.log(
    `ratio ${flags.threads} threads / one: event loop ${ratio(full.busyMs, alone.busyMs)}, ` +
      `latency median ${ratio(percentile(full.latencies, 50), percentile(alone.latencies, 50))}` +
      ` (target: event loop per change < 5 ms: ${full.busyMs < 5 ? 'met' : 'missed'})`,
  )
}

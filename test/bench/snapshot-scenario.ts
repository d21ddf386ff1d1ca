/**
 * `npm run bench -- --scenario snapshot`: what saving a version of a long document costs while
 * people type in it. A peer writes `--chars` characters as paragraphs; then `--clients` editors type
 * into random paragraphs (`--rate` edits/s in all) twice on the same document: once while the
 * convener saves `--snapshots` versions (POST /api/documents/:id/versions), once without (the
 * reference). Reported: each snapshot's response time against the 300 ms target, and the editors'
 * propagation latency with snapshots over without.
 */
import { performance } from 'node:perf_hooks'
import { api } from './api.js'
import type { Cleanup } from './cleanup.js'
import { createDemoDraft, paragraphsOf, signInDemo, startDemoServer, writeParagraphs } from './demo-draft.js'
import { readProcessCpuMs } from './cpu-time.js'
import { loadSettings, type BenchFlags } from './flags.js'
import { runLoadInChild, type LoadResult } from './load.js'
import {
  cpu,
  describeSummary,
  met,
  ms,
  othersShare,
  pct,
  percentile,
  ratio,
  summarize,
  type Summary,
} from './report.js'
import type { OurInstance } from './targets.js'

/** A snapshot should answer within this. */
const SNAPSHOT_TARGET_MS = 300
const PARAGRAPH_CHARS = 100

interface SnapshotTiming {
  /** When the request was sent and answered, ms since the epoch (comparable with LoadResult.sentAtMs). */
  startMs: number
  endMs: number
  ms: number
  /** Server CPU while the request ran (10 ms ticks; the few edits typed meanwhile are included). */
  cpuMs: number
  charCount: number
}

type Mode = 'with' | 'without'

const now = () => performance.timeOrigin + performance.now()

/** Saves one version as the convener and times the request. */
async function snapshot(instance: OurInstance, docId: string, cookie: string, label: string): Promise<SnapshotTiming> {
  const cpuStart = readProcessCpuMs(instance.pid)
  const startMs = now()
  const { body } = await api<{ charCount: number }>(
    instance.server,
    'POST',
    `/documents/${docId}/versions`,
    { label },
    201,
    cookie,
  )
  const endMs = now()
  const cpuMs = readProcessCpuMs(instance.pid) - cpuStart
  return { startMs, endMs, ms: endMs - startMs, cpuMs, charCount: body.charCount }
}

/**
 * Latencies of the edits whose propagation overlapped a snapshot: sent before it was answered and
 * not yet everywhere when it was requested.
 */
function inFlightDuringSnapshots(result: LoadResult, snapshots: SnapshotTiming[]): (number | null)[] {
  const overlapping: (number | null)[] = []
  result.sentAtMs.forEach((sent, n) => {
    const latency = result.latenciesMs[n]
    const arrived = latency === null ? Infinity : sent + latency
    if (snapshots.some((s) => sent <= s.endMs && arrived >= s.startMs)) overlapping.push(latency)
  })
  return overlapping
}

function describeSnapshots(
  withSnapshots: Summary,
  without: Summary,
  snapshots: SnapshotTiming[],
  overlapping: (number | null)[],
  cold: SnapshotTiming,
): string {
  const times = snapshots.map((s) => s.ms)
  const median = percentile(times, 50)
  const max = Math.max(...times)
  const delivery = withSnapshots.delivered === withSnapshots.expected && without.delivered === without.expected
  const cpuPerSnapshot = snapshots.reduce((total, s) => total + s.cpuMs, 0) / snapshots.length
  const noisy = Math.max(othersShare(withSnapshots), othersShare(without))
  return [
    'snapshots',
    `  snapshot under ${SNAPSHOT_TARGET_MS} ms: median ${ms(median)} ms → ${met(median < SNAPSHOT_TARGET_MS)};` +
      ` max ${ms(max)} ms → ${met(max < SNAPSHOT_TARGET_MS)}` +
      ` (${snapshots.length} snapshots of ${Math.min(...snapshots.map((s) => s.charCount))}–${Math.max(...snapshots.map((s) => s.charCount))} characters)`,
    `  first snapshot, before the loads (cold): ${ms(cold.ms)} ms`,
    `  typing latency with / without snapshots: p50 ${ratio(withSnapshots.p50Ms, without.p50Ms)}, p99 ${ratio(withSnapshots.p99Ms, without.p99Ms)}`,
    `  server CPU per snapshot: ${cpuPerSnapshot.toFixed(0)} ms on average (process CPU while each request ran);` +
      ' a response time far above it is time spent waiting — for the disk or for a core',
    ...(noisy > 0.25
      ? [
          `  caution: other programs took up to ${cpu(noisy)} of a core during the loads; latency ratios are noisy (try --rounds 3).`,
        ]
      : []),
    '',
    '| metric | with snapshots | without snapshots (reference) | with / without | target | met |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    `| typing propagation latency p50 (ms) | ${ms(withSnapshots.p50Ms)} | ${ms(without.p50Ms)} | ${ratio(withSnapshots.p50Ms, without.p50Ms)} | — | — |`,
    `| typing propagation latency p99 (ms) | ${ms(withSnapshots.p99Ms)} | ${ms(without.p99Ms)} | ${ratio(withSnapshots.p99Ms, without.p99Ms)} | — | — |`,
    `| delivered / expected | ${withSnapshots.delivered} / ${withSnapshots.expected} (${pct(withSnapshots.deliveryShare)}) | ${without.delivered} / ${without.expected} (${pct(without.deliveryShare)}) | — | 100 % | ${met(delivery)} |`,
    `| server CPU ms / 1,000 delivered (snapshots included) | ${ms(withSnapshots.cpuPerThousand)} | ${ms(without.cpuPerThousand)} | ${ratio(withSnapshots.cpuPerThousand, without.cpuPerThousand)} | — | — |`,
    `| snapshot: POST …/versions median of ${snapshots.length} (ms) | ${ms(median)} | — | — | < ${SNAPSHOT_TARGET_MS} | ${met(median < SNAPSHOT_TARGET_MS)} |`,
    `| snapshot: POST …/versions max of ${snapshots.length} (ms) | ${ms(max)} | — | — | < ${SNAPSHOT_TARGET_MS} | ${met(max < SNAPSHOT_TARGET_MS)} |`,
    `| snapshot: server CPU per request, mean (ms) | ${cpuPerSnapshot.toFixed(0)} | — | — | — | — |`,
    `| edits in flight during a snapshot: count; latency p50 / max (ms) | ${overlapping.length}` +
      (overlapping.length > 0 ? `; ${ms(percentile(overlapping, 50))} / ${ms(percentile(overlapping, 100))}` : '') +
      ' | — | — | — | — |',
    `| other programs' CPU during the load (share of a core) | ${cpu(othersShare(withSnapshots))} | ${cpu(othersShare(without))} | — | (noise) | — |`,
  ].join('\n')
}

export async function snapshotScenario(flags: BenchFlags, cleanup: Cleanup): Promise<void> {
  const edits = Math.max(1, Math.round(flags.rate * flags.seconds))
  console.log(
    `bench snapshot: a ${flags.chars}-character draft, ${flags.clients} editors typing ${flags.rate} edits/s for ${flags.seconds} s` +
      ` after ${flags.warmupSeconds} s of warm-up (${edits} edits), once with ${flags.snapshots} snapshots and once without,` +
      ` seed ${flags.seed}${flags.rounds > 1 ? `, ${flags.rounds} rounds` : ''}; embedded store`,
  )
  const instance = await startDemoServer({ profileDir: flags.profileDir, nice: flags.nice }, cleanup)
  console.log(`started ours: pid ${instance.pid}, ${instance.server.url}, DATA_DIR ${instance.server.dataDir}`)
  const [convener, member] = await Promise.all(['zuzhang', 'chengyuan1'].map((u) => signInDemo(instance, u)))

  const count = Math.ceil(flags.chars / PARAGRAPH_CHARS)
  const paragraphs = paragraphsOf(count, PARAGRAPH_CHARS)
  paragraphs[count - 1] = paragraphs[count - 1].slice(0, flags.chars - PARAGRAPH_CHARS * (count - 1))
  let drafts = 0
  /** A new draft holding the same text: every load starts from an identical document. */
  const draft = async () => {
    const docId = await createDemoDraft(instance, convener, `关于加快推进高标准农田建设的建议案（长稿${++drafts}）`)
    const writer = await writeParagraphs(instance, docId, member, paragraphs, cleanup)
    return { docId, writer }
  }

  const writeStart = performance.now()
  const first = await draft()
  console.log(
    `wrote ${count} paragraphs, ${flags.chars} characters, through a peer in ${((performance.now() - writeStart) / 1000).toFixed(1)} s`,
  )
  // While the writer keeps the room open, as the editors will: the first run of the code is not measured.
  const cold = await snapshot(instance, first.docId, convener, '初稿（预热）')
  first.writer.destroy()
  console.log(
    `first snapshot: ${ms(cold.ms)} ms (server CPU ${cold.cpuMs.toFixed(0)} ms), ${cold.charCount} characters`,
  )
  if (cold.charCount < flags.chars)
    throw new Error(`the snapshot counted ${cold.charCount} characters, expected at least ${flags.chars}`)

  const results = new Map<Mode, LoadResult[]>([
    ['without', []],
    ['with', []],
  ])
  const snapshots: SnapshotTiming[] = []
  const intervalMs = (flags.seconds * 1000) / flags.snapshots
  for (let round = 1; round <= flags.rounds; round++) {
    // ABBA…: neither load always runs first.
    const order: Mode[] = round % 2 === 1 ? ['without', 'with'] : ['with', 'without']
    for (const mode of order) {
      const { docId, writer } = await draft()
      writer.destroy()
      console.log(
        `\nloading ${mode} snapshots${flags.rounds > 1 ? ` round ${round}/${flags.rounds}` : ''} (document ${docId}) …`,
      )
      let loadDone = false
      let taking: Promise<void> = Promise.resolve()
      let failure: unknown
      // Spread evenly over the measured edits, each at the middle of its slot; never after the last edit.
      const takeSnapshots = async () => {
        const start = performance.now()
        for (let k = 0; k < flags.snapshots && !loadDone; k++) {
          const wait = start + (k + 0.5) * intervalMs - performance.now()
          if (wait > 0) await new Promise((r) => setTimeout(r, wait))
          if (loadDone || performance.now() - start > flags.seconds * 1000) break
          snapshots.push(await snapshot(instance, docId, convener, `第${snapshots.length + 1}稿`))
        }
      }
      // A failed snapshot is kept for after the load: a rejection nobody awaits yet would end the process.
      const onStart =
        mode === 'with'
          ? () => {
              taking = takeSnapshots().catch((error: unknown) => {
                failure = error
              })
            }
          : undefined
      let result: LoadResult
      try {
        result = await runLoadInChild(
          {
            providerUrls: [`${instance.server.wsUrl}/collab`],
            rooms: [docId],
            headers: { cookie: member },
            serverPids: [instance.pid],
            editIn: 'paragraphs',
            ...loadSettings(flags),
          },
          onStart,
        )
      } finally {
        loadDone = true
        await taking
      }
      if (failure) throw failure
      if (!instance.running()) throw new Error(`our server exited during the load:\n${instance.server.output()}`)
      results.get(mode)!.push(result)
      console.log(describeSummary(summarize('ours', `${mode} snapshots`, [result])))
    }
  }
  if (snapshots.length === 0) throw new Error('no snapshot was taken during the load')
  const withSnapshots = summarize('ours', 'with snapshots', results.get('with')!)
  const without = summarize('ours', 'without snapshots', results.get('without')!)
  if (flags.rounds > 1) {
    console.log('\npooled over all rounds')
    for (const s of [withSnapshots, without]) console.log(describeSummary(s))
  }
  console.log(`\nsnapshot response times (ms): ${snapshots.map((s) => ms(s.ms)).join(', ')}`)
  console.log(`server CPU during each (ms):  ${snapshots.map((s) => s.cpuMs.toFixed(0)).join(', ')}`)
  console.log('')
  console.log(
    describeSnapshots(
      withSnapshots,
      without,
      snapshots,
      inFlightDuringSnapshots(withSnapshots.result, snapshots),
      cold,
    ),
  )
}

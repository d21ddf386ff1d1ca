/**
 * `npm run bench -- --scenario hostile`: one hostile socket among the editors (issue 12, item 5).
 * On a `--chars`-character draft, `--clients` editors type into random paragraphs twice: once
 * alone, once while a commenter's read-only socket stops reading and sends sync step 1 — four
 * bytes that ask for the whole document — `--hostile-rate` times a second. When the server cuts it
 * off, it reconnects at once, as an attacker would, so one such socket is present all along.
 * Reported: the editors' latency with / without it (target p99 ≤ 1.2×), the server's CPU, and its
 * resident memory during each load (bounded: at most 1.5× the run without).
 */
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import { api } from './api.js'
import type { Cleanup } from './cleanup.js'
import { createDemoDraft, paragraphsOf, signInDemo, startDemoServer, writeParagraphs } from './demo-draft.js'
import { loadSettings, type BenchFlags } from './flags.js'
import { runLoadInChild, type LoadResult } from './load.js'
import { cpu, describeSummary, met, ms, othersShare, pct, ratio, summarize, type Summary } from './report.js'
import type { OurInstance } from './targets.js'

/** Latency with the hostile socket may be at most this many times the latency without it. */
const MAX_P99_RATIO = 1.2
/** Resident memory with it may be at most this many times the peak without it. */
const MAX_MEMORY_RATIO = 1.5
const PARAGRAPH_CHARS = 100
/** A sync step 1 with an empty state vector. */
const wholeDocumentPlease = Uint8Array.from([0, 0, 1, 0])

type Mode = 'with' | 'without'

/** Resident memory of a process in MB. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024
}

/** Samples a process's resident memory every 100 ms until stopped; returns the peak. */
function watchMemory(pid: number): { stop(): { peakMb: number; lastMb: number } } {
  let peak = rssMb(pid)
  let last = peak
  const timer = setInterval(() => {
    last = rssMb(pid)
    peak = Math.max(peak, last)
  }, 100)
  return {
    stop() {
      clearInterval(timer)
      return { peakMb: peak, lastMb: last }
    },
  }
}

interface HostileReport {
  requests: number
  /** Times the server closed it for not reading (and it came back). */
  cutOff: number
}

/**
 * Keeps one socket on the document that never reads and asks for the whole document `rate` times a
 * second; reopened whenever the server cuts it off (seen in the server's log).
 */
function hostileSocket(instance: OurInstance, docId: string, cookie: string, rate: number) {
  const closeLine = new RegExp(`closing socket #\\d+ zhengqiu on ${docId}: `, 'g')
  const closes = () => instance.server.output().match(closeLine)?.length ?? 0
  const report: HostileReport = { requests: 0, cutOff: 0 }
  const closesBefore = closes()
  let socket: WebSocket | null = null
  let stopped = false
  const open = () => {
    const ws = new WebSocket(`${instance.server.wsUrl}/collab/${docId}`, { headers: { cookie } })
    ws.on('error', () => {})
    // It reads nothing, ever: whatever the server sends it piles up in the server's buffers.
    ws.once('open', () => ws.pause())
    socket = ws
  }
  open()
  const start = performance.now()
  const timer = setInterval(() => {
    if (stopped) return
    if (closes() - closesBefore > report.cutOff) {
      report.cutOff = closes() - closesBefore
      socket?.terminate()
      open()
    }
    const due = Math.floor(((performance.now() - start) * rate) / 1000)
    while (report.requests < due) {
      if (socket?.readyState === WebSocket.OPEN) socket.send(wholeDocumentPlease)
      report.requests++
    }
  }, 10)
  return {
    stop(): HostileReport {
      stopped = true
      clearInterval(timer)
      socket?.terminate()
      return report
    },
  }
}

interface Run {
  result: LoadResult
  peakMb: number
  lastMb: number
  hostile: HostileReport | null
}

function describeHostile(withIt: Summary, without: Summary, runs: Map<Mode, Run[]>, startMb: number): string {
  const peak = (mode: Mode) => Math.max(...runs.get(mode)!.map((r) => r.peakMb))
  const hostile = runs.get('with')!.map((r) => r.hostile!)
  const requests = hostile.reduce((n, h) => n + h.requests, 0)
  const cutOff = hostile.reduce((n, h) => n + h.cutOff, 0)
  const p99Ok = withIt.p99Ms / without.p99Ms <= MAX_P99_RATIO
  const memoryOk = peak('with') / peak('without') <= MAX_MEMORY_RATIO
  const delivery = withIt.delivered === withIt.expected && without.delivered === without.expected
  const noisy = Math.max(othersShare(withIt), othersShare(without))
  return [
    'one hostile socket among the editors',
    `  p99 with / without ${ratio(withIt.p99Ms, without.p99Ms)} ≤ ${MAX_P99_RATIO}: ${met(p99Ok)}`,
    `  peak resident memory with / without ${ratio(peak('with'), peak('without'))} ≤ ${MAX_MEMORY_RATIO}: ${met(memoryOk)}` +
      ` (${peak('with').toFixed(0)} MB / ${peak('without').toFixed(0)} MB; ${startMb.toFixed(0)} MB before the loads)`,
    `  the hostile socket sent ${requests} whole-document requests; the server cut it off ${cutOff} time(s) and it came back each time`,
    ...(noisy > 0.25
      ? [`  caution: other programs took up to ${cpu(noisy)} of a core during the loads; latency ratios are noisy.`]
      : []),
    '',
    '| metric | with a hostile socket | without | with / without | target | met |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    `| propagation latency p50 (ms) | ${ms(withIt.p50Ms)} | ${ms(without.p50Ms)} | ${ratio(withIt.p50Ms, without.p50Ms)} | — | — |`,
    `| propagation latency p99 (ms) | ${ms(withIt.p99Ms)} | ${ms(without.p99Ms)} | ${ratio(withIt.p99Ms, without.p99Ms)} | ≤ ${MAX_P99_RATIO} | ${met(p99Ok)} |`,
    `| delivered / expected | ${withIt.delivered} / ${withIt.expected} (${pct(withIt.deliveryShare)}) | ${without.delivered} / ${without.expected} (${pct(without.deliveryShare)}) | — | 100 % | ${met(delivery)} |`,
    `| server CPU ms / 1,000 delivered | ${ms(withIt.cpuPerThousand)} | ${ms(without.cpuPerThousand)} | ${ratio(withIt.cpuPerThousand, without.cpuPerThousand)} | — | — |`,
    `| server resident memory, peak (MB) | ${peak('with').toFixed(0)} | ${peak('without').toFixed(0)} | ${ratio(peak('with'), peak('without'))} | ≤ ${MAX_MEMORY_RATIO} | ${met(memoryOk)} |`,
    `| whole-document requests sent / times cut off | ${requests} / ${cutOff} | — | — | — | — |`,
    `| other programs' CPU during the load (share of a core) | ${cpu(othersShare(withIt))} | ${cpu(othersShare(without))} | — | (noise) | — |`,
  ].join('\n')
}

export async function hostileScenario(flags: BenchFlags, cleanup: Cleanup): Promise<void> {
  const edits = Math.max(1, Math.round(flags.rate * flags.seconds))
  console.log(
    `bench hostile: a ${flags.chars}-character draft, ${flags.clients} editors typing ${flags.rate} edits/s for ${flags.seconds} s` +
      ` after ${flags.warmupSeconds} s of warm-up (${edits} edits), once alone and once with a socket that never reads` +
      ` and asks for the whole document ${flags.hostileRate} times a second; seed ${flags.seed}` +
      `${flags.rounds > 1 ? `, ${flags.rounds} rounds` : ''}; embedded store`,
  )
  const instance = await startDemoServer({ profileDir: flags.profileDir, nice: flags.nice }, cleanup)
  console.log(`started ours: pid ${instance.pid}, ${instance.server.url}, DATA_DIR ${instance.server.dataDir}`)
  const [convener, member, commenter] = await Promise.all(
    ['zuzhang', 'chengyuan1', 'zhengqiu'].map((u) => signInDemo(instance, u)),
  )
  const count = Math.ceil(flags.chars / PARAGRAPH_CHARS)
  const paragraphs = paragraphsOf(count, PARAGRAPH_CHARS)
  paragraphs[count - 1] = paragraphs[count - 1].slice(0, flags.chars - PARAGRAPH_CHARS * (count - 1))
  let drafts = 0
  /** A new draft with the same text, which the commenter (read-only) is invited to. */
  const draft = async () => {
    const docId = await createDemoDraft(instance, convener, `关于加快推进高标准农田建设的建议案（长稿${++drafts}）`)
    await api(
      instance.server,
      'POST',
      `/documents/${docId}/invitations`,
      { username: 'zhengqiu', until: null },
      201,
      convener,
    )
    const writer = await writeParagraphs(instance, docId, member, paragraphs, cleanup)
    writer.destroy()
    return docId
  }

  const startMb = rssMb(instance.pid)
  const runs = new Map<Mode, Run[]>([
    ['without', []],
    ['with', []],
  ])
  for (let round = 1; round <= flags.rounds; round++) {
    const order: Mode[] = round % 2 === 1 ? ['without', 'with'] : ['with', 'without']
    for (const mode of order) {
      const docId = await draft()
      console.log(
        `\nloading ${mode} a hostile socket${flags.rounds > 1 ? ` round ${round}/${flags.rounds}` : ''} (document ${docId}) …`,
      )
      const memory = watchMemory(instance.pid)
      // Present from before the editors connect until they are done.
      const hostile = mode === 'with' ? hostileSocket(instance, docId, commenter, flags.hostileRate) : null
      let result: LoadResult
      let report: HostileReport | null
      let memoryUse: { peakMb: number; lastMb: number }
      try {
        result = await runLoadInChild({
          providerUrls: [`${instance.server.wsUrl}/collab`],
          rooms: [docId],
          headers: { cookie: member },
          serverPids: [instance.pid],
          editIn: 'paragraphs',
          ...loadSettings(flags),
        })
      } finally {
        report = hostile?.stop() ?? null
        memoryUse = memory.stop()
      }
      if (!instance.running()) throw new Error(`our server exited during the load:\n${instance.server.output()}`)
      const run: Run = { result, ...memoryUse, hostile: report }
      runs.get(mode)!.push(run)
      console.log(describeSummary(summarize('ours', `${mode} a hostile socket`, [result])))
      console.log(
        `  server memory        peak ${run.peakMb.toFixed(0)} MB, at the end ${run.lastMb.toFixed(0)} MB` +
          (run.hostile
            ? `; hostile socket: ${run.hostile.requests} requests, cut off ${run.hostile.cutOff} time(s)`
            : ''),
      )
    }
  }
  const withIt = summarize(
    'ours',
    'with a hostile socket',
    runs.get('with')!.map((r) => r.result),
  )
  const without = summarize(
    'ours',
    'without',
    runs.get('without')!.map((r) => r.result),
  )
  if (flags.rounds > 1) {
    console.log('\npooled over all rounds')
    for (const s of [withIt, without]) console.log(describeSummary(s))
  }
  console.log('')
  console.log(describeHostile(withIt, without, runs, startMb))
}

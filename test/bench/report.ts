/** Turns load results into the figures, the target checks and the Markdown table the bench prints. */
import { machineCores } from './cpu-time.js'
import type { LoadResult } from './load.js'
import type { TargetName } from './targets.js'

/** Ours may be at most this many times the reference, for latency and for CPU. */
const MAX_RATIO = 1.5

/** Above this share of a core taken by other programs, latency ratios say more about them than about the servers. */
const NOISY_SHARE = 0.25

export interface Summary {
  name: TargetName
  label: string
  p50Ms: number
  p90Ms: number
  p99Ms: number
  delivered: number
  expected: number
  deliveryShare: number
  /** Server CPU ms per 1,000 delivered updates. */
  cpuPerThousand: number
  /** How many loads (rounds) were pooled into this summary. */
  rounds: number
  result: LoadResult
}

/** Pools the loads of several rounds against one server: all edits' latencies, summed counts and CPU. */
function poolResults(results: LoadResult[]): LoadResult {
  if (results.length === 0) throw new Error('no results to pool')
  const sum = (pick: (r: LoadResult) => number) => results.reduce((total, r) => total + pick(r), 0)
  const max = (pick: (r: LoadResult) => number) => Math.max(...results.map(pick))
  return {
    clients: results[0].clients,
    rooms: results[0].rooms,
    edits: sum((r) => r.edits),
    expected: sum((r) => r.expected),
    delivered: sum((r) => r.delivered),
    latenciesMs: results.flatMap((r) => r.latenciesMs),
    loadStallsMs: results.flatMap((r) => r.loadStallsMs),
    serverCpuMs: sum((r) => r.serverCpuMs),
    servicesCpuMs: results.some((r) => r.servicesCpuMs === null) ? null : sum((r) => r.servicesCpuMs ?? 0),
    sentAtMs: results.flatMap((r) => r.sentAtMs),
    windowMs: sum((r) => r.windowMs),
    drainMs: max((r) => r.drainMs),
    syncMs: max((r) => r.syncMs),
    awarenessSettled: results.every((r) => r.awarenessSettled),
    clientCpuMs: sum((r) => r.clientCpuMs),
    machineBusyMs: sum((r) => r.machineBusyMs),
    clientLoopDelayP99Ms: max((r) => r.clientLoopDelayP99Ms),
    disconnects: sum((r) => r.disconnects),
    framesReceived: sum((r) => r.framesReceived),
    bytesReceived: sum((r) => r.bytesReceived),
  }
}

/** Nearest-rank percentile; an edit some client never saw counts as infinitely late. */
export function percentile(latencies: (number | null)[], p: number): number {
  const sorted = latencies.map((l) => l ?? Infinity).sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1]
}

export function summarize(name: TargetName, label: string, results: LoadResult[]): Summary {
  const result = poolResults(results)
  return {
    rounds: results.length,
    name,
    label,
    p50Ms: percentile(result.latenciesMs, 50),
    p90Ms: percentile(result.latenciesMs, 90),
    p99Ms: percentile(result.latenciesMs, 99),
    delivered: result.delivered,
    expected: result.expected,
    deliveryShare: result.delivered / result.expected,
    cpuPerThousand: result.delivered === 0 ? Infinity : (result.serverCpuMs / result.delivered) * 1000,
    result,
  }
}

/** Milliseconds for a table: two decimals below 10, one above; ∞ for an edit never delivered. */
export const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : '∞')
export const pct = (share: number) => `${(share * 100).toFixed(share === 1 ? 0 : 2)} %`
/** A CPU share: one decimal is plenty. */
export const cpu = (share: number) => `${(share * 100).toFixed(1)} %`
export const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? (a / b).toFixed(2) : 'n/a')
export const met = (ok: boolean) => (ok ? 'yes' : 'NO')

/** CPU per 1,000 delivered updates of the shared services (PostgreSQL, Redis), or NaN when not measured. */
function servicesCpuPerThousand(s: Summary): number {
  const r = s.result
  return r.servicesCpuMs === null || r.delivered === 0 ? NaN : (r.servicesCpuMs / r.delivered) * 1000
}

/** The lines printed after one server's load. */
export function describeSummary(s: Summary): string {
  const r = s.result
  const others = othersShare(s)
  return [
    `${s.name} — ${s.label}${s.rounds > 1 ? ` (${s.rounds} rounds pooled)` : ''}`,
    `  propagation latency  p50 ${ms(s.p50Ms)} ms   p90 ${ms(s.p90Ms)} ms   p99 ${ms(s.p99Ms)} ms`,
    `  delivered            ${s.delivered} / ${s.expected} (${pct(s.deliveryShare)});` +
      ` clients received ${r.framesReceived} frames, ${(r.bytesReceived / 1e6).toFixed(2)} MB`,
    `  server CPU           ${r.serverCpuMs.toFixed(0)} ms over ${(r.windowMs / 1000).toFixed(2)} s` +
      ` = ${ms(s.cpuPerThousand)} ms per 1,000 delivered updates (${cpu(r.serverCpuMs / r.windowMs)} of a core)`,
    ...(r.servicesCpuMs === null
      ? []
      : [
          `  PostgreSQL + Redis   ${r.servicesCpuMs.toFixed(0)} ms = ${ms(servicesCpuPerThousand(s))} ms per 1,000 delivered updates` +
            ' (all their processes: includes work for other programs)',
        ]),
    `  drain after last edit ${r.drainMs.toFixed(0)} ms; sync of ${r.clients} clients ${r.syncMs.toFixed(0)} ms;` +
      ` awareness settled: ${r.awarenessSettled ? 'yes' : 'no'}; disconnects: ${r.disconnects}`,
    `  bench client         ${cpu(r.clientCpuMs / r.windowMs)} of a core, event-loop delay p99 ${ms(r.clientLoopDelayP99Ms)} ms`,
    `  machine              ${cpu(r.machineBusyMs / r.windowMs / machineCores)} of ${machineCores} cores busy;` +
      ` other programs took ${cpu(others)} of a core` +
      (others > NOISY_SHARE ? '  ← the machine was shared: latencies are noisy' : ''),
  ].join('\n')
}

interface Verdict {
  deliveryOk: boolean
  p50Ok: boolean
  p99Ok: boolean
  cpuOk: boolean
}

function judge(ours: Summary, reference: Summary): Verdict {
  return {
    deliveryOk: ours.delivered === ours.expected && reference.delivered === reference.expected,
    p50Ok: ours.p50Ms / reference.p50Ms <= MAX_RATIO,
    p99Ok: ours.p99Ms / reference.p99Ms <= MAX_RATIO,
    cpuOk: ours.cpuPerThousand / reference.cpuPerThousand <= MAX_RATIO,
  }
}

/** Share of a core that programs other than the server and the bench client took during the loads. */
export function othersShare(s: Summary): number {
  const r = s.result
  return Math.max(0, r.machineBusyMs - r.serverCpuMs - (r.servicesCpuMs ?? 0) - r.clientCpuMs) / r.windowMs
}

/** The comparison lines and the final Markdown table. */
export function describeComparison(ours: Summary, reference: Summary): string {
  const v = judge(ours, reference)
  const noisy = Math.max(othersShare(ours), othersShare(reference))
  const caveat =
    noisy > NOISY_SHARE
      ? [
          `  caution: other programs took up to ${cpu(noisy)} of a core during the loads, so the latency ratios` +
            ' say more about them than about the servers (repeat with --rounds 3, --nice=-10, or on a quiet machine);' +
            ' CPU per update is far less affected.',
        ]
      : []
  const lines = [
    'targets',
    `  delivery 100 % on both: ${met(v.deliveryOk)} (ours ${pct(ours.deliveryShare)}, reference ${pct(reference.deliveryShare)})`,
    `  latency p50 ours/reference ${ratio(ours.p50Ms, reference.p50Ms)} ≤ ${MAX_RATIO}: ${met(v.p50Ok)}`,
    `  latency p99 ours/reference ${ratio(ours.p99Ms, reference.p99Ms)} ≤ ${MAX_RATIO}: ${met(v.p99Ok)}`,
    `  CPU per update ours/reference ${ratio(ours.cpuPerThousand, reference.cpuPerThousand)} ≤ ${MAX_RATIO}: ${met(v.cpuOk)}`,
    ...caveat,
    '',
    '| metric | ours | reference | ours / reference | target | met |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    `| propagation latency p50 (ms) | ${ms(ours.p50Ms)} | ${ms(reference.p50Ms)} | ${ratio(ours.p50Ms, reference.p50Ms)} | ≤ ${MAX_RATIO} | ${met(v.p50Ok)} |`,
    `| propagation latency p99 (ms) | ${ms(ours.p99Ms)} | ${ms(reference.p99Ms)} | ${ratio(ours.p99Ms, reference.p99Ms)} | ≤ ${MAX_RATIO} | ${met(v.p99Ok)} |`,
    `| delivered / expected | ${ours.delivered} / ${ours.expected} (${pct(ours.deliveryShare)}) | ${reference.delivered} / ${reference.expected} (${pct(reference.deliveryShare)}) | — | 100 % | ${met(v.deliveryOk)} |`,
    `| server CPU ms / 1,000 delivered | ${ms(ours.cpuPerThousand)} | ${ms(reference.cpuPerThousand)} | ${ratio(ours.cpuPerThousand, reference.cpuPerThousand)} | ≤ ${MAX_RATIO} | ${met(v.cpuOk)} |`,
    `| other programs' CPU during the load (share of a core) | ${cpu(othersShare(ours))} | ${cpu(othersShare(reference))} | — | (noise) | — |`,
  ]
  return lines.join('\n')
}

/** The table for a run that loaded only one server (no ratios). */
export function describeSingle(s: Summary): string {
  return [
    `| metric | ${s.name} |`,
    '| --- | ---: |',
    `| propagation latency p50 (ms) | ${ms(s.p50Ms)} |`,
    `| propagation latency p99 (ms) | ${ms(s.p99Ms)} |`,
    `| delivered / expected | ${s.delivered} / ${s.expected} (${pct(s.deliveryShare)}) |`,
    `| server CPU ms / 1,000 delivered | ${ms(s.cpuPerThousand)} |`,
    `| other programs' CPU during the load (share of a core) | ${cpu(othersShare(s))} |`,
  ].join('\n')
}

/** The two-instances-against-one lines and Markdown table (`--instances 2`); no targets, only ratios. */
export function describeScaleOut(two: Summary, one: Summary): string {
  const noisy = Math.max(othersShare(two), othersShare(one))
  const delivery = two.delivered === two.expected && one.delivered === one.expected
  const lines = [
    'two instances / one instance (same clients, same edits, same PostgreSQL + Redis)',
    `  delivery 100 % on both: ${met(delivery)} (two ${pct(two.deliveryShare)}, one ${pct(one.deliveryShare)})`,
    `  latency p50 two/one ${ratio(two.p50Ms, one.p50Ms)}, p99 two/one ${ratio(two.p99Ms, one.p99Ms)}`,
    `  server CPU per update two/one ${ratio(two.cpuPerThousand, one.cpuPerThousand)} (instances summed: the price of relaying through Redis)`,
    ...(noisy > NOISY_SHARE
      ? [
          `  caution: other programs took up to ${cpu(noisy)} of a core during the loads, so the latency ratios` +
            ' say more about them than about the deployments (repeat with --rounds 3, --nice=-10, or on a quiet machine);' +
            ' CPU per update is far less affected.',
        ]
      : []),
    '',
    '| metric | two instances | one instance | two / one |',
    '| --- | ---: | ---: | ---: |',
    `| propagation latency p50 (ms) | ${ms(two.p50Ms)} | ${ms(one.p50Ms)} | ${ratio(two.p50Ms, one.p50Ms)} |`,
    `| propagation latency p99 (ms) | ${ms(two.p99Ms)} | ${ms(one.p99Ms)} | ${ratio(two.p99Ms, one.p99Ms)} |`,
    `| delivered / expected | ${two.delivered} / ${two.expected} (${pct(two.deliveryShare)}) | ${one.delivered} / ${one.expected} (${pct(one.deliveryShare)}) | — |`,
    `| server CPU ms / 1,000 delivered (sum over instances) | ${ms(two.cpuPerThousand)} | ${ms(one.cpuPerThousand)} | ${ratio(two.cpuPerThousand, one.cpuPerThousand)} |`,
    `| PostgreSQL + Redis CPU ms / 1,000 delivered (all their processes) | ${ms(servicesCpuPerThousand(two))} | ${ms(servicesCpuPerThousand(one))} | ${ratio(servicesCpuPerThousand(two), servicesCpuPerThousand(one))} |`,
    `| other programs' CPU during the load (share of a core) | ${cpu(othersShare(two))} | ${cpu(othersShare(one))} | — |`,
  ]
  return lines.join('\n')
}

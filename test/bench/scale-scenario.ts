/**
 * `npm run bench -- --scenario scale`: how the cost of an edit grows, ours against the reference.
 * Two series of configurations, each loaded by the collaboration load of load.ts for a few seconds:
 * - 10 / 50 / 200 / 500 clients on one document (the fan-out of each edit grows);
 * - 1 / 100 / 1,000 documents with 5 editors each (what many open documents cost).
 * Each gives the p99 propagation latency and the server CPU per delivered update. The results are
 * written as JSON (scale.json) and drawn as SVG charts (scale-clients.svg, scale-documents.svg) into
 * docs/performance/, and `--redraw` draws the charts again from the JSON without measuring.
 *
 * The edit rate of each configuration keeps the machine far from saturated, so the figures are what
 * an edit costs rather than how long it queued: about DELIVERIES_PER_SECOND deliveries a second
 * (edits × other clients of the document), at most MAX_EDITS_PER_SECOND edits.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { format, resolveConfig } from 'prettier'
import { repoRoot } from '../helpers/server.js'
import type { Cleanup } from './cleanup.js'
import { machineCores, readProcessesCpuMs } from './cpu-time.js'
import { loadSettings, type BenchFlags } from './flags.js'
import { runLoadInChild } from './load.js'
import { setNiceness } from './niceness.js'
import { cpu, ms, othersShare, pct, percentile, ratio, summarize } from './report.js'
import { renderChart, type ChartPanel } from './svg-chart.js'
import { startTarget, type BenchTarget } from './targets.js'

/** Deliveries a second the load aims at: a fifth of what the default collab load asks, well inside one core. */
const DELIVERIES_PER_SECOND = 6000
/** …and never more edits a second than this, where the fan-out is small and each edit's own cost (storing it) dominates. */
const MAX_EDITS_PER_SECOND = 400
const EDITORS_PER_DOCUMENT = 5
/** Between loads, a server counts as quiet when it used at most this much CPU over QUIET_WINDOW_MS (2 ticks of /proc). */
const QUIET_CPU_MS = 20
const QUIET_WINDOW_MS = 500

type Axis = 'clients' | 'documents'
type ServerName = 'ours' | 'reference'

interface Configuration {
  axis: Axis
  documents: number
  editorsPerDocument: number
}

const axes: Record<'full' | 'quick', { clients: number[]; documents: number[] }> = {
  full: { clients: [10, 50, 200, 500], documents: [1, 100, 1000] },
  quick: { clients: [10, 50, 200], documents: [1, 10, 100] },
}

function configurations(quick: boolean): Configuration[] {
  const { clients, documents } = axes[quick ? 'quick' : 'full']
  return [
    ...clients.map((n): Configuration => ({ axis: 'clients', documents: 1, editorsPerDocument: n })),
    ...documents.map((n): Configuration => ({
      axis: 'documents',
      documents: n,
      editorsPerDocument: EDITORS_PER_DOCUMENT,
    })),
  ]
}

/** Edits per second for documents of `editors` clients: the delivery budget, capped. */
function editRate(editors: number): number {
  return Math.min(MAX_EDITS_PER_SECOND, Math.round(DELIVERIES_PER_SECOND / (editors - 1)))
}

/** What one load against one server gave; null where a figure is infinite (an edit never delivered). */
interface ServerFigures {
  p50Ms: number | null
  p90Ms: number | null
  p99Ms: number | null
  maxMs: number | null
  edits: number
  delivered: number
  expected: number
  serverCpuMs: number
  /** Server CPU ms per 1,000 delivered updates. */
  cpuPerThousand: number | null
  windowMs: number
  drainMs: number
  syncMs: number
  awarenessSettled: boolean
  disconnects: number
  /** Share of a core the bench client took, and that other programs took, over the window. */
  clientShare: number
  othersShare: number
  clientLoopDelayP99Ms: number
}

interface MeasuredConfiguration extends Configuration {
  clients: number
  rate: number
  seconds: number
  results: Partial<Record<ServerName, ServerFigures>>
}

/** The contents of scale.json. */
interface ScaleResults {
  scenario: 'scale'
  measuredAt: string
  command: string
  machine: { cores: number; node: string }
  settings: {
    quick: boolean
    seconds: number
    warmupSeconds: number
    seed: number
    deliveriesPerSecond: number
    maxEditsPerSecond: number
  }
  servers: Partial<Record<ServerName, string>>
  configurations: MeasuredConfiguration[]
}

const finite = (n: number) => (Number.isFinite(n) ? n : null)

const describeConfiguration = (c: Configuration) =>
  c.axis === 'clients'
    ? `${c.editorsPerDocument} clients on 1 document`
    : `${c.documents.toLocaleString('en-US')} document${c.documents === 1 ? '' : 's'} × ${c.editorsPerDocument} editors`

const pause = (msToWait: number) => new Promise((resolveWait) => setTimeout(resolveWait, msToWait))

/**
 * Waits until every server is idle: after a load, ours stores and unloads its rooms, and that work
 * must not be charged to the next configuration. False when one was still busy after `timeoutMs`.
 */
async function waitForQuiet(pids: number[], timeoutMs = 30_000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  let before = readProcessesCpuMs(pids)
  while (performance.now() < deadline) {
    await pause(QUIET_WINDOW_MS)
    const now = readProcessesCpuMs(pids)
    if (now - before <= QUIET_CPU_MS) return true
    before = now
  }
  return false
}

async function measure(
  target: BenchTarget,
  everyPid: number[],
  configuration: Configuration,
  rate: number,
  flags: BenchFlags,
): Promise<ServerFigures> {
  const rooms = await target.createRooms(configuration.documents)
  // One sign-in makes them all (createRooms), so one set of headers serves every socket.
  const { headers } = rooms[0]
  if (!(await waitForQuiet(everyPid))) console.log('  (the servers were still busy after 30 s; measuring anyway)')
  const result = await runLoadInChild({
    providerUrls: target.providerUrls,
    rooms: rooms.map((r) => r.room),
    headers,
    serverPids: target.pids,
    ...loadSettings(flags),
    clients: configuration.documents * configuration.editorsPerDocument,
    rate,
    // Thousands of sockets connect in groups, each synced before the next: give them time.
    syncTimeoutMs: 120_000,
  })
  if (!target.running()) throw new Error(`${target.name} server exited during the load:\n${target.output()}`)
  const summary = summarize(target.name, target.label, [result])
  return {
    p50Ms: finite(summary.p50Ms),
    p90Ms: finite(summary.p90Ms),
    p99Ms: finite(summary.p99Ms),
    maxMs: finite(percentile(result.latenciesMs, 100)),
    edits: result.edits,
    delivered: result.delivered,
    expected: result.expected,
    serverCpuMs: result.serverCpuMs,
    cpuPerThousand: finite(summary.cpuPerThousand),
    windowMs: result.windowMs,
    drainMs: result.drainMs,
    syncMs: result.syncMs,
    awarenessSettled: result.awarenessSettled,
    disconnects: result.disconnects,
    clientShare: result.clientCpuMs / result.windowMs,
    othersShare: othersShare(summary),
    clientLoopDelayP99Ms: result.clientLoopDelayP99Ms,
  }
}

const show = (n: number | null) => (n === null ? '∞' : ms(n))
const showRatio = (a: number | null, b: number | null) => (a === null || b === null ? 'n/a' : ratio(a, b))

function describeLoad(name: ServerName, f: ServerFigures): string {
  return (
    `  ${name.padEnd(9)} p50 ${show(f.p50Ms)} ms, p99 ${show(f.p99Ms)} ms; ` +
    `CPU ${f.serverCpuMs.toFixed(0)} ms = ${show(f.cpuPerThousand)} ms per 1,000 delivered; ` +
    `delivered ${f.delivered} / ${f.expected}; sync ${(f.syncMs / 1000).toFixed(1)} s` +
    `${f.awarenessSettled ? '' : ' (carets not settled)'}${f.disconnects ? `, ${f.disconnects} disconnects` : ''}; ` +
    `client ${cpu(f.clientShare)} of a core, other programs ${cpu(f.othersShare)}`
  )
}

/** The Markdown table of every configuration, with the ratios ours / reference. */
function describeTable(results: ScaleResults): string {
  const lines = [
    '| configuration | edits/s | edits | p99 ours (ms) | p99 reference (ms) | ours / reference | CPU ours (ms / 1,000 delivered) | CPU reference | ours / reference | delivered ours | delivered reference | other programs (max) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const c of results.configurations) {
    const { ours, reference } = c.results
    const delivered = (f?: ServerFigures) => (f ? pct(f.delivered / f.expected) : '—')
    const others = Math.max(ours?.othersShare ?? 0, reference?.othersShare ?? 0)
    lines.push(
      `| ${describeConfiguration(c)} | ${c.rate} | ${ours?.edits ?? reference?.edits ?? 0} | ` +
        `${ours ? show(ours.p99Ms) : '—'} | ${reference ? show(reference.p99Ms) : '—'} | ${showRatio(ours?.p99Ms ?? null, reference?.p99Ms ?? null)} | ` +
        `${ours ? show(ours.cpuPerThousand) : '—'} | ${reference ? show(reference.cpuPerThousand) : '—'} | ` +
        `${showRatio(ours?.cpuPerThousand ?? null, reference?.cpuPerThousand ?? null)} | ` +
        `${delivered(ours)} | ${delivered(reference)} | ${cpu(others)} |`,
    )
  }
  return lines.join('\n')
}

/** The two figures of one axis: latency and CPU, one series per server. */
function chartOf(results: ScaleResults, axis: Axis): string {
  const rows = results.configurations.filter((c) => c.axis === axis)
  const names = (['ours', 'reference'] as const).filter((name) => rows.some((c) => c.results[name]))
  const x = (c: MeasuredConfiguration) => (axis === 'clients' ? c.editorsPerDocument : c.documents)
  const panel = (title: string, yLabel: string, pick: (f: ServerFigures) => number | null): ChartPanel => ({
    title,
    xLabel: axis === 'clients' ? 'clients on one document' : `documents open, ${EDITORS_PER_DOCUMENT} editors each`,
    yLabel,
    xScale: 'log',
    series: names.map((name) => ({
      name: results.servers[name] ?? name,
      points: rows.filter((c) => c.results[name]).map((c) => ({ x: x(c), y: pick(c.results[name]!) })),
    })),
  })
  const s = results.settings
  const rates = rows.map((c) => `${c.rate} at ${x(c).toLocaleString('en-US')}`).join(', ')
  const deliveries = rows.map((c) => (c.rate * (c.editorsPerDocument - 1)).toLocaleString('en-US')).join(', ')
  // How much the machine was shared: latencies measured beside busy programs are mostly theirs.
  const others = Math.max(...rows.flatMap((c) => Object.values(c.results).map((f) => f.othersShare)))
  return renderChart({
    title:
      axis === 'clients'
        ? 'How cost grows with the clients on one document'
        : `How cost grows with the documents open (${EDITORS_PER_DOCUMENT} editors each)`,
    caption: [
      `Edits/s: ${rates} (deliveries/s: ${deliveries}) — at most ${s.maxEditsPerSecond} edits/s and about ${s.deliveriesPerSecond.toLocaleString('en-US')} deliveries/s, so nothing queues.`,
      `Each point: ${s.seconds} s of edits after ${s.warmupSeconds} s of warm-up; an edit's latency lasts until every other client of its document has it.`,
      `Other programs took up to ${cpu(others)} of a core during these loads (above 25 %, latency says more about them than about the servers).`,
      `Measured ${results.measuredAt.slice(0, 10)} on ${results.machine.cores} cores (node ${results.machine.node})${s.quick ? ', a --quick smoke run' : ''}: ${results.command}`,
    ],
    panels: [
      panel('p99 propagation latency', 'ms', (f) => f.p99Ms),
      panel('Server CPU per 1,000 delivered updates', 'ms of CPU', (f) => f.cpuPerThousand),
    ],
  })
}

/** Writes the two SVG charts of `results` into `out`; returns their paths. */
function drawCharts(results: ScaleResults, out: string): string[] {
  mkdirSync(out, { recursive: true })
  return (['clients', 'documents'] as const)
    .filter((axis) => results.configurations.some((c) => c.axis === axis))
    .map((axis) => {
      const path = join(out, `scale-${axis}.svg`)
      writeFileSync(path, chartOf(results, axis))
      return path
    })
}

/** The command that made these results, as someone would type it again. */
function commandLine(argv: string[]): string {
  const rest = argv.filter((arg, i) => !arg.startsWith('--scenario') && argv[i - 1] !== '--scenario')
  return ['npm run bench -- --scenario scale', ...rest].join(' ')
}

/**
 * scale.json as Prettier writes it, so `npm run lint` passes on the committed file; fractions kept to
 * three decimals (a microsecond, a thousandth of a core), finer than any of them is measured.
 */
async function writeResults(results: ScaleResults, path: string): Promise<void> {
  const options = (await resolveConfig(path)) ?? {}
  const json = JSON.stringify(results, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isInteger(value) ? Number(value.toFixed(3)) : value,
  )
  writeFileSync(path, await format(json, { ...options, filepath: path }))
}

const shown = (path: string) => {
  const fromRoot = relative(repoRoot, path)
  return fromRoot.startsWith('..') ? path : fromRoot
}

export async function scaleScenario(flags: BenchFlags, cleanup: Cleanup): Promise<void> {
  // A smoke run must not replace the published figures unless asked to.
  const out = resolve(
    flags.out ?? (flags.quick ? join(tmpdir(), 'jianyi-bench-scale') : join(repoRoot, 'docs', 'performance')),
  )
  const jsonPath = join(out, 'scale.json')
  if (flags.redraw) {
    const results = JSON.parse(readFileSync(jsonPath, 'utf8')) as ScaleResults
    for (const path of drawCharts(results, out)) console.log(`drew ${shown(path)} from ${shown(jsonPath)}`)
    console.log(`\n${describeTable(results)}`)
    return
  }

  const planned = configurations(flags.quick)
  console.log(
    `bench scale: ${planned.map(describeConfiguration).join('; ')}. Each for ${flags.seconds} s after ` +
      `${flags.warmupSeconds} s of warm-up, at about ${DELIVERIES_PER_SECOND.toLocaleString('en-US')} deliveries/s ` +
      `(at most ${MAX_EDITS_PER_SECOND} edits/s); seed ${flags.seed}${flags.quick ? '; --quick' : ''}`,
  )
  const targets: BenchTarget[] = []
  for (const name of flags.targets) {
    const target = await startTarget(name, { profileDir: flags.profileDir })
    cleanup.add(`stopping ${name}`, () => target.stop())
    if (flags.nice !== undefined) for (const pid of target.pids) setNiceness(pid, flags.nice)
    console.log(`started ${name}: ${target.label}, pid ${target.pids.join(' + ')}`)
    targets.push(target)
  }
  const everyPid = targets.flatMap((t) => t.pids)

  const results: ScaleResults = {
    scenario: 'scale',
    measuredAt: new Date().toISOString(),
    command: commandLine(process.argv.slice(2)),
    machine: { cores: machineCores, node: process.version },
    settings: {
      quick: flags.quick,
      seconds: flags.seconds,
      warmupSeconds: flags.warmupSeconds,
      seed: flags.seed,
      deliveriesPerSecond: DELIVERIES_PER_SECOND,
      maxEditsPerSecond: MAX_EDITS_PER_SECOND,
    },
    servers: Object.fromEntries(targets.map((t) => [t.name, t.label])),
    configurations: [],
  }
  for (const [index, configuration] of planned.entries()) {
    const rate = editRate(configuration.editorsPerDocument)
    const clients = configuration.documents * configuration.editorsPerDocument
    console.log(
      `\n${describeConfiguration(configuration)}: ${rate} edits/s ` +
        `(${(rate * (configuration.editorsPerDocument - 1)).toLocaleString('en-US')} deliveries/s), ${clients} clients`,
    )
    const measured: MeasuredConfiguration = { ...configuration, clients, rate, seconds: flags.seconds, results: {} }
    // ABBA…: every other configuration reverses the order, so neither server always goes first.
    for (const target of index % 2 === 0 ? targets : [...targets].reverse()) {
      const figures = await measure(target, everyPid, configuration, rate, flags)
      measured.results[target.name as ServerName] = figures
      console.log(describeLoad(target.name as ServerName, figures))
    }
    results.configurations.push(measured)
  }

  mkdirSync(out, { recursive: true })
  await writeResults(results, jsonPath)
  const charts = drawCharts(results, out)
  console.log(`\nresults in ${shown(jsonPath)}; charts ${charts.map(shown).join(', ')}`)
  console.log(`\n${describeTable(results)}`)
}

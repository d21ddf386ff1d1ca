/**
 * `npm run bench`: the same y-websocket load against our server and against the reference
 * (@y/websocket-server), one after the other, then latency, delivery and CPU side by side;
 * `--instances 2` compares two of our instances with one instead, and `--scenario threads|snapshot`
 * measures the comment list and version snapshots (threads-scenario.ts, snapshot-scenario.ts),
 * `--scenario client` the editor page against a bare TipTap app in Chromium (client-scenario.ts),
 * `--scenario scale` how latency and CPU per update grow with clients and documents (scale-scenario.ts),
 * `--scenario import` 导入Word of a 100-page .docx (import-scenario.ts).
 * `--scenario search` 搜索 over 200 drafts of 20,000 characters (search-scenario.ts).
 * `--scenario search-pg` the same on PostgreSQL, with and without the trigram index (search-pg-scenario.ts).
 * `--scenario materials` a 20 MB PDF uploaded as a 调研材料 (materials-scenario.ts).
 * A report, not a test: it exits 0 when a target is missed and non-zero only when something breaks.
 */
import { Cleanup } from './cleanup.js'
import { clientScenario } from './client-scenario.js'
import { loadSettings, parseBenchFlags, type BenchFlags } from './flags.js'
import { runLoadInChild, type LoadResult } from './load.js'
import { setNiceness } from './niceness.js'
import { describeComparison, describeScaleOut, describeSingle, describeSummary, summarize } from './report.js'
import { startScaleOutTargets } from './scale-out-targets.js'
import { hostileScenario } from './hostile-scenario.js'
import { importScenario } from './import-scenario.js'
import { materialsScenario } from './materials-scenario.js'
import { metadataScenario } from './metadata-scenario.js'
import { restScenario } from './rest-scenario.js'
import { scaleScenario } from './scale-scenario.js'
import { searchPgScenario } from './search-pg-scenario.js'
import { searchScenario } from './search-scenario.js'
import { coldScenario } from './cold-scenario.js'
import { snapshotScenario } from './snapshot-scenario.js'
import { suggestionsScenario } from './suggestions-scenario.js'
import { startTarget, type BenchTarget } from './targets.js'
import { threadsScenario } from './threads-scenario.js'

/** Starts the servers to compare, registering each with `cleanup` as soon as it runs. */
async function startTargets(flags: BenchFlags, cleanup: Cleanup): Promise<BenchTarget[]> {
  if (flags.instances === 2) return startScaleOutTargets({ profileDir: flags.profileDir }, cleanup)
  const targets: BenchTarget[] = []
  for (const name of flags.targets) {
    const target = await startTarget(name, { profileDir: flags.profileDir })
    cleanup.add(`stopping ${name}`, () => target.stop())
    targets.push(target)
  }
  return targets
}

async function collab(flags: BenchFlags, cleanup: Cleanup): Promise<void> {
  const edits = Math.max(1, Math.round(flags.rate * flags.seconds))
  console.log(
    `bench: ${flags.clients} clients on one document, ${flags.rate} edits/s for ${flags.seconds} s` +
      ` after ${flags.warmupSeconds} s of warm-up` +
      ` (${edits} edits, ${edits * (flags.clients - 1)} expected deliveries), seed ${flags.seed}` +
      (flags.rounds > 1 ? `, ${flags.rounds} rounds` : '') +
      (flags.instances === 2 ? '; two of our instances (clients half on each) against one, on PostgreSQL + Redis' : ''),
  )
  const targets = await startTargets(flags, cleanup)
  if (flags.nice !== undefined) {
    // Equal for both servers and the clients: only programs outside the bench are pushed back.
    for (const target of targets) for (const pid of target.pids) setNiceness(pid, flags.nice)
    console.log(`servers and load process run at niceness ${flags.nice}`)
  }
  for (const target of targets) {
    console.log(
      `started ${target.name}: ${target.label}, pid ${target.pids.join(' + ')}, ${target.providerUrls.join(' ')}`,
    )
  }

  const results = new Map<BenchTarget, LoadResult[]>(targets.map((t) => [t, []]))
  for (let round = 1; round <= flags.rounds; round++) {
    // ABBA…: every other round reverses the order, so neither server always goes first.
    const order = round % 2 === 1 ? targets : [...targets].reverse()
    for (const target of order) {
      const { room, headers } = await target.createRoom()
      const roundLabel = flags.rounds > 1 ? ` round ${round}/${flags.rounds}` : ''
      console.log(`\nloading ${target.name}${roundLabel} (room ${room}) …`)
      const result = await runLoadInChild({
        providerUrls: target.providerUrls,
        rooms: [room],
        headers,
        serverPids: target.pids,
        servicePrograms: target.servicePrograms,
        ...loadSettings(flags),
      })
      if (!target.running()) throw new Error(`${target.name} server exited during the load:\n${target.output()}`)
      results.get(target)!.push(result)
      console.log(describeSummary(summarize(target.name, target.label, [result])))
    }
  }
  const summaries = targets.map((t) => summarize(t.name, t.label, results.get(t)!))
  if (flags.rounds > 1) {
    console.log('\npooled over all rounds')
    for (const s of summaries) console.log(describeSummary(s))
  }

  console.log('')
  const named = (name: string) => summaries.find((s) => s.name === name)
  const [ours, reference, two, one] = [named('ours'), named('reference'), named('two'), named('one')]
  if (two && one) console.log(describeScaleOut(two, one))
  else if (ours && reference) console.log(describeComparison(ours, reference))
  else for (const s of summaries) console.log(describeSingle(s))
  if (flags.profileDir) console.log(`\nCPU profiles of the servers are written to ${flags.profileDir} as they stop.`)
}

async function main(): Promise<number> {
  let flags: BenchFlags
  try {
    flags = parseBenchFlags(process.argv.slice(2))
  } catch (error) {
    console.error((error as Error).message)
    return 2
  }

  const cleanup = new Cleanup()
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping servers`)
    void cleanup.run().then(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    if (flags.scenario === 'threads') await threadsScenario(flags, cleanup)
    else if (flags.scenario === 'snapshot') await snapshotScenario(flags, cleanup)
    else if (flags.scenario === 'hostile') await hostileScenario(flags, cleanup)
    else if (flags.scenario === 'metadata') await metadataScenario(flags, cleanup)
    else if (flags.scenario === 'client') await clientScenario(flags, cleanup)
    else if (flags.scenario === 'rest') await restScenario(flags, cleanup)
    else if (flags.scenario === 'cold') await coldScenario(flags, cleanup)
    else if (flags.scenario === 'scale') await scaleScenario(flags, cleanup)
    else if (flags.scenario === 'suggestions') await suggestionsScenario(flags, cleanup)
    else if (flags.scenario === 'import') await importScenario(flags, cleanup)
    else if (flags.scenario === 'search') await searchScenario(flags, cleanup)
    else if (flags.scenario === 'search-pg') await searchPgScenario(flags, cleanup)
    else if (flags.scenario === 'materials') await materialsScenario(flags, cleanup)
    else await collab(flags, cleanup)
    return 0
  } catch (error) {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return 1
  } finally {
    await cleanup.run()
  }
}

process.exitCode = await main()

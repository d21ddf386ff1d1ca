/**
 * `npm run bench`: the same y-websocket load against our server and against the reference
 * (@y/websocket-server), one after the other, then latency, delivery and CPU side by side.
 * A report, not a test: it exits 0 when a target is missed and non-zero only when something breaks.
 */
import { setNiceness } from './niceness.js'
import { parseBenchFlags, usage, type BenchFlags } from './flags.js'
import { runLoadInChild, type LoadResult } from './load.js'
import { describeComparison, describeSingle, describeSummary, summarize } from './report.js'
import { startTarget, type BenchTarget } from './targets.js'

async function bench(flags: BenchFlags, targets: BenchTarget[]): Promise<void> {
  const edits = Math.max(1, Math.round(flags.rate * flags.seconds))
  console.log(
    `bench: ${flags.clients} clients on one document, ${flags.rate} edits/s for ${flags.seconds} s` +
      ` after ${flags.warmupSeconds} s of warm-up` +
      ` (${edits} edits, ${edits * (flags.clients - 1)} expected deliveries), seed ${flags.seed}` +
      (flags.rounds > 1 ? `, ${flags.rounds} rounds` : ''),
  )
  for (const name of flags.targets) targets.push(await startTarget(name, { profileDir: flags.profileDir }))
  if (flags.nice !== undefined) {
    // Equal for both servers and the clients: only programs outside the bench are pushed back.
    for (const target of targets) setNiceness(target.pid, flags.nice)
    console.log(`servers and load process run at niceness ${flags.nice}`)
  }
  for (const target of targets) console.log(`started ${target.name}: ${target.label}, pid ${target.pid}, ${target.providerUrl}`)

  const results = new Map<BenchTarget, LoadResult[]>(targets.map((t) => [t, []]))
  for (let round = 1; round <= flags.rounds; round++) {
    // ABBA…: every other round reverses the order, so neither server always goes first.
    const order = round % 2 === 1 ? targets : [...targets].reverse()
    for (const target of order) {
      const { room, headers } = await target.createRoom()
      const roundLabel = flags.rounds > 1 ? ` round ${round}/${flags.rounds}` : ''
      console.log(`\nloading ${target.name}${roundLabel} (room ${room}) …`)
      const result = await runLoadInChild({
        providerUrl: target.providerUrl,
        room,
        headers,
        serverPid: target.pid,
        clients: flags.clients,
        rate: flags.rate,
        seconds: flags.seconds,
        warmupSeconds: flags.warmupSeconds,
        seed: flags.seed,
        drainTimeoutMs: flags.drainSeconds * 1000,
        syncTimeoutMs: 30_000,
        nice: flags.nice,
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
  const ours = summaries.find((s) => s.name === 'ours')
  const reference = summaries.find((s) => s.name === 'reference')
  if (ours && reference) console.log(describeComparison(ours, reference))
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
  if (flags.instances !== 1) {
    // Planned: our server as `instances` processes sharing documents through Redis, clients spread over them.
    console.error(`--instances ${flags.instances}: not implemented yet (only 1 instance is)\n${usage}`)
    return 2
  }

  const targets: BenchTarget[] = []
  const stopAll = () => Promise.allSettled(targets.map((t) => t.stop()))
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping servers`)
    void stopAll().then(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    await bench(flags, targets)
    return 0
  } catch (error) {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return 1
  } finally {
    await stopAll()
  }
}

process.exitCode = await main()

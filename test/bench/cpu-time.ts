/**
 * CPU time from /proc (Linux only): of one process, so the bench can charge each server its own work,
 * and of the whole machine, so a run can tell how much of it other programs took.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'

let ticksPerSecond: number | undefined

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat (100 on almost every Linux). */
function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      ticksPerSecond = 100
    }
  }
  return ticksPerSecond
}

/** CPU milliseconds from the text of /proc/<pid>/stat. */
function cpuMsOfStat(stat: string): number {
  // The command name (field 2) is parenthesised and may contain spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state), so utime (field 14) is fields[11] and stime (field 15) is fields[12].
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  return ((utime + stime) * 1000) / clockTicksPerSecond()
}

/** User + system CPU milliseconds the process has used so far (all its threads; not its children). */
export function readProcessCpuMs(pid: number): number {
  return cpuMsOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))
}

/** Summed CPU milliseconds of several processes (the instances of one deployment). */
export function readProcessesCpuMs(pids: number[]): number {
  return pids.reduce((total, pid) => total + readProcessCpuMs(pid), 0)
}

/**
 * CPU milliseconds so far of every process whose command name is one of `names` (for example
 * PostgreSQL's backends and Redis), by pid. Whoever else uses those servers is included.
 */
export function readProgramsCpuMs(names: string[]): Map<number, number> {
  const byPid = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue // exited meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
    if (names.includes(name)) byPid.set(Number(entry), cpuMsOfStat(stat))
  }
  return byPid
}

/** CPU used between two readings of readProgramsCpuMs; a process started in between counts from zero. */
export function programsCpuBetween(start: Map<number, number>, end: Map<number, number>): number {
  let total = 0
  for (const [pid, ms] of end) total += ms - (start.get(pid) ?? 0)
  return Math.max(0, total)
}

/** The command line of a process, for checking that we measure the server itself and not a wrapper. */
function processCommandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
}

/** Throws unless `pid` is a node process whose command line mentions `script`. */
export function assertNodeProcessRunning(pid: number, script: string): void {
  const argv = processCommandLine(pid)
  const isNode = /(^|\/)node(\d+)?$/.test(argv[0] ?? '') || argv[0] === process.execPath
  if (!isNode || !argv.some((arg) => arg.endsWith(script))) {
    throw new Error(`pid ${pid} is not the node process running ${script}: ${argv.join(' ')}`)
  }
}

/** CPU milliseconds the whole machine has spent busy (all cores; everything but idle and iowait). */
export function readMachineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]
  // cpu user nice system idle iowait irq softirq steal … (guest time is already counted in user)
  const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1).map(Number)
  return ((user + nice + system + irq + softirq) * 1000) / clockTicksPerSecond()
}

/** Cores the machine has, to express busy time as a share. */
export const machineCores = availableParallelism()

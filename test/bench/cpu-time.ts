/**
 * CPU time from /proc (Linux only): of one process, so the bench can charge each server its own work,
 * and of the whole machine, so a run can tell how much of it other programs took.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
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

/** User + system CPU milliseconds the process has used so far (all its threads; not its children). */
export function readProcessCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) is parenthesised and may contain spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state), so utime (field 14) is fields[11] and stime (field 15) is fields[12].
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  return ((utime + stime) * 1000) / clockTicksPerSecond()
}

/** The command line of a process, for checking that we measure the server itself and not a wrapper. */
export function processCommandLine(pid: number): string[] {
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

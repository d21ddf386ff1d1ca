/** Scheduling priority for the bench's own processes (`--nice`). */
import { readdirSync } from 'node:fs'
import { setPriority } from 'node:os'

/**
 * Sets the niceness of every thread of a process: on Linux niceness is per thread, and a node
 * process has several (main, libuv pool, V8 helpers). Threads started later inherit it.
 */
export function setNiceness(pid: number, nice: number): void {
  let threads: number[]
  try {
    threads = readdirSync(`/proc/${pid}/task`).map(Number)
  } catch {
    threads = [pid]
  }
  for (const tid of threads) setPriority(tid, nice)
}

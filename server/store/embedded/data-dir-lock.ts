/**
 * One process at a time owns a data directory: lowdb keeps the metadata in memory and rewrites
 * the whole file, so a second writer (another server, the user CLI) would silently undo changes.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export class DataDirLock {
  private constructor(private readonly file: string) {}

  /** Takes the lock, or throws naming the process that holds it. A lock left by a dead process is taken over. */
  static acquire(dir: string): DataDirLock {
    const file = join(dir, 'jianyi.lock')
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number(readFileSync(file, 'utf8'))
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new Error(`${dir} is in use by process ${holder}; stop that Jianyi server first`, { cause: error })
      }
      writeFileSync(file, String(process.pid))
    }
    return new DataDirLock(file)
  }

  release(): void {
    rmSync(this.file, { force: true })
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

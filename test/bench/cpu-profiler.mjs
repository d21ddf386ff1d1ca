/**
 * Preloaded into a server process by `npm run bench -- --profile DIR` (through NODE_OPTIONS, which
 * refuses --cpu-prof): records a V8 CPU profile and writes DIR/<name>-<pid>.cpuprofile at exit,
 * for Chrome DevTools or speedscope. Plain JS because it loads before tsx.
 */
import { writeFileSync, mkdirSync } from 'node:fs'
import { Session } from 'node:inspector'
import { join } from 'node:path'

const dir = process.env.BENCH_PROFILE_DIR
const name = process.env.BENCH_PROFILE_NAME ?? 'server'
if (dir) {
  const session = new Session()
  session.connect()
  session.post('Profiler.enable')
  session.post('Profiler.setSamplingInterval', { interval: 200 })
  session.post('Profiler.start')
  // The in-process inspector answers synchronously, so this works inside an 'exit' listener.
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile))
    })
  })
}

/**
 * `npm run fuzz [-- --seed N --frames N --requests N]`: starts a server and runs the fuzz campaign
 * (test/fuzz/campaign.ts) against it, then prints the counts. Exits 1 at the first broken promise.
 */
import { parseArgs } from 'node:util'
import { startServer } from '../helpers/server.js'
import { fuzzServerEnv, OVERSIZED_FRAME_BYTES } from './server-env.js'
import { runFuzz } from './campaign.js'

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    frames: { type: 'string', default: '50000' },
    requests: { type: 'string', default: '10000' },
  },
})

const server = await startServer({ args: ['--demo'], env: fuzzServerEnv })
const started = Date.now()
try {
  const counts = await runFuzz(server, {
    seed: Number(values.seed),
    framesPerRole: Number(values.frames),
    requests: Number(values.requests),
    oversizedBytes: OVERSIZED_FRAME_BYTES,
    sockets: 4,
    log: (line) => console.log(line),
  })
  const frames = counts.frames.readWrite + counts.frames.readOnly
  console.log(
    `seed ${values.seed}: ${frames} frames (${counts.frames.readWrite} read-write, ${counts.frames.readOnly} read-only) over ${counts.socketsOpened} sockets`,
  )
  console.log(`close codes: ${JSON.stringify(counts.closeCodes)}`)
  console.log(`${counts.requests} API requests, statuses: ${JSON.stringify(counts.statuses)}`)
  console.log(
    `control round trips: ${counts.controlRoundTrips}; server alive; ${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
  await server.kill()
} catch (error) {
  console.error(error)
  await server.kill('SIGKILL')
  process.exit(1)
}

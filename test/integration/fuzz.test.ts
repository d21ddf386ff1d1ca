/**
 * A short seeded slice of `npm run fuzz` (test/fuzz/): hostile frames from read-write and read-only
 * sockets and malformed requests to every API route. The server stays up, a control client on
 * another document keeps syncing, nothing is stored through the read-only socket, and every API
 * refusal is a 4xx JSON error with a code.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runFuzz } from '../fuzz/campaign.js'
import { fuzzServerEnv, OVERSIZED_FRAME_BYTES } from '../fuzz/server-env.js'
import { startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer

beforeAll(async () => {
  server = await startServer({ args: ['--demo'], env: fuzzServerEnv })
})

afterAll(async () => {
  await server?.kill('SIGKILL')
})

it('survives a seeded slice of hostile frames and malformed API requests', async () => {
  const counts = await runFuzz(server, {
    seed: 20261204,
    framesPerRole: 2000,
    requests: 400,
    oversizedBytes: OVERSIZED_FRAME_BYTES,
  })
  expect(counts.frames).toEqual({ readWrite: 2000, readOnly: 2000 })
  expect(counts.requests).toBe(400)
  expect(counts.statuses['500']).toBeUndefined()
  expect(counts.controlRoundTrips).toBeGreaterThanOrEqual(4)
  expect(server.process.exitCode).toBeNull()
}, 120_000)

import { afterEach, describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import { createDraft, login } from '../helpers/accounts.js'
import { startServer, waitFor } from '../helpers/server.js'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** An awareness message (type 1) for one client id, as the provider renews its caret. */
function awarenessFrame(clientId: number, clock: number): Uint8Array {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, 1)
  encoding.writeVarUint(update, clientId)
  encoding.writeVarUint(update, clock)
  encoding.writeVarString(update, JSON.stringify({ user: { name: '组长' } }))
  const frame = encoding.createEncoder()
  encoding.writeVarUint(frame, 1)
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update))
  return encoding.toUint8Array(frame)
}

describe('an editor alone in a document', () => {
  // The official provider reconnects when it has heard nothing for 30 s; alone, nobody else speaks.
  it('hears back from a caret renewal after a quiet spell, so the provider never drops the connection', async () => {
    const server = await startServer({ args: ['--demo'] })
    cleanups.push(() => server.kill('SIGKILL'))
    const convener = await login(server, 'zuzhang')
    const docId = await createDraft(convener)
    const ws = new WebSocket(`${server.wsUrl}/collab/${docId}`, { headers: { cookie: convener.cookie } })
    cleanups.push(() => ws.terminate())
    const received: { at: number; type: number }[] = []
    ws.on('message', (data: Buffer) =>
      received.push({ at: Date.now(), type: decoding.readVarUint(decoding.createDecoder(new Uint8Array(data))) }),
    )
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    await waitFor(() => received.length > 0, 'the sync step 1 of the server')

    // Right after the server spoke, a renewal is not answered: it costs nothing while others talk.
    ws.send(awarenessFrame(4242, 1))
    const countAfterFirst = received.length
    // Then ten quiet seconds, as when nobody else is there.
    await waitFor(() => Date.now() - received.at(-1)!.at > 10_500, 'ten quiet seconds', 20_000)
    expect(received.length).toBe(countAfterFirst)
    ws.send(awarenessFrame(4242, 2))
    await waitFor(() => received.length > countAfterFirst, 'an answer to the renewal', 5_000)
    expect(received.at(-1)!.type).toBe(1)
  }, 40_000)
})

import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitConverged, waitSynced, type Peer } from '../helpers/peers.js'
import { seededRandom } from '../helpers/seeded-random.js'
import { startServer, tempDataDir, waitFor, type RunningServer } from '../helpers/server.js'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** The convener's session of the demo group; sessions are stored, so they survive restarts. */
let convener: Session

/** Starts a server; a fresh data directory is seeded with the demo group first. */
async function start(options: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> {
  const server = await startServer({ ...options, args: options.dataDir ? [] : ['--demo'] })
  cleanups.push(() => server.kill('SIGKILL'))
  return server
}

/** Starts a demo server whose data directory can be reused by later starts. */
async function startReusable(): Promise<{ server: RunningServer; dir: string }> {
  const { dir } = tempDataDir()
  const server = await startServer({ dataDir: dir, args: ['--demo'] })
  cleanups.push(() => server.kill('SIGKILL'))
  return { server, dir }
}

function peer(server: RunningServer, docId: string, session: Session = convener): Peer {
  const p = connectPeer(server.wsUrl, docId, { headers: { cookie: session.cookie } })
  cleanups.push(() => p.destroy())
  return p
}

async function createDocument(server: RunningServer): Promise<string> {
  convener = await login(server, 'zuzhang')
  return createDraft(convener)
}

const phrases = ['高标准农田', '建设', '，', '资金投入', '。', '管护机制', '农业农村局', 'abc', '一、', '\n']

/** Random inserts and deletes on one peer's text. */
function randomEdit(p: Peer, next: () => number): void {
  const length = p.text.length
  if (length > 20 && next() < 0.35) {
    const at = Math.floor(next() * (length - 1))
    p.text.delete(at, Math.min(1 + Math.floor(next() * 4), length - at))
  } else {
    p.text.insert(Math.floor(next() * (length + 1)), phrases[Math.floor(next() * phrases.length)])
  }
}

/** Opens a raw socket (no provider) to send hand-made frames. */
function rawSocket(server: RunningServer, docId: string): Promise<WebSocket> {
  const ws = new WebSocket(`${server.wsUrl}/collab/${docId}`, { headers: { cookie: convener.cookie } })
  cleanups.push(() => ws.terminate())
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)))
}

describe('real-time sync through the server', () => {
  it('three official clients making 1,000+ concurrent random edits end with identical content', async () => {
    const server = await start()
    const docId = await createDocument(server)
    const peers = [peer(server, docId), peer(server, docId), peer(server, docId)]
    await waitSynced(peers)
    const next = seededRandom(20261126)
    let edits = 0
    // Interleave bursts from all three so that edits really cross in flight.
    for (let round = 0; round < 120; round++) {
      for (const p of peers) {
        const burst = 1 + Math.floor(next() * 5)
        for (let i = 0; i < burst; i++, edits++) randomEdit(p, next)
      }
      if (round % 10 === 0) await new Promise((r) => setImmediate(r))
    }
    expect(edits).toBeGreaterThanOrEqual(1000)
    const content = await waitConverged(peers)
    expect(content.length).toBeGreaterThan(0)
    const fresh = peer(server, docId)
    await waitSynced([fresh])
    expect(fresh.text.toString()).toBe(content)
  })

  it('serves the same content to a fresh client after a clean restart', async () => {
    const { server: first, dir } = await startReusable()
    const docId = await createDocument(first)
    const a = peer(first, docId)
    await waitSynced([a])
    for (let i = 0; i < 200; i++) a.text.insert(a.text.length, `第${i}段。`)
    const b = peer(first, docId)
    await waitSynced([b])
    const content = await waitConverged([a, b])
    expect(await first.kill('SIGTERM')).toBe(0)
    expect(first.output()).toContain('stopped cleanly')

    const second = await start({ dataDir: dir })
    const fresh = peer(second, docId)
    await waitSynced([fresh])
    expect(fresh.text.toString()).toBe(content)
  })

  it('loses nothing relayed when killed with SIGKILL right after convergence', async () => {
    const { server: first, dir } = await startReusable()
    const docId = await createDocument(first)
    const peers = [peer(first, docId), peer(first, docId)]
    await waitSynced(peers)
    const next = seededRandom(7)
    for (let i = 0; i < 400; i++) randomEdit(peers[i % 2], next)
    const content = await waitConverged(peers)
    await first.kill('SIGKILL')

    const second = await start({ dataDir: dir })
    const fresh = peer(second, docId)
    await waitSynced([fresh])
    expect(fresh.text.toString()).toBe(content)
  })

  it('editors reconnect by themselves after SIGKILL and a restart, and nothing typed is lost', async () => {
    const { server: first, dir } = await startReusable()
    const docId = await createDocument(first)
    const [a, b] = [peer(first, docId), peer(first, docId)]
    await waitSynced([a, b])
    a.text.insert(0, '甲方输入。')
    await waitConverged([a, b])
    await first.kill('SIGKILL')
    await waitFor(() => !a.provider.wsconnected && !b.provider.wsconnected, 'clients to notice the server is gone')
    // Typing goes on while the server is down.
    a.text.insert(a.text.length, '断线时甲方继续输入。')
    b.text.insert(0, '断线时乙方继续输入。')

    await start({ dataDir: dir, port: first.port })
    await waitSynced([a, b], 30_000)
    const content = await waitConverged([a, b])
    for (const words of ['甲方输入。', '断线时甲方继续输入。', '断线时乙方继续输入。']) expect(content).toContain(words)
  })

  it('removes the awareness state of a closed socket and tells the others', async () => {
    const server = await start()
    const docId = await createDocument(server)
    const [a, b] = [peer(server, docId), peer(server, docId)]
    a.provider.awareness.setLocalStateField('user', { name: '甲', color: '#c0392b' })
    b.provider.awareness.setLocalStateField('user', { name: '乙', color: '#2471a3' })
    await waitSynced([a, b])
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === '甲', 'b to see a')
    a.provider.disconnect()
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), "a's presence to be removed at b")
  })
})

describe('bad input costs only its own socket', () => {
  it('closes a socket that sends a malformed frame with 1003, and the others keep syncing', async () => {
    const server = await start()
    const docId = await createDocument(server)
    const [a, b] = [peer(server, docId), peer(server, docId)]
    await waitSynced([a, b])
    for (const frame of [Buffer.from([0xff, 0xff, 0xff]), Buffer.from([0, 2, 50, 1, 2]), Buffer.from([7])]) {
      const ws = await rawSocket(server, docId)
      const closed = closeCode(ws)
      ws.send(frame)
      expect(await closed).toBe(1003)
    }
    // A syntactically valid update message whose payload is not a Yjs update.
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    syncProtocol.writeUpdate(encoder, new Uint8Array([200, 1, 2, 3, 4, 5, 6]))
    const ws = await rawSocket(server, docId)
    const closed = closeCode(ws)
    ws.send(encoding.toUint8Array(encoder))
    expect(await closed).toBe(1003)

    a.text.insert(0, '仍然同步')
    await waitConverged([a, b])
    expect(b.text.toString()).toBe('仍然同步')
    expect(server.output()).toMatch(/closing socket .* malformed/)
  })

  it('closes a socket that sends a frame over MAX_MESSAGE_BYTES with 1009, and the others keep syncing', async () => {
    const server = await start({ env: { MAX_MESSAGE_BYTES: '65536' } })
    const docId = await createDocument(server)
    const [a, b] = [peer(server, docId), peer(server, docId)]
    await waitSynced([a, b])
    const ws = await rawSocket(server, docId)
    const closed = closeCode(ws)
    ws.send(Buffer.alloc(100_000, 1))
    expect(await closed).toBe(1009)
    b.text.insert(0, '大帧之后')
    await waitConverged([a, b])
    expect(a.text.toString()).toBe('大帧之后')
  })

  it('closes a socket to an unknown document with 4404 and creates nothing', async () => {
    const server = await start()
    convener = await login(server, 'zuzhang')
    for (const id of ['AAAAAAAAAAAAAAAA', 'not-an-id', '..%2F..%2Fetc']) {
      const ws = new WebSocket(`${server.wsUrl}/collab/${id}`, { headers: { cookie: convener.cookie } })
      cleanups.push(() => ws.terminate())
      expect(await closeCode(ws)).toBe(4404)
    }
    const p = peer(server, 'AAAAAAAAAAAAAAAA')
    await waitFor(() => p.closes.some((c) => c.code === 4404), 'the provider to see 4404')
    // The provider treats 44xx as final and stops reconnecting.
    expect(p.provider.shouldConnect).toBe(false)
    const list = await convener.json<{ documents: { id: string }[] }>('/documents', { expect: 200 })
    expect(list.documents.map((d) => d.id)).not.toContain('AAAAAAAAAAAAAAAA')
  })

  it('closes the sockets of a deleted document with 4404', async () => {
    const server = await start()
    const docId = await createDocument(server)
    const a = peer(server, docId)
    await waitSynced([a])
    expect((await convener.api(`/documents/${docId}`, { method: 'DELETE' })).status).toBe(204)
    await waitFor(() => a.closes.some((c) => c.code === 4404), 'the open editor to be closed with 4404')
  })
})

describe('document content is stored, not only relayed', () => {
  it('applies a hand-made update from a raw socket to what fresh clients receive', async () => {
    const server = await start()
    const docId = await createDocument(server)
    const local = new Y.Doc()
    local.getText('content').insert(0, '原始套接字')
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(local))
    const ws = await rawSocket(server, docId)
    ws.send(encoding.toUint8Array(encoder))
    const fresh = peer(server, docId)
    await waitFor(() => fresh.text.toString() === '原始套接字', 'the update to reach a fresh client')
  })
})

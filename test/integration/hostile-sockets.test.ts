/**
 * One socket cannot harm the others: it speaks only for its own carets, and (see below) a socket
 * that stops reading or floods the server is cut off alone.
 */
import { readFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import * as encoding from 'lib0/encoding'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

let server: RunningServer
let convener: Session, member: Session, member2: Session, chair: Session, commenter: Session

beforeAll(async () => {
  server = await startServer({
    args: ['--demo'],
    env: {
      SOCKET_BUFFER_BYTES: String(256 * 1024),
      SOCKET_MESSAGES_PER_SECOND: '50',
      MAX_SOCKETS_PER_USER: '6',
      MAX_SOCKETS_PER_DOCUMENT: '8',
      // Answers as fast as the kernel takes them, so that a socket that does not read fills its
      // buffers within the test; the interval between full answers is tested in socket-limits.test.ts.
      SOCKET_FULL_ANSWER_INTERVAL_MS: '0',
    },
  })
  ;[convener, member, member2, chair, commenter] = await Promise.all(
    ['zuzhang', 'chengyuan1', 'chengyuan2', 'zhuxi', 'zhengqiu'].map((name) => login(server, name)),
  )
})

afterAll(async () => {
  await server?.kill('SIGKILL')
})

function peer(docId: string, session: Session): Peer {
  const p = connectPeer(server.wsUrl, docId, { headers: { cookie: session.cookie } })
  cleanups.push(() => p.destroy())
  return p
}

function rawSocket(docId: string, session: Session): Promise<WebSocket> {
  const ws = new WebSocket(`${server.wsUrl}/collab/${docId}`, { headers: { cookie: session.cookie } })
  ws.on('error', () => {})
  cleanups.push(() => ws.terminate())
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

/** An awareness message (type 1) with the given entries; a null state removes the client. */
function awarenessFrame(entries: { clientId: number; clock: number; state: object | null }[]): Uint8Array {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, entries.length)
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(update, clientId)
    encoding.writeVarUint(update, clock)
    encoding.writeVarString(update, JSON.stringify(state))
  }
  const frame = encoding.createEncoder()
  encoding.writeVarUint(frame, 1)
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update))
  return encoding.toUint8Array(frame)
}

const nameAt = (watcher: Peer, clientId: number): unknown =>
  watcher.provider.awareness.getStates().get(clientId)?.user?.name

describe('awareness: a socket speaks only for the client ids it introduced', () => {
  it('refuses a read-only and a writable socket that overwrite or remove another editor’s caret', async () => {
    const docId = await createDraft(convener, '关于防止光标冒充的建议案')
    await convener.json(`/documents/${docId}/invitations`, {
      method: 'POST',
      body: JSON.stringify({ username: 'zhengqiu', until: null }),
      expect: 201,
    })
    const [editor, watcher] = [peer(docId, member), peer(docId, chair)]
    editor.provider.awareness.setLocalStateField('user', { name: '李委员', color: '#2471a3' })
    await waitSynced([editor, watcher])
    await waitFor(() => nameAt(watcher, editor.doc.clientID) === '李委员', 'the watcher to see the editor')
    const victim = editor.doc.clientID
    const clock = editor.provider.awareness.meta.get(victim)!.clock

    for (const [session, ownId] of [
      [commenter, 4_000_001],
      [convener, 4_000_002],
    ] as const) {
      const attacker = await rawSocket(docId, session)
      attacker.send(awarenessFrame([{ clientId: victim, clock: clock + 100, state: { user: { name: '冒充者' } } }]))
      attacker.send(awarenessFrame([{ clientId: victim, clock: clock + 200, state: null }]))
      // Its own id in the same kind of frame is accepted: the frames above were read, not lost.
      attacker.send(awarenessFrame([{ clientId: ownId, clock: 1, state: { user: { name: `自己 ${ownId}` } } }]))
      await waitFor(() => nameAt(watcher, ownId) === `自己 ${ownId}`, 'the attacker’s own caret to arrive')
      expect(nameAt(watcher, victim)).toBe('李委员')
      expect(nameAt(editor, victim)).toBe('李委员')
      attacker.close()
      await waitFor(() => !watcher.provider.awareness.getStates().has(ownId), 'the attacker’s caret to leave with it')
    }
    // The editor itself still moves its caret.
    editor.provider.awareness.setLocalStateField('user', { name: '李委员（改名）', color: '#2471a3' })
    await waitFor(() => nameAt(watcher, victim) === '李委员（改名）', 'the editor’s own change to arrive')
  })
})

/** A sync step 1 with an empty state vector: "send me the whole document" in four bytes. */
const wholeDocumentPlease = Uint8Array.from([0, 0, 1, 0])

/** Resident memory of the server process, in bytes. */
function serverRss(): number {
  const status = readFileSync(`/proc/${server.process.pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024
}

const closeOf = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )

describe('a socket that stops reading or floods the server is cut off alone', () => {
  it('answers one full sync at a time to a socket that does not read, then closes it with 1013 past its buffer', async () => {
    const docId = await createDraft(convener, '关于一个不读取的连接的建议案')
    const [editor, other] = [peer(docId, member), peer(docId, convener)]
    await waitSynced([editor, other])
    // About 1.2 MB of document: every answer to a sync step 1 is that big.
    editor.text.insert(0, '高标准农田建设管护机制。'.repeat(33_000))
    await waitFor(() => other.text.length === editor.text.length, 'the document to reach the other editor')

    const hostile = await rawSocket(docId, chair)
    hostile.pause()
    const before = serverRss()
    for (let i = 0; i < 120; i++) hostile.send(wholeDocumentPlease)
    // Frames of one socket are handled in order: once its own caret arrives, all 120 were read.
    hostile.send(awarenessFrame([{ clientId: 4_100_000, clock: 1, state: { user: { name: '不读者' } } }]))
    await waitFor(() => nameAt(other, 4_100_000) === '不读者', 'the flood to be read', 30_000)
    // 120 answers queued would be 140 MB and more; one in flight is about 1 MB.
    expect(serverRss() - before).toBeLessThan(60 * 1024 * 1024)

    // What the editors type is relayed to it too, which overflows its buffer: it is closed, alone.
    editor.text.insert(0, '继续输入。')
    await waitFor(() => /closing socket #\d+ zhuxi on \S+: \d+ bytes unread/.test(server.output()), 'the close')
    await waitFor(() => !other.provider.awareness.getStates().has(4_100_000), 'the unread socket to be gone')
    other.text.insert(0, '其他人照常协作。')
    await waitFor(() => editor.text.toString().startsWith('其他人照常协作。继续输入。'), 'the editors to go on')
  })

  it('reads a socket no faster than SOCKET_MESSAGES_PER_SECOND, losing none of its frames', async () => {
    const docId = await createDraft(convener, '关于限制发送速率的建议案')
    const watcher = peer(docId, convener)
    await waitSynced([watcher])
    const flooder = await rawSocket(docId, member2)
    const start = Date.now()
    // 150 frames at once with 50 per second allowed (one second's worth at once): about 2 s.
    for (let i = 1; i <= 150; i++) {
      flooder.send(awarenessFrame([{ clientId: 4_200_000, clock: i, state: { user: { name: `第${i}帧` } } }]))
    }
    await waitFor(() => nameAt(watcher, 4_200_000) === '第150帧', 'the last frame to be read', 30_000)
    expect(Date.now() - start).toBeGreaterThanOrEqual(1500)
    expect(flooder.readyState).toBe(WebSocket.OPEN)
  })

  it('refuses a socket over the user’s or the document’s cap with 4429, and admits one again once another closed', async () => {
    const docId = await createDraft(convener, '关于限制连接数的建议案')
    const sockets = await Promise.all(Array.from({ length: 6 }, () => rawSocket(docId, member2)))
    const seventh = await rawSocket(docId, member2)
    expect(await closeOf(seventh)).toEqual({ code: 4429, reason: 'a user may have 6 open sockets' })

    const others = await Promise.all([rawSocket(docId, convener), rawSocket(docId, convener)])
    const ninth = await rawSocket(docId, chair)
    expect((await closeOf(ninth)).code).toBe(4429)
    // The official provider takes 44xx as final, so a refused editor does not hammer the server.
    const refused = peer(docId, chair)
    await waitFor(() => refused.closes.some((c) => c.code === 4429), 'the provider to be refused')
    expect(refused.provider.shouldConnect).toBe(false)

    const closed = closeOf(sockets[0])
    sockets[0].close()
    await closed
    await waitFor(async () => {
      const again = await rawSocket(docId, chair)
      const outcome = await Promise.race([closeOf(again), new Promise((r) => setTimeout(() => r('open'), 300))])
      return outcome === 'open'
    }, 'a socket to be admitted again')
    expect(others.every((ws) => ws.readyState === WebSocket.OPEN)).toBe(true)
  })
})

describe('upgrades that never become a socket', () => {
  /** Sends the start of a websocket upgrade over plain TCP, as a client would, and returns the connection. */
  function upgradeRequest(path: string, cookie: string): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const tcp = connect(server.port, '127.0.0.1', () => {
        tcp.write(
          `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
            `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${Buffer.from('0123456789abcdef').toString('base64')}\r\n` +
            `Cookie: ${cookie}\r\n\r\n`,
        )
        resolve(tcp)
      })
      tcp.once('error', reject)
    })
  }

  it('survives clients that hang up while their socket is being checked, and answers another path with 404', async () => {
    const docId = await createDraft(convener, '关于中途断开的连接的建议案')
    for (let i = 0; i < 20; i++) {
      const tcp = await upgradeRequest(`/collab/${docId}`, member.cookie)
      tcp.on('error', () => {})
      tcp.resetAndDestroy()
    }
    const stray = await upgradeRequest('/api/documents', member.cookie)
    const answer = await new Promise<string>((resolve) => {
      let text = ''
      stray.on('data', (chunk: Buffer) => (text += chunk.toString()))
      stray.on('close', () => resolve(text))
    })
    expect(answer).toMatch(/^HTTP\/1\.1 404 /)

    const editor = peer(docId, member)
    await waitSynced([editor])
    expect(server.process.exitCode).toBeNull()
  })
})

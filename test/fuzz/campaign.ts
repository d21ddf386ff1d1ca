/**
 * The fuzz campaign against a running server: hostile websocket frames from read-write and
 * read-only sockets, and malformed requests to every API route in the OpenAPI document. It
 * throws at the first broken promise: a crashed server, a control client on another document
 * that stops syncing, a change stored through a read-only socket, an API answer that is a 500 or
 * not a JSON error with a code.
 */
import { request } from 'node:http'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { ErrorCode } from '../../shared/errors.js'
import { createDraft, demoGroup, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { seededRandom, type Random } from '../helpers/seeded-random.js'
import { waitFor, type RunningServer } from '../helpers/server.js'
import { hostileFrame } from './frames.js'
import { hostileRequest, routesOf } from './requests.js'

export interface FuzzOptions {
  seed: number
  /** Frames to send from each of the two kinds of socket (read-write, read-only). */
  framesPerRole: number
  requests: number
  /** Frames over the server's MAX_MESSAGE_BYTES. */
  oversizedBytes: number
  /** Sockets sending at once per role. */
  sockets?: number
  log?: (line: string) => void
}

export interface FuzzCounts {
  frames: { readWrite: number; readOnly: number }
  socketsOpened: number
  closeCodes: Record<string, number>
  requests: number
  statuses: Record<string, number>
  controlRoundTrips: number
}

interface Answer {
  status: number
  contentType: string | null
  text: string
}

/** One request on its own connection (no keep-alive: a connection the server closed is never reused). */
function send(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Node frames a DELETE body only when told its length (it sends no chunked DELETE).
    const length = init.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(init.body)) }
    const headers = { ...init.headers, ...length }
    const req = request(url, { method: init.method, headers, agent: false }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? null, text }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

/** Opens a raw socket; resolves when open, or with null when the server refused it. */
function openSocket(server: RunningServer, docId: string, session: Session): Promise<WebSocket | null> {
  const ws = new WebSocket(`${server.wsUrl}/collab/${docId}`, { headers: { cookie: session.cookie } })
  ws.on('error', () => {})
  return new Promise((resolve) => {
    ws.once('open', () => resolve(ws))
    ws.once('close', () => resolve(null))
  })
}

/** Sends `total` hostile frames over as many sockets as the server leaves open; returns frames sent. */
async function fuzzSockets(
  server: RunningServer,
  docId: string,
  session: Session,
  total: number,
  random: Random,
  options: FuzzOptions,
  counts: FuzzCounts,
): Promise<number> {
  let sent = 0
  const worker = async () => {
    while (sent < total) {
      const ws = await openSocket(server, docId, session)
      counts.socketsOpened++
      if (!ws) continue
      const closed = new Promise<void>((resolve) =>
        ws.once('close', (code) => {
          counts.closeCodes[code] = (counts.closeCodes[code] ?? 0) + 1
          resolve()
        }),
      )
      ws.on('message', () => {})
      while (sent < total && ws.readyState === WebSocket.OPEN) {
        const { frame } = hostileFrame(random, options.oversizedBytes)
        ws.send(frame)
        sent++
        // Keep the socket's own send queue short, so a close is noticed soon after it happens.
        if (ws.bufferedAmount > 256 * 1024 || sent % 50 === 0) await new Promise((r) => setImmediate(r))
      }
      ws.close()
      await closed
    }
  }
  await Promise.all(Array.from({ length: options.sockets ?? 4 }, worker))
  return sent
}

/** An edit on one control peer reaches the other: the room on another document is unharmed. */
async function controlRoundTrip(a: Peer, b: Peer, n: number): Promise<void> {
  const mark = `控制${n}。`
  a.text.insert(a.text.length, mark)
  await waitFor(() => b.text.toString().includes(mark), `control edit ${n} to arrive`, 20_000)
}

/** The document's whole state as a fresh client receives it. */
async function storedState(server: RunningServer, docId: string, session: Session): Promise<Map<number, number>> {
  const peer = connectPeer(server.wsUrl, docId, { headers: { cookie: session.cookie } })
  try {
    await waitSynced([peer], 20_000)
    return Y.decodeStateVector(Y.encodeStateVector(peer.doc))
  } finally {
    peer.destroy()
  }
}

function checkAnswer(
  status: number,
  contentType: string | null,
  text: string,
  mustRefuse: boolean,
  what: string,
): void {
  if (status >= 500) throw new Error(`${what} answered ${status}: ${text.slice(0, 300)}`)
  if (mustRefuse && (status < 400 || status >= 500)) throw new Error(`${what} was not refused: ${status}`)
  if (status < 400) return
  if (!contentType?.includes('application/json'))
    throw new Error(`${what} answered ${status} without JSON: ${JSON.stringify(text.slice(0, 200))}`)
  const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code
  if (!ErrorCode.safeParse(code).success) throw new Error(`${what} answered ${status} without a known code: ${text}`)
}

export async function runFuzz(server: RunningServer, options: FuzzOptions): Promise<FuzzCounts> {
  const log = options.log ?? (() => {})
  const random = seededRandom(options.seed)
  const counts: FuzzCounts = {
    frames: { readWrite: 0, readOnly: 0 },
    socketsOpened: 0,
    closeCodes: {},
    requests: 0,
    statuses: {},
    controlRoundTrips: 0,
  }
  const [convener, member, chair] = await Promise.all(
    ['zuzhang', 'chengyuan1', 'zhuxi'].map((name) => login(server, name)),
  )
  const controlDocId = (await demoGroup(convener)).sampleDocId
  const targetDocId = await createDraft(convener, '模糊测试目标')
  const control = [convener, member].map((s) =>
    connectPeer(server.wsUrl, controlDocId, { headers: { cookie: s.cookie } }),
  )
  const alive = () => {
    if (server.process.exitCode !== null || server.process.signalCode !== null)
      throw new Error(`the server died:\n${server.output().slice(-3000)}`)
  }
  try {
    await waitSynced(control)
    await controlRoundTrip(control[0], control[1], ++counts.controlRoundTrips)

    // Read-only first: the chair may read the draft, not edit it; nothing they send may be stored.
    const before = await storedState(server, targetDocId, convener)
    counts.frames.readOnly = await fuzzSockets(
      server,
      targetDocId,
      chair,
      options.framesPerRole,
      random,
      options,
      counts,
    )
    alive()
    const after = await storedState(server, targetDocId, convener)
    if (JSON.stringify([...after]) !== JSON.stringify([...before]))
      throw new Error(
        `a read-only socket changed the document: ${JSON.stringify([...before])} → ${JSON.stringify([...after])}`,
      )
    await controlRoundTrip(control[0], control[1], ++counts.controlRoundTrips)
    log(`read-only sockets: ${counts.frames.readOnly} frames, document unchanged`)

    counts.frames.readWrite = await fuzzSockets(
      server,
      targetDocId,
      member,
      options.framesPerRole,
      random,
      options,
      counts,
    )
    alive()
    await controlRoundTrip(control[0], control[1], ++counts.controlRoundTrips)
    log(`read-write sockets: ${counts.frames.readWrite} frames`)

    const routes = await routesOf(server)
    for (let i = 0; i < options.requests; i++) {
      const request = hostileRequest(random, routes, { docId: targetDocId, session: i % 2 === 0 ? convener : null })
      counts.requests++
      let res: Answer
      try {
        res = await send(`${server.url}${request.path}`, request.init)
      } catch (error) {
        // The server may answer before reading a large body and close the connection on the rest;
        // the client, still sending, may see the close before the answer (see body-limits.test.ts).
        if (!request.largeBody) throw new Error(`${request.describe}: ${(error as Error).message}`, { cause: error })
        counts.statuses['closed while sending'] = (counts.statuses['closed while sending'] ?? 0) + 1
        continue
      }
      counts.statuses[res.status] = (counts.statuses[res.status] ?? 0) + 1
      checkAnswer(res.status, res.contentType, res.text, request.mustRefuse, request.describe)
      if (i % 1000 === 999) {
        alive()
        await controlRoundTrip(control[0], control[1], ++counts.controlRoundTrips)
      }
    }
    alive()
    await controlRoundTrip(control[0], control[1], ++counts.controlRoundTrips)
    log(`API: ${counts.requests} requests over ${routes.length} routes`)
    return counts
  } finally {
    for (const peer of control) peer.destroy()
  }
}

/**
 * `npm run bench -- --scenario rest`: what a server costs while nobody does anything, ours against
 * the reference, each started fresh as in production (ours the built JavaScript, both plain node):
 * - resident memory at rest: started, one user signed in (ours), nothing open, read every second
 *   for `REST_WINDOW_S` seconds: the first reading (the young generation still as large as starting
 *   made it) and the smallest (after V8's memory reducer, which runs one idle collection some 10–25 s
 *   after start and gives the young generation back), both servers alike;
 * - connect + sync: server CPU while `--clients` official y-websocket clients (10 per document, so
 *   `--clients / 10` documents) connect and finish their first sync, CONNECT_ROUNDS times per server
 *   with both servers up, taken in turn (ABBA…) and summed, so that what else the machine does falls
 *   on both alike;
 * - idle: server CPU over `--seconds` while all those sockets stay open and nobody types. The
 *   clients hold no awareness state (no caret to renew), so anything the server spends is its own
 *   timers.
 */
import * as awarenessProtocol from 'y-protocols/awareness'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { readFileSync } from 'node:fs'
import { waitFor } from '../helpers/server.js'
import { signIn } from './api.js'
import type { Cleanup } from './cleanup.js'
import { readProcessesCpuMs } from './cpu-time.js'
import { setNiceness } from './niceness.js'
import type { BenchFlags } from './flags.js'
import { ratio } from './report.js'
import { startTarget, type BenchRoom, type BenchTarget } from './targets.js'

const CLIENTS_PER_DOCUMENT = 10

/** Connect + sync bursts per server, alternating between them (ABBA…), summed: the machine's other work falls on both alike. */
const CONNECT_ROUNDS = 3

interface RestFigures {
  /** Resident memory at rest, MB: the smallest reading of the window. */
  restMb: number
  /** Resident memory a second after sign-in (the reference: after start), MB, before V8 has shrunk its heap. */
  firstMb: number
  /** Server CPU while the clients connected and synced, ms, per round. */
  connectCpuMs: number[]
  connectMs: number[]
  /** Server CPU while the sockets sat idle, ms, and over how long. */
  idleCpuMs: number
  idleMs: number
}

function residentMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))
  if (!line) throw new Error(`no VmRSS for pid ${pid}`)
  return Number(line.split(/\s+/)[1]) / 1024
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * How long a server is left at rest while its memory is read. V8 keeps the young generation at the
 * size starting grew it to (up to 16 MB a semi-space) until its memory reducer runs a collection
 * with nothing else going on; that happens 8 s after the last full collection at the earliest, was
 * seen 10–25 s after start, and now and then not within the window (the smallest reading is then
 * the first). Both servers are read alike.
 */
const REST_WINDOW_S = 30

/** Readings a second apart over the rest window: the first, and the smallest (a reading mid-collection is high). */
async function memoryAtRest(pid: number): Promise<{ firstMb: number; restMb: number }> {
  const readings: number[] = []
  for (let i = 0; i < REST_WINDOW_S; i++) {
    await pause(1000)
    readings.push(residentMb(pid))
  }
  return { firstMb: readings[0], restMb: Math.min(...readings) }
}

function connect(url: string, room: string, headers: Record<string, string>) {
  const doc = new Y.Doc()
  const awareness = new awarenessProtocol.Awareness(doc)
  // No caret: a client with a state renews it every 15 s, which is traffic, not idleness.
  awareness.setLocalState(null)
  const Polyfill = class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers })
    }
  } as unknown as typeof globalThis.WebSocket
  const provider = new WebsocketProvider(url, room, doc, { WebSocketPolyfill: Polyfill, disableBc: true, awareness })
  return {
    provider,
    destroy() {
      provider.destroy()
      awareness.destroy()
      doc.destroy()
    },
  }
}

type Client = ReturnType<typeof connect>

/** Server CPU over `seconds` while the clients' sockets stay open and nobody does anything. */
async function idle(target: BenchTarget, clients: Client[], seconds: number, figure: RestFigures): Promise<void> {
  // Let the last answers leave and any collection after the burst finish before the quiet window.
  await pause(2000)
  const before = readProcessesCpuMs(target.pids)
  const start = performance.now()
  await pause(seconds * 1000)
  figure.idleCpuMs = readProcessesCpuMs(target.pids) - before
  figure.idleMs = performance.now() - start
  if (clients.some((c) => !c.provider.wsconnected))
    throw new Error(`${target.name}: a client was disconnected while idle`)
  console.log(
    `${target.name.padEnd(10)} idle ${figure.idleCpuMs.toFixed(0)} ms CPU over ${(figure.idleMs / 1000).toFixed(1)} s`,
  )
}

/** Memory at rest of a fresh server (ours with one user signed in, as the first thing anyone does). */
async function atRest(target: BenchTarget): Promise<{ firstMb: number; restMb: number }> {
  const [pid] = target.pids
  if (target.name === 'ours') {
    const http = target.providerUrls[0].replace(/^ws/, 'http').replace(/\/collab$/, '')
    const adminPassword = /Username: admin\s+Password: (\S+)/.exec(target.output())?.[1]
    if (!adminPassword) throw new Error('our server printed no first-run admin password')
    await signIn({ url: http }, 'admin', adminPassword)
  }
  return memoryAtRest(pid)
}

/** Waits until a server has spent at most 20 ms of CPU over half a second: the last burst is behind it. */
async function untilQuiet(target: BenchTarget): Promise<void> {
  for (let tries = 0; tries < 60; tries++) {
    const before = readProcessesCpuMs(target.pids)
    await pause(500)
    if (readProcessesCpuMs(target.pids) - before <= 20) return
  }
}

/** Connects `count` clients dealt over `rooms` and waits for all to sync; the server's CPU meanwhile. */
async function connectBurst(
  target: BenchTarget,
  rooms: BenchRoom[],
  count: number,
): Promise<{ clients: Client[]; cpuMs: number; wallMs: number }> {
  const clients: Client[] = []
  const cpuBefore = readProcessesCpuMs(target.pids)
  const started = performance.now()
  try {
    for (let i = 0; i < count; i++) {
      const { room, headers } = rooms[i % rooms.length]
      clients.push(connect(target.providerUrls[0], room, headers))
    }
    await waitFor(() => clients.every((c) => c.provider.synced), `${count} clients to sync`, 120_000)
  } catch (error) {
    for (const client of clients) client.destroy()
    throw error
  }
  return { clients, cpuMs: readProcessesCpuMs(target.pids) - cpuBefore, wallMs: performance.now() - started }
}

export async function restScenario(flags: BenchFlags, cleanup: Cleanup): Promise<void> {
  // Every provider in this process listens for its exit.
  process.setMaxListeners(flags.clients + 20)
  const documents = Math.max(1, Math.round(flags.clients / CLIENTS_PER_DOCUMENT))
  console.log(
    `bench rest: memory at rest, then ${flags.clients} clients connecting to ${documents} documents ` +
      `(${CLIENTS_PER_DOCUMENT} each) and sitting idle for ${flags.seconds} s; ours against the reference`,
  )
  // The clients live in this process: it runs at the servers' niceness.
  if (flags.nice !== undefined) setNiceness(process.pid, flags.nice)
  const figures = new Map<string, RestFigures>()
  const targets: BenchTarget[] = []
  for (const name of flags.targets) {
    const target = await startTarget(name, { profileDir: flags.profileDir })
    cleanup.add(`stopping ${name}`, () => target.stop())
    if (flags.nice !== undefined) for (const pid of target.pids) setNiceness(pid, flags.nice)
    console.log(`started ${name}: ${target.label}, pid ${target.pids.join(' + ')}`)
    const { firstMb, restMb } = await atRest(target)
    console.log(`${name.padEnd(10)} at rest ${restMb.toFixed(1)} MB (first reading ${firstMb.toFixed(1)} MB)`)
    figures.set(name, { restMb, firstMb, connectCpuMs: [], connectMs: [], idleCpuMs: 0, idleMs: 0 })
    targets.push(target)
  }
  const roomsOf = new Map<BenchTarget, BenchRoom[]>()
  for (const target of targets) roomsOf.set(target, await target.createRooms(documents))
  try {
    for (let round = 1; round <= CONNECT_ROUNDS; round++) {
      const order = round % 2 === 1 ? targets : [...targets].reverse()
      for (const target of order) {
        // Nothing of an earlier burst (its sockets closing, its rooms unloading) overlaps this one.
        for (const each of targets) await untilQuiet(each)
        const burst = await connectBurst(target, roomsOf.get(target)!, flags.clients)
        const figure = figures.get(target.name)!
        figure.connectCpuMs.push(burst.cpuMs)
        figure.connectMs.push(burst.wallMs)
        console.log(
          `${target.name.padEnd(10)} connect + sync of ${flags.clients} clients, round ${round}/${CONNECT_ROUNDS}: ` +
            `${burst.cpuMs.toFixed(0)} ms CPU over ${burst.wallMs.toFixed(0)} ms`,
        )
        try {
          // After the last round, the sockets stay open and idle a while.
          if (round === CONNECT_ROUNDS) await idle(target, burst.clients, flags.seconds, figure)
        } finally {
          for (const client of burst.clients) client.destroy()
        }
      }
    }
  } finally {
    for (const target of targets) await target.stop()
  }
  const ours = figures.get('ours')
  const reference = figures.get('reference')
  if (!ours || !reference) return
  console.log('')
  console.log('| metric | ours | reference | ours / reference | target | met |')
  console.log('| --- | ---: | ---: | ---: | --- | --- |')
  const restRatio = ours.restMb / reference.restMb
  console.log(
    `| resident memory at rest, smallest over ${REST_WINDOW_S} s (MB) | ${ours.restMb.toFixed(1)} | ${reference.restMb.toFixed(1)} | ${ratio(ours.restMb, reference.restMb)} | ≤ 1.3 | ${restRatio <= 1.3 ? 'yes' : 'no'} |`,
  )
  // Not a target: how much of the figure above is the young generation that V8 has yet to give back.
  console.log(
    `| resident memory, first reading: 1 s after sign-in (reference: after start) (MB) | ${ours.firstMb.toFixed(1)} | ${reference.firstMb.toFixed(1)} | ${ratio(ours.firstMb, reference.firstMb)} | — | — |`,
  )
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
  const [oursConnect, referenceConnect] = [sum(ours.connectCpuMs), sum(reference.connectCpuMs)]
  const connectRatio = oursConnect / referenceConnect
  console.log(
    `| CPU to connect + sync ${flags.clients} clients (ms, ${CONNECT_ROUNDS} rounds summed) | ${oursConnect.toFixed(0)} | ${referenceConnect.toFixed(0)} | ${ratio(oursConnect, referenceConnect)} | ≤ 1.0 | ${connectRatio <= 1 ? 'yes' : 'no'} |`,
  )
  // /proc counts CPU in 10 ms ticks: one tick over the window is as close to nothing as it can tell.
  console.log(
    `| CPU while ${flags.clients} sockets idle for ${flags.seconds} s (ms) | ${ours.idleCpuMs.toFixed(0)} | ${reference.idleCpuMs.toFixed(0)} | — | ≈ 0 (≤ 10) | ${ours.idleCpuMs <= 10 ? 'yes' : 'no'} |`,
  )
}

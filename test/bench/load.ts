/**
 * The load: N official y-websocket clients on one document (or dealt evenly over several), edits
 * at a fixed total rate by random clients at random positions, and the propagation latency of every
 * edit (send → seen by every other client of its document). Runs in its own process (load-child.ts)
 * so every server gets a fresh, equally warm client that shares no CPU time with the bench's
 * orchestration.
 */
import { fork } from 'node:child_process'
import { resolve } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { programsCpuBetween, readMachineBusyMs, readProcessesCpuMs, readProgramsCpuMs } from './cpu-time.js'
import { setNiceness } from './niceness.js'
import { seededRandom } from '../helpers/seeded-random.js'

export interface LoadOptions {
  /** Where the clients connect: client i to providerUrls[i % length] (several = instances sharing the load). */
  providerUrls: string[]
  /**
   * The documents: client i edits rooms[i % length], so each has clients / length of them (which
   * must divide evenly), and an edit is expected at the other clients of its document only.
   */
  rooms: string[]
  /** Sent with every websocket upgrade (a session cookie for our server). */
  headers: Record<string, string>
  /** The server processes to charge CPU to (their sum). */
  serverPids: number[]
  /**
   * Command names of shared services whose CPU is reported separately (PostgreSQL, Redis), or
   * undefined to leave them out; they then count as other programs.
   */
  servicePrograms?: string[]
  /**
   * Where edits go: the Y.Text `bench` (default), or a random paragraph of the Y.XmlFragment
   * `default` (the editor's content), which must hold paragraphs of text already.
   */
  editIn?: 'text' | 'paragraphs'
  clients: number
  /** Edits per second, over all clients together. */
  rate: number
  seconds: number
  /** Edits at the same rate before the measured ones, to warm up JIT and sockets; not counted. */
  warmupSeconds: number
  seed: number
  /** How long to wait for delivery to finish after the last edit was sent. */
  drainTimeoutMs: number
  /** How long to wait for all clients to connect and sync. */
  syncTimeoutMs: number
  /** Niceness to give the load process (see --nice), or undefined to leave it. */
  nice?: number
}

export interface LoadResult {
  clients: number
  /** Documents the clients were dealt over. */
  rooms: number
  edits: number
  /** edits × (clients per document − 1): every edit seen by every other client of its document. */
  expected: number
  delivered: number
  /** Per edit, ms from send until the last other client of its document saw it; null if some client never did. */
  latenciesMs: (number | null)[]
  /** Server CPU from the first edit until delivery completed (or the drain deadline). */
  serverCpuMs: number
  /** CPU of the service programs over the same window (null when not asked for). */
  servicesCpuMs: number | null
  /**
   * When this load process's own event loop stood still for more than LOAD_STALL_MS during the
   * window, as [from, to] in ms since the epoch. Its editors share one process, where each would
   * have a browser of its own: a collection of their replicas (hundreds of MB for a long draft), or
   * the backlog of updates that queued meanwhile, holds every editor's receipt at once.
   */
  loadStallsMs: [number, number][]
  /** Per edit, when it was sent, in ms since the epoch with sub-ms precision (comparable across processes). */
  sentAtMs: number[]
  /** Wall time of the same window. */
  windowMs: number
  /** From the last edit sent until the last delivery. */
  drainMs: number
  /** From connecting until every client was synced. */
  syncMs: number
  /** Whether every client saw every other client's awareness before the load started. */
  awarenessSettled: boolean
  /** Bench client process CPU over the window, in ms. */
  clientCpuMs: number
  /** CPU the whole machine spent busy over the window (all processes, all cores), in ms. */
  machineBusyMs: number
  /** 99th percentile of the client event loop's delay during the window (ms): high means the client was the bottleneck. */
  clientLoopDelayP99Ms: number
  /** Websocket closes seen by the clients during the window (a healthy run has none). */
  disconnects: number
  /** Frames and bytes the clients received from the server during the window. */
  framesReceived: number
  bytesReceived: number
}

const TEXT = 'bench'
const TAGS = 'sent'
/** The editor's content (contentField in shared/editor/schema.ts). */
const CONTENT = 'default'
const LETTERS = 'abcdefghijklmnopqrstuvwxyz'
/**
 * Clients connect this many at a time, each group synced before the next: thousands of upgrades at
 * once can overflow the listen backlog (511 in Node), and retried SYNs wait a second or more each.
 */
const CONNECT_BATCH = 250

/** Polls `check` every few ms until it holds or `timeoutMs` passes; resolves with whether it held. */
async function poll(check: () => boolean, timeoutMs: number, everyMs = 5): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  while (!check()) {
    if (performance.now() > deadline) return false
    await new Promise((r) => setTimeout(r, everyMs))
  }
  return true
}

/**
 * Calls `send(0 … count−1)` at `rate` per second: call n is due n / rate after the first. A late
 * timer sends the backlog at once rather than letting the schedule drift.
 */
function sendAtRate(count: number, send: (n: number) => void, rate: number): Promise<void> {
  return new Promise((done) => {
    const start = performance.now()
    let sent = 0
    const tick = () => {
      const due = Math.min(count, Math.floor(((performance.now() - start) * rate) / 1000) + 1)
      while (sent < due) send(sent++)
      if (sent >= count) return done()
      setTimeout(tick, Math.max(0, start + (sent * 1000) / rate - performance.now()))
    }
    tick()
  })
}

/**
 * A gap between two ticks of a 5-ms timer longer than this is a stall of the load process itself:
 * its event-loop delay is about 5 ms at p99 when it keeps up (loads on a quiet machine).
 */
const LOAD_STALL_MS = 20

/** Records the stretches in which this process's event loop stood still (LoadResult.loadStallsMs). */
function watchStalls(): { stop(): [number, number][] } {
  const stalls: [number, number][] = []
  let last = performance.now()
  const timer = setInterval(() => {
    const now = performance.now()
    if (now - last > LOAD_STALL_MS) stalls.push([performance.timeOrigin + last, performance.timeOrigin + now])
    last = now
  }, 5)
  return {
    stop() {
      clearInterval(timer)
      return stalls
    },
  }
}

/** Runs the load in this process; `onMeasureStart` is called when the first measured edit is due. */
export async function runLoad(options: LoadOptions, onMeasureStart?: () => void): Promise<LoadResult> {
  const { clients, rate, seconds } = options
  const rooms = options.rooms.length
  const perRoom = clients / rooms
  if (!Number.isInteger(perRoom)) throw new Error(`${clients} clients do not divide evenly over ${rooms} documents`)
  if (perRoom < 2)
    throw new Error('--clients must be at least 2 per document: latency is measured at the other clients')
  const roomOf = (client: number) => client % rooms
  const edits = Math.max(1, Math.round(rate * seconds))
  const expected = edits * (perRoom - 1)
  const random = seededRandom(options.seed)

  // Every provider registers a process 'exit' listener in Node.
  process.setMaxListeners(clients + 20)

  const sentAt = new Float64Array(edits)
  const senderOf = new Int32Array(edits).fill(-1)
  const seenBy = new Uint8Array(edits * clients)
  const seenCount = new Int32Array(edits)
  const latenciesMs: (number | null)[] = new Array(edits).fill(null)
  let delivered = 0
  let lastDeliveryAt = 0
  let serverCpuAtEnd: number | null = null
  let servicesAtEnd: Map<number, number> | null = null
  const services = options.servicePrograms
  let machineAtEnd: number | null = null
  let clientCpuAtEnd: NodeJS.CpuUsage | null = null
  let clientCpuStart: NodeJS.CpuUsage = { user: 0, system: 0 }
  let measuring = false
  let disconnects = 0

  const { headers } = options
  let framesReceived = 0
  let bytesReceived = 0
  // The same socket class for every server; it adds the headers the target asked for and counts frames.
  const WebSocketPolyfill = class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers })
      this.on('message', (data: ArrayBuffer | Buffer) => {
        if (!measuring) return
        framesReceived++
        bytesReceived += data.byteLength
      })
    }
  } as unknown as typeof globalThis.WebSocket

  const docs: Y.Doc[] = []
  const providers: WebsocketProvider[] = []

  /** The Y.Text a client types into: the `bench` text, or a random paragraph's text. */
  const textToEdit = (doc: Y.Doc): Y.Text => {
    if (options.editIn !== 'paragraphs') return doc.getText(TEXT)
    const fragment = doc.getXmlFragment(CONTENT)
    const paragraph = fragment.get(Math.floor(random() * fragment.length))
    const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : undefined
    if (!(text instanceof Y.XmlText))
      throw new Error(`editing paragraphs needs a fragment '${CONTENT}' of paragraphs with text`)
    return text
  }

  /** One edit by a random client at a random position, tagged `tag`; returns the sender. */
  const edit = (tag: string, beforeSend?: () => void): number => {
    const sender = Math.floor(random() * clients)
    const doc = docs[sender]
    const text = textToEdit(doc)
    const position = Math.floor(random() * (text.length + 1))
    const insert = LETTERS[Math.floor(random() * 26)] + LETTERS[Math.floor(random() * 26)]
    beforeSend?.()
    // One transaction, so text and tag travel in one update (the provider sends it synchronously).
    doc.transact(() => {
      text.insert(position, insert)
      doc.getMap<number>(TAGS).set(tag, sender)
    })
    return sender
  }

  try {
    const allSynced = async () => {
      if (await poll(() => providers.every((p) => p.synced), options.syncTimeoutMs, 10)) return
      const count = providers.filter((p) => p.synced).length
      throw new Error(`only ${count} of ${providers.length} clients synced within ${options.syncTimeoutMs} ms`)
    }
    const connectStart = performance.now()
    for (let i = 0; i < clients; i++) {
      if (i > 0 && i % CONNECT_BATCH === 0) await allSynced()
      const doc = new Y.Doc()
      const receiver = i
      doc.getMap<number>(TAGS).observe((event) => {
        if (event.transaction.local) return
        const now = performance.now()
        for (const key of event.keysChanged) {
          const n = Number(key)
          if (!(n >= 0 && n < edits) || senderOf[n] === receiver) continue
          const slot = n * clients + receiver
          if (seenBy[slot] === 1) continue
          seenBy[slot] = 1
          delivered++
          lastDeliveryAt = now
          if (++seenCount[n] === perRoom - 1) latenciesMs[n] = now - sentAt[n]
          if (delivered === expected && measuring) {
            serverCpuAtEnd = readProcessesCpuMs(options.serverPids)
            if (services) servicesAtEnd = readProgramsCpuMs(services)
            machineAtEnd = readMachineBusyMs()
            clientCpuAtEnd = process.cpuUsage(clientCpuStart)
          }
        }
      })
      const provider = new WebsocketProvider(
        options.providerUrls[i % options.providerUrls.length],
        options.rooms[roomOf(i)],
        doc,
        { WebSocketPolyfill, disableBc: true },
      )
      // No caret while connecting (set below, once everyone has synced): a late joiner then costs the
      // others nothing, and the carets' 15 s renewals all fall that long after the same moment.
      provider.awareness.setLocalState(null)
      provider.on('connection-close', () => {
        if (measuring) disconnects++
      })
      docs.push(doc)
      providers.push(provider)
    }

    await allSynced()
    const syncMs = performance.now() - connectStart
    // Like an editor showing carets: without a state of its own a client's awareness (clock 0) is not
    // relayed until its 15 s renewal, which would then land in the middle of the load. Let the burst
    // of carets pass (clients² messages on one document), so the load starts on a quiet server.
    providers.forEach((provider, i) => provider.awareness.setLocalState({ user: { name: `bench-${i}` } }))
    const awarenessSettled = await poll(
      () => providers.every((p) => p.awareness.getStates().size === perRoom),
      5_000 + perRoom * 20,
      10,
    )

    // Warm-up edits are tagged `w<n>`, which the observer ignores; the measured load starts once
    // every client has all of them, so it finds client and server warm and idle.
    const warmupEdits = Math.round(rate * options.warmupSeconds)
    if (warmupEdits > 0) {
      const warmupsIn = new Int32Array(rooms)
      await sendAtRate(warmupEdits, (n) => warmupsIn[roomOf(edit(`w${n}`))]++, rate)
      const warmed = await poll(
        () => docs.every((d, i) => d.getMap(TAGS).size === warmupsIn[roomOf(i)]),
        options.drainTimeoutMs,
        10,
      )
      if (!warmed)
        throw new Error(`warm-up edits were not delivered to every client within ${options.drainTimeoutMs} ms`)
    }

    const loopDelay = monitorEventLoopDelay({ resolution: 1 })
    const cpuStart = readProcessesCpuMs(options.serverPids)
    const servicesStart = services ? readProgramsCpuMs(services) : null
    const machineStart = readMachineBusyMs()
    clientCpuStart = process.cpuUsage()
    measuring = true
    loopDelay.enable()
    const stallWatch = watchStalls()
    const start = performance.now()
    onMeasureStart?.()

    await sendAtRate(
      edits,
      (n) => {
        senderOf[n] = edit(String(n), () => (sentAt[n] = performance.now()))
      },
      rate,
    )
    const lastSentAt = performance.now()

    await poll(() => delivered === expected, options.drainTimeoutMs)
    const end = delivered === expected ? lastDeliveryAt : performance.now()
    const serverCpuMs = (serverCpuAtEnd ?? readProcessesCpuMs(options.serverPids)) - cpuStart
    const servicesCpuMs =
      services && servicesStart ? programsCpuBetween(servicesStart, servicesAtEnd ?? readProgramsCpuMs(services)) : null
    const machineBusyMs = (machineAtEnd ?? readMachineBusyMs()) - machineStart
    const loadStallsMs = stallWatch.stop()
    measuring = false
    loopDelay.disable()
    const clientCpu = clientCpuAtEnd ?? process.cpuUsage(clientCpuStart)
    const windowMs = end - start

    return {
      clients,
      rooms,
      edits,
      expected,
      delivered,
      latenciesMs,
      loadStallsMs,
      serverCpuMs,
      servicesCpuMs,
      sentAtMs: Array.from(sentAt, (t) => performance.timeOrigin + t),
      windowMs,
      drainMs: Math.max(0, end - lastSentAt),
      syncMs,
      awarenessSettled,
      clientCpuMs: (clientCpu.user + clientCpu.system) / 1000,
      machineBusyMs,
      clientLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      disconnects,
      framesReceived,
      bytesReceived,
    }
  } finally {
    for (const provider of providers) provider.destroy()
    for (const doc of docs) doc.destroy()
  }
}

/**
 * Runs the load in a fresh child process (load-child.ts) and resolves with its result;
 * `onMeasureStart` is called when the child starts its measured edits.
 */
export function runLoadInChild(options: LoadOptions, onMeasureStart?: () => void): Promise<LoadResult> {
  return new Promise((resolveResult, reject) => {
    const child = fork(resolve(import.meta.dirname, 'load-child.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    if (options.nice !== undefined) setNiceness(child.pid!, options.nice)
    let result: LoadResult | undefined
    let failure: Error | undefined
    child.on('message', (message: { measuring?: true; result?: LoadResult; error?: string }) => {
      if (message.measuring) onMeasureStart?.()
      if (message.result) result = message.result
      if (message.error) failure = new Error(`load process failed: ${message.error}`)
    })
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      if (result) resolveResult(result)
      else reject(failure ?? new Error(`load process exited with ${signal ?? code} without a result`))
    })
    child.send(options)
  })
}

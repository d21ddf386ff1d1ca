/**
 * `npm run bench -- --scenario cold`: opening a draft that has been edited for a long time.
 *
 * A draft of `--chars` characters (190,000) is typed as people type it: paragraphs of the editor's
 * Y.XmlFragment filled a few characters per update, with a deletion now and then — `--updates`
 * updates in all (100,000 by default) — sent by one official provider, one update per frame, as
 * an editor's keystrokes are. Then a fresh client opens it `--requests` times (20), one after the
 * other, and the time from connecting until its sync step 2 has arrived (the provider's `synced`)
 * is measured. Ours keeps nobody else connected, so every open loads the room from its stored log
 * (a cold open). The in-memory reference forgets a document its last client leaves, so a holder
 * client stays connected there: its opens are answered from memory — the fairest the reference
 * can be to itself.
 */
import * as awarenessProtocol from 'y-protocols/awareness'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { waitFor } from '../helpers/server.js'
import { seededRandom } from '../helpers/seeded-random.js'
import type { Cleanup } from './cleanup.js'
import { paragraphsOf } from './demo-draft.js'
import type { BenchFlags } from './flags.js'
import { ms, percentile, ratio } from './report.js'
import { startTarget, type BenchRoom, type BenchTarget } from './targets.js'

const CONTENT = 'default'
const PARAGRAPH_CHARS = 300
/** The message type of Jianyi's pushed events; a provider without a handler logs each. */
const EVENT_MESSAGE = 100

/** The updates that type the draft, from an empty document, in order. */
function typingUpdates(chars: number, updates: number, seed: number): Uint8Array[] {
  const doc = new Y.Doc()
  const out: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => out.push(update))
  const fragment = doc.getXmlFragment(CONTENT)
  const paragraphs = paragraphsOf(Math.ceil(chars / PARAGRAPH_CHARS), PARAGRAPH_CHARS, seed)
  const text = paragraphs.join('')
  const random = seededRandom(seed)
  // Mostly a few characters per update; the rest of the updates are corrections (two characters
  // deleted and typed again, two updates each), spread at random: what people type is not all kept.
  const perUpdate = Math.max(1, Math.round(chars / (updates * 0.95)))
  const typing = Math.ceil(chars / perUpdate) + paragraphs.length
  const correction = Math.max(0, (updates - typing) / 2) / typing
  let typed = 0
  let current: Y.XmlText | null = null
  while (typed < chars) {
    if (!current || current.length >= PARAGRAPH_CHARS) {
      const paragraph = new Y.XmlElement('paragraph')
      current = new Y.XmlText()
      paragraph.insert(0, [current])
      fragment.insert(fragment.length, [paragraph])
    }
    const piece = text.slice(typed, typed + Math.min(perUpdate, PARAGRAPH_CHARS - current.length))
    current.insert(current.length, piece)
    typed += piece.length
    if (random() < correction && current.length > 4) {
      const at = Math.floor(random() * (current.length - 2))
      const again = current.toString().slice(at, at + 2)
      current.delete(at, 2)
      current.insert(at, again)
    }
  }
  doc.destroy()
  return out
}

function provider(target: BenchTarget, room: BenchRoom, doc: Y.Doc): WebsocketProvider {
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState(null)
  const Polyfill = class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: room.headers })
    }
  } as unknown as typeof globalThis.WebSocket
  const p = new WebsocketProvider(target.providerUrls[0], room.room, doc, {
    WebSocketPolyfill: Polyfill,
    disableBc: true,
    awareness,
  })
  p.messageHandlers[EVENT_MESSAGE] = () => {}
  return p
}

const typingLimits = { SOCKET_MESSAGES_PER_SECOND: '1000000', SOCKET_BYTES_PER_SECOND: String(1 << 30) }

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface ColdFigures {
  opens: number[]
  stateBytes: number
}

async function measure(target: BenchTarget, updates: Uint8Array[], flags: BenchFlags): Promise<ColdFigures> {
  const room = await target.createRoom()
  console.log(`${target.name}: typing ${updates.length} updates …`)
  // Typing: one frame per update, as an editor sends them.
  const writerDoc = new Y.Doc()
  const writer = provider(target, room, writerDoc)
  await waitFor(() => writer.synced, 'the writer to sync', 30_000)
  for (let i = 0; i < updates.length; i++) {
    Y.applyUpdate(writerDoc, updates[i])
    // Let the socket drain now and then, as typing over time would.
    if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve))
  }
  const expected = Y.encodeStateVector(writerDoc)
  const stateBytes = Y.encodeStateAsUpdate(writerDoc).length
  // A second client proves the server holds it all before the writer leaves.
  const checkDoc = new Y.Doc()
  const check = provider(target, room, checkDoc)
  await waitFor(
    () => check.synced && Buffer.compare(Y.encodeStateVector(checkDoc), expected) === 0,
    'the server to hold every update',
    300_000,
  )
  check.destroy()
  checkDoc.destroy()
  // The reference keeps a document only while someone is connected.
  const holder = target.name === 'reference' ? writer : null
  if (!holder) {
    writer.destroy()
    writerDoc.destroy()
  }

  const opens: number[] = []
  for (let i = 0; i < flags.requests; i++) {
    // Ours stores and unloads a room after its last socket left: give it the moment that takes.
    await pause(300)
    const doc = new Y.Doc()
    const started = performance.now()
    const p = provider(target, room, doc)
    // The provider's own event, not polling: the time is taken the moment sync step 2 is applied.
    const synced = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${target.name}: no sync within 60 s`)), 60_000)
      p.once('sync', () => {
        clearTimeout(timer)
        resolve(performance.now())
      })
    })
    opens.push(synced - started)
    if (doc.getXmlFragment(CONTENT).length === 0) throw new Error(`${target.name}: an open brought an empty document`)
    p.destroy()
    doc.destroy()
  }
  if (holder) {
    holder.destroy()
    writerDoc.destroy()
  }
  return { opens, stateBytes }
}

export async function coldScenario(flags: BenchFlags, cleanup: Cleanup): Promise<void> {
  const updates = typingUpdates(flags.chars, flags.updates, flags.seed)
  const bytes = updates.reduce((n, u) => n + u.length, 0)
  console.log(
    `bench cold: a ${flags.chars}-character draft typed in ${updates.length} updates (${(bytes / 1024).toFixed(0)} KiB), ` +
      `then ${flags.requests} opens by a fresh client, one at a time (ours: nobody else connected, loaded from the store; ` +
      `reference: a holder keeps it in memory)`,
  )
  const figures = new Map<string, ColdFigures>()
  for (const name of flags.targets) {
    // The writer types the whole history in one go, far faster than anyone types: past a socket's
    // frame rate (SOCKET_MESSAGES_PER_SECOND, 200) ours would read it at 200 frames a second, and
    // the typing alone would take minutes. The limit guards against hostile sockets, not this.
    const target = await startTarget(name, { profileDir: flags.profileDir, env: typingLimits })
    cleanup.add(`stopping ${name}`, () => target.stop())
    const measured = await measure(target, updates, flags)
    figures.set(name, measured)
    console.log(
      `${name.padEnd(10)} open → synced p50 ${ms(percentile(measured.opens, 50))} ms, p99 ${ms(percentile(measured.opens, 99))} ms, ` +
        `max ${ms(Math.max(...measured.opens))} ms (document state ${(measured.stateBytes / 1024).toFixed(0)} KiB)`,
    )
    await target.stop()
  }
  const ours = figures.get('ours')
  const reference = figures.get('reference')
  if (!ours || !reference) return
  const p99 = (f: ColdFigures) => percentile(f.opens, 99)
  console.log('')
  console.log('| metric | ours | reference | ours / reference | target | met |')
  console.log('| --- | ---: | ---: | ---: | --- | --- |')
  console.log(
    `| open → sync step 2 received, p50 (ms) | ${ms(percentile(ours.opens, 50))} | ${ms(percentile(reference.opens, 50))} | ${ratio(percentile(ours.opens, 50), percentile(reference.opens, 50))} | — | — |`,
  )
  console.log(
    `| open → sync step 2 received, p99 (ms) | ${ms(p99(ours))} | ${ms(p99(reference))} | ${ratio(p99(ours), p99(reference))} | ≤ 1.0 | ${p99(ours) <= p99(reference) ? 'yes' : 'no'} |`,
  )
  console.log(
    `| ours: slowest cold open of ${updates.length} stored updates (ms) | ${ms(Math.max(...ours.opens))} | — | — | < 1000 | ${Math.max(...ours.opens) < 1000 ? 'yes' : 'no'} |`,
  )
}

/**
 * A draft to measure, made as people would make it: our server with the demo group (`--demo`) on
 * a temporary DATA_DIR (the embedded store), a document created over the API, and its text written
 * by an official y-websocket peer as paragraphs of the editor's Y.XmlFragment `default`.
 */
import * as Y from 'yjs'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { waitFor } from '../helpers/server.js'
import { api, signIn } from './api.js'
import type { Cleanup } from './cleanup.js'
import { setNiceness } from './niceness.js'
import { seededRandom } from '../helpers/seeded-random.js'
import { startOurInstance, type OurInstance, type TargetOptions } from './targets.js'

/** Password of every demo account (server/domain/demo.ts). */
const demoPassword = 'jianyi-demo'
/** The editor's content (contentField in shared/editor/schema.ts). */
const CONTENT = 'default'
/** The message type of pushed events (thread changes); a peer without a handler logs an error for each. */
const EVENT_MESSAGE = 100

/** Starts our server with the demo data on a temporary DATA_DIR, registered with `cleanup`. */
export async function startDemoServer(
  options: TargetOptions & { nice?: number; env?: Record<string, string> },
  cleanup: Cleanup,
): Promise<OurInstance> {
  const instance = await startOurInstance({ ...options, args: ['--demo'], profileName: 'ours' })
  cleanup.add(`stopping our server (pid ${instance.pid})`, () => instance.stop())
  if (options.nice !== undefined) setNiceness(instance.pid, options.nice)
  return instance
}

/** Signs a demo user in; returns the session cookie. */
export function signInDemo(instance: OurInstance, username: string): Promise<string> {
  return signIn(instance.server, username, demoPassword)
}

/** Creates a draft in the demo group as its convener (zuzhang); returns its id. */
export async function createDemoDraft(instance: OurInstance, convenerCookie: string, title: string): Promise<string> {
  const { body } = await api<{ documents: { groupId: string }[] }>(
    instance.server,
    'GET',
    '/documents',
    undefined,
    200,
    convenerCookie,
  )
  const groupId = body.documents[0]?.groupId
  if (!groupId) throw new Error('the demo data has no group')
  const doc = await api<{ id: string }>(instance.server, 'POST', '/documents', { title, groupId }, 201, convenerCookie)
  return doc.body.id
}

const phrases = [
  '近年来，我市深入实施藏粮于地、藏粮于技战略，',
  '累计建成高标准农田四十八万六千亩，',
  '粮食综合生产能力稳步提升。',
  '调研组先后赴六个县（市、区）实地走访，',
  '听取农业农村、财政、水利等部门和种粮大户的意见。',
  '亩均投入与丘陵山区实际建设成本差距较大，',
  '管护主体、管护责任和管护经费落实不到位，',
  '部分灌排设施损毁后长期得不到修复。',
  '建议市财政建立稳定增长的投入机制，',
  '统筹整合涉农资金，引导金融和社会资本参与。',
  '按照谁受益、谁管护的原则落实管护经费，',
  '将管护情况纳入乡村振兴实绩考核。',
]

/** `count` paragraphs of exactly `length` characters of plausible 建议案 prose, the same for a given seed. */
export function paragraphsOf(count: number, length: number, seed = 1): string[] {
  const random = seededRandom(seed)
  const paragraphs: string[] = []
  for (let i = 0; i < count; i++) {
    let text = ''
    while (text.length < length) text += phrases[Math.floor(random() * phrases.length)]
    paragraphs.push(text.slice(0, length))
  }
  return paragraphs
}

/** Characters in the fragment's paragraphs, and how many paragraphs it has. */
function measure(peer: Peer): { paragraphs: number; chars: number } {
  const fragment = peer.doc.getXmlFragment(CONTENT)
  let chars = 0
  for (const el of fragment.toArray()) {
    const text = el instanceof Y.XmlElement ? el.get(0) : undefined
    if (text instanceof Y.XmlText) chars += text.length
  }
  return { paragraphs: fragment.length, chars }
}

/** A peer of `cookie`'s user on the document, ignoring pushed events; destroyed by `cleanup` at the latest. */
export function openPeer(instance: OurInstance, docId: string, cookie: string, cleanup: Cleanup): Peer {
  const peer = connectPeer(instance.server.wsUrl, docId, { headers: { cookie } })
  peer.provider.messageHandlers[EVENT_MESSAGE] = () => {}
  let destroyed = false
  const destroy = peer.destroy
  peer.destroy = () => {
    if (destroyed) return
    destroyed = true
    destroy()
  }
  cleanup.add('closing a peer', () => peer.destroy())
  return peer
}

/**
 * Appends the paragraphs through a peer, `perUpdate` paragraphs per Yjs update, and returns once a
 * fresh peer reads them all back from the server. The writer stays connected (it holds the
 * positions anchors are made from); destroy it when no longer needed.
 */
export function writeParagraphs(
  instance: OurInstance,
  docId: string,
  cookie: string,
  paragraphs: string[],
  cleanup: Cleanup,
  perUpdate = 50,
): Promise<Peer> {
  return writeBlocks(
    instance,
    docId,
    cookie,
    paragraphs.map((text) => ({ text })),
    cleanup,
    perUpdate,
  )
}

/** A top-level block of a draft: a paragraph, or a heading of `level`. */
export interface DraftBlock {
  text: string
  level?: number
}

/** Like writeParagraphs, with headings among the paragraphs. */
export async function writeBlocks(
  instance: OurInstance,
  docId: string,
  cookie: string,
  blocks: DraftBlock[],
  cleanup: Cleanup,
  perUpdate = 50,
): Promise<Peer> {
  const writer = openPeer(instance, docId, cookie, cleanup)
  await waitSynced([writer], 30_000)
  const fragment = writer.doc.getXmlFragment(CONTENT)
  for (let i = 0; i < blocks.length; i += perUpdate) {
    writer.doc.transact(() => {
      fragment.insert(
        fragment.length,
        blocks.slice(i, i + perUpdate).map((block) => {
          const el = new Y.XmlElement(block.level === undefined ? 'paragraph' : 'heading')
          // y-prosemirror reads the attributes as the node's attrs: the heading's level is a number.
          if (block.level !== undefined) el.setAttribute('level', block.level as unknown as string)
          el.insert(0, [new Y.XmlText(block.text)])
          return el
        }),
      )
    })
  }
  const expected = { paragraphs: blocks.length, chars: blocks.reduce((n, p) => n + p.text.length, 0) }
  const check = openPeer(instance, docId, cookie, cleanup)
  try {
    await waitSynced([check], 30_000)
    await waitFor(
      () => {
        const seen = measure(check)
        return seen.paragraphs === expected.paragraphs && seen.chars === expected.chars
      },
      `the server to hold ${expected.paragraphs} paragraphs, ${expected.chars} characters`,
      60_000,
    )
  } finally {
    check.destroy()
  }
  return writer
}

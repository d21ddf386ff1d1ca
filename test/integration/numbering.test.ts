/**
 * Heading numbers under concurrent restructuring: members of a research group insert, move and
 * delete sections of the same draft at the same moment, through the real server with the official
 * y-websocket client. Every copy converges, and the numbers computed from each copy's content
 * (as the editor and the export compute them) agree and run without gaps.
 */
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { numberedHeadings, type HeadingSource } from '../../shared/editor/heading-numbers.js'
import { contentField } from '../../shared/editor/schema.js'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let convener: Session
let member: Session
const peers: Peer[] = []

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  convener = await login(server, 'zuzhang')
  member = await login(server, 'chengyuan1')
})

afterEach(() => {
  for (const peer of peers.splice(0)) peer.destroy()
})

afterAll(async () => {
  await server?.kill()
})

/** A new draft made from the 建议案 template: 基本情况, 存在的问题, 意见建议, each with a prompt, then the signature. */
async function templatedDraft(): Promise<string> {
  const { groupId } = await demoGroup(convener)
  const doc = await convener.json<{ id: string }>('/documents', {
    method: 'POST',
    body: JSON.stringify({ title: '关于推进数字乡村建设的建议案', groupId, template: 'jianyian' }),
    expect: 201,
  })
  return doc.id
}

function open(docId: string, session: Session): Peer {
  const peer = connectPeer(server.wsUrl, docId, { headers: { cookie: session.cookie } })
  peers.push(peer)
  return peer
}

const fragment = (peer: Peer) => peer.doc.getXmlFragment(contentField)
const content = (peer: Peer) => yXmlFragmentToProsemirrorJSON(fragment(peer)) as HeadingSource
/** What a reader sees of the structure: each numbered heading as number + text. */
const outline = (peer: Peer) => numberedHeadings(content(peer)).map((h) => `${h.number}${h.text}`)

function heading(level: number, text: string): Y.XmlElement {
  const element = new Y.XmlElement('heading')
  element.setAttribute('level', level as unknown as string)
  element.insert(0, [new Y.XmlText(text)])
  return element
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph')
  element.insert(0, [new Y.XmlText(text)])
  return element
}

/** Index of the top-level heading with this text in the peer's copy. */
function indexOf(peer: Peer, text: string): number {
  const index = fragment(peer)
    .toArray()
    .findIndex(
      (node) => node instanceof Y.XmlElement && node.nodeName === 'heading' && node.toString().includes(`>${text}<`),
    )
  if (index < 0) throw new Error(`no heading ${text}`)
  return index
}

/** Waits until every peer holds the same content, with at least `headings` numbered headings. */
async function converged(all: Peer[], headings: number): Promise<void> {
  await waitFor(
    () => {
      const first = JSON.stringify(content(all[0]))
      return all.every((peer) => JSON.stringify(content(peer)) === first) && outline(all[0]).length === headings
    },
    'both copies to converge',
    15_000,
  )
}

async function twoMembers(): Promise<[Peer, Peer]> {
  const docId = await templatedDraft()
  const a = open(docId, convener)
  const b = open(docId, member)
  await waitSynced([a, b])
  await converged([a, b], 3)
  expect(outline(a)).toEqual(['一、基本情况', '二、存在的问题', '三、意见建议'])
  return [a, b]
}

describe('heading numbers while two members restructure at once', () => {
  it('renumbers sections inserted at the same moment in different places, identically on both sides', async () => {
    const [a, b] = await twoMembers()
    // Both edits happen in the same turn of the event loop: neither has seen the other's.
    a.doc.transact(() => {
      fragment(a).insert(indexOf(a, '存在的问题'), [heading(1, '主要做法'), paragraph('建立了市县两级联动机制。')])
    })
    b.doc.transact(() => {
      fragment(b).insert(indexOf(b, '意见建议'), [
        heading(2, '建设投入标准偏低'),
        paragraph('亩均投入与实际成本差距较大。'),
      ])
      // A new last section, before the signature block (blank line, 署名, date).
      fragment(b).insert(fragment(b).length - 3, [heading(1, '保障措施'), paragraph('加强组织领导。')])
    })
    await converged([a, b], 6)
    const expected = [
      '一、基本情况',
      '二、主要做法',
      '三、存在的问题',
      '（一）建设投入标准偏低',
      '四、意见建议',
      '五、保障措施',
    ]
    expect(outline(a)).toEqual(expected)
    expect(outline(b)).toEqual(expected)
  })

  it('numbers two sections inserted at the very same place without a gap or a duplicate, the same on both sides', async () => {
    const [a, b] = await twoMembers()
    a.doc.transact(() => fragment(a).insert(indexOf(a, '存在的问题'), [heading(1, '甲方新增')]))
    b.doc.transact(() => fragment(b).insert(indexOf(b, '存在的问题'), [heading(1, '乙方新增')]))
    await converged([a, b], 5)
    expect(outline(a)).toEqual(outline(b))
    const numbers = outline(a).map((line) => line.slice(0, 2))
    expect(numbers).toEqual(['一、', '二、', '三、', '四、', '五、'])
    // Which of the two comes first is the CRDT's choice; both are there, between 基本情况 and 存在的问题.
    const texts = outline(a).map((line) => line.slice(2))
    expect(texts[0]).toBe('基本情况')
    expect(new Set(texts.slice(1, 3))).toEqual(new Set(['甲方新增', '乙方新增']))
    expect(texts.slice(3)).toEqual(['存在的问题', '意见建议'])
  })

  it('renumbers when one moves a section to the front while the other deletes one and adds a subsection', async () => {
    const [a, b] = await twoMembers()
    a.doc.transact(() => {
      // Moving = deleting the section and inserting a copy of it elsewhere.
      const at = indexOf(a, '意见建议')
      const section = fragment(a)
        .slice(at, at + 2)
        .map((node) => (node as Y.XmlElement).clone())
      fragment(a).delete(at, 2)
      fragment(a).insert(0, section)
    })
    b.doc.transact(() => {
      fragment(b).delete(indexOf(b, '基本情况'), 2)
      fragment(b).insert(indexOf(b, '存在的问题') + 2, [heading(2, '建后管护机制不健全')])
    })
    await converged([a, b], 3)
    const expected = ['一、意见建议', '二、存在的问题', '（一）建后管护机制不健全']
    expect(outline(a)).toEqual(expected)
    expect(outline(b)).toEqual(expected)

    // Someone opening the draft afterwards gets the server's copy: the same numbers.
    const late = open(a.provider.roomname, convener)
    await waitSynced([late])
    await converged([a, late], 3)
    expect(outline(late)).toEqual(expected)
  })
})

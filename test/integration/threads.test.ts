import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { EVENT_MESSAGE_TYPE, readServerEvent, type ServerEvent } from '../../shared/collab-events.js'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let convener: Session
let member: Session
let member2: Session
let chair: Session
const peers: Peer[] = []

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  ;[convener, member, member2, chair] = await Promise.all(
    ['zuzhang', 'chengyuan1', 'chengyuan2', 'zhuxi'].map((u) => login(server, u)),
  )
})
afterAll(async () => {
  for (const p of peers) p.destroy()
  await server.kill('SIGKILL')
})

/** A peer on the ProseMirror-shaped content (Y.XmlFragment "default" of paragraphs), collecting pushed events. */
function editor(session: Session, docId: string) {
  const peer = connectPeer(server.wsUrl, docId, { headers: { cookie: session.cookie } })
  peers.push(peer)
  const events: ServerEvent[] = []
  peer.provider.messageHandlers[EVENT_MESSAGE_TYPE] = (_encoder, decoder) => {
    const event = readServerEvent(decoder)
    expect(event, 'every pushed frame is a well-formed event').not.toBeNull()
    if (event) events.push(event)
  }
  return { peer, events, fragment: peer.doc.getXmlFragment('default') }
}

function paragraphText(fragment: Y.XmlFragment, n = 0): Y.XmlText {
  return (fragment.get(n) as Y.XmlElement).get(0) as Y.XmlText
}

/** Anchor from character `from` to `to` of a text: start sticks to its first character, end to its last. */
function anchor(text: Y.XmlText, from: number, to: number) {
  const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64')
  return {
    start: encode(Y.createRelativePositionFromTypeIndex(text, from, 0)),
    end: encode(Y.createRelativePositionFromTypeIndex(text, to, -1)),
  }
}

async function draftWith(paragraphs: string[]) {
  const docId = await createDraft(convener, '关于评论锚点的建议案')
  const a = editor(member, docId)
  await waitSynced([a.peer])
  a.peer.doc.transact(() => {
    a.fragment.insert(
      0,
      paragraphs.map((p) => {
        const el = new Y.XmlElement('paragraph')
        el.insert(0, [new Y.XmlText(p)])
        return el
      }),
    )
  })
  // Anchors must name characters the server already has.
  const fresh = editor(member, docId)
  await waitSynced([fresh.peer])
  await waitFor(() => fresh.fragment.length === paragraphs.length, 'the text to reach the server')
  fresh.peer.destroy()
  return { docId, a }
}

const threadsOf = (s: Session, docId: string) => s.json(`/documents/${docId}/threads`, { expect: 200 })
const quoteNow = async (s: Session, docId: string, threadId: string) => {
  const list = await threadsOf(s, docId)
  return list.threads.find((t: any) => t.id === threadId)
}

describe('threads anchored to words', () => {
  it('keeps the anchor on the same words while another client inserts before, inside and after, and deletes around them', async () => {
    const { docId, a } = await draftWith(['我市高标准农田建设成效明显。'])
    const text = paragraphText(a.fragment)
    const thread = await member.json(`/documents/${docId}/threads`, {
      method: 'POST',
      body: JSON.stringify({ anchor: anchor(text, 2, 7), body: '这里的表述需要再斟酌' }),
      expect: 201,
    })
    expect(thread.quote).toBe('高标准农田')

    const b = editor(member2, docId)
    await waitSynced([b.peer])
    const bText = paragraphText(b.fragment)
    bText.insert(0, '近年来，') // before
    bText.insert(bText.toString().indexOf('建设'), '的') // right after the range
    const at = bText.toString().indexOf('高标准') + 3
    bText.insert(at, '和') // inside: 高标准和农田
    await waitFor(async () => {
      const t = await quoteNow(member, docId, thread.id)
      return t && !t.detached && (await readLive(docId, thread.anchor)) === '高标准和农田'
    }, 'the anchor to cover the words with the insertion')
    // Delete the characters just outside the range on both sides.
    const s = bText.toString()
    bText.delete(s.indexOf('高标准') - 1, 1) // 市
    bText.delete(bText.toString().indexOf('农田') + 2, 1) // 的
    await waitFor(
      async () => (await readLive(docId, thread.anchor)) === '高标准和农田',
      'the anchor to survive deletions around it',
    )
  })

  it('reports a thread whose text is all deleted as detached, keeping its quote', async () => {
    const { docId, a } = await draftWith(['第一段落。', '需要删除的整段文字。'])
    const text = paragraphText(a.fragment, 1)
    const thread = await member.json(`/documents/${docId}/threads`, {
      method: 'POST',
      body: JSON.stringify({ anchor: anchor(text, 0, 5), body: '建议删去' }),
      expect: 201,
    })
    a.fragment.delete(1, 1)
    await waitFor(
      async () => (await quoteNow(member, docId, thread.id)).detached === true,
      'the thread to be reported detached',
    )
    const t = await quoteNow(member, docId, thread.id)
    expect(t.quote).toBe('需要删除的')
  })

  it('keeps overlapping threads on their own words', async () => {
    const { docId, a } = await draftWith(['统筹整合涉农资金加大投入。'])
    const text = paragraphText(a.fragment)
    const one = await member.json(`/documents/${docId}/threads`, {
      method: 'POST',
      body: JSON.stringify({ anchor: anchor(text, 0, 8), body: '甲' }),
      expect: 201,
    })
    const two = await convener.json(`/documents/${docId}/threads`, {
      method: 'POST',
      body: JSON.stringify({ anchor: anchor(text, 4, 12), body: '乙' }),
      expect: 201,
    })
    expect(one.quote).toBe('统筹整合涉农资金')
    expect(two.quote).toBe('涉农资金加大投入')
    text.insert(6, '专项')
    await waitFor(async () => (await readLive(docId, one.anchor)) === '统筹整合涉农专项资金', 'first anchor')
    expect(await readLive(docId, two.anchor)).toBe('涉农专项资金加大投入')
  })

  it('pushes new threads and replies to the other open editors', async () => {
    const { docId, a } = await draftWith(['意见建议部分。'])
    const b = editor(chair, docId)
    await waitSynced([b.peer])
    const thread = await member.json(`/documents/${docId}/threads`, {
      method: 'POST',
      body: JSON.stringify({ anchor: anchor(paragraphText(a.fragment), 0, 4), body: '请 @zhuxi 审阅' }),
      expect: 201,
    })
    await waitFor(
      () => b.events.some((e) => e.type === 'thread' && e.thread.id === thread.id),
      'the chair to receive the thread',
    )
    await chair.json(`/documents/${docId}/threads/${thread.id}/comments`, {
      method: 'POST',
      body: JSON.stringify({ body: '同意' }),
      expect: 201,
    })
    await waitFor(
      () => a.events.some((e) => e.type === 'thread' && e.thread.comments.length === 2),
      'the member to receive the reply',
    )
    // The chair was mentioned: an unread marker until read.
    const list = await threadsOf(chair, docId)
    const unread = list.threads.find((t: any) => t.id === thread.id).unreadMentions
    expect(unread).toHaveLength(1)
    await chair.json(`/documents/${docId}/mentions/read`, {
      method: 'POST',
      body: JSON.stringify({ commentIds: unread }),
      expect: 204,
    })
    expect((await threadsOf(chair, docId)).threads.find((t: any) => t.id === thread.id).unreadMentions).toHaveLength(0)
  })
})

/** The words an anchor covers now, read by a fresh client from the server's copy. */
async function readLive(docId: string, a: { start: string; end: string }): Promise<string> {
  const peer = connectPeer(server.wsUrl, docId, { headers: { cookie: member.cookie } })
  try {
    await waitSynced([peer])
    const start = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(Buffer.from(a.start, 'base64')),
      peer.doc,
    )
    const end = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(Buffer.from(a.end, 'base64')),
      peer.doc,
    )
    if (!start || !end || start.type !== end.type) return '(split)'
    return (start.type as Y.XmlText).toString().slice(start.index, end.index)
  } finally {
    peer.destroy()
  }
}

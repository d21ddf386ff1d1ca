/**
 * Suggestions (修订) against a real server and official y-websocket clients: proposed over the API by
 * people whose sockets are read-only, changed and withdrawn by their authors, accepted as one server
 * transaction that merges with what others type at that moment, rejected, decided in bulk, audited.
 */
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom'
import JSZip from 'jszip'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { readSuggestionDetails } from '../../shared/audit-details.js'
import { EVENT_MESSAGE_TYPE, readServerEvent, type ServerEvent } from '../../shared/collab-events.js'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let convener: Session
let member: Session
let member2: Session
let commenter: Session
const peers: Peer[] = []

beforeAll(async () => {
  server = await startServer({ args: ['--demo'], env: { LOG_LEVEL: 'debug' } })
  ;[convener, member, member2, commenter] = await Promise.all(
    ['zuzhang', 'chengyuan1', 'chengyuan2', 'zhengqiu'].map((u) => login(server, u)),
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
    if (event) events.push(event)
  }
  return { peer, events, fragment: peer.doc.getXmlFragment('default') }
}

const paragraphText = (fragment: Y.XmlFragment, n = 0): Y.XmlText =>
  (fragment.get(n) as Y.XmlElement).get(0) as Y.XmlText

const paragraphs = (fragment: Y.XmlFragment): string[] =>
  fragment.toArray().map((p) => ((p as Y.XmlElement).get(0) as Y.XmlText | undefined)?.toString() ?? '')

const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64')

/** The words `from`..`to` of a text: start on the first character, end after the last. */
const range = (text: Y.XmlText, from: number, to: number) => ({
  start: encode(Y.createRelativePositionFromTypeIndex(text, from, 0)),
  end: encode(Y.createRelativePositionFromTypeIndex(text, to, -1)),
})

/** One position to insert at: start and end are the same position, after the character before it. */
const point = (text: Y.XmlText, at: number) => {
  const position = encode(Y.createRelativePositionFromTypeIndex(text, at, -1))
  return { start: position, end: position }
}

async function draftWith(lines: string[], { invite = false } = {}) {
  const docId = await createDraft(convener, '关于修订模式的建议案')
  if (invite)
    await convener.json(`/documents/${docId}/invitations`, {
      method: 'POST',
      body: JSON.stringify({ username: 'zhengqiu', until: null }),
      expect: 201,
    })
  const a = editor(member, docId)
  await waitSynced([a.peer])
  a.peer.doc.transact(() => {
    a.fragment.insert(
      0,
      lines.map((line) => {
        const el = new Y.XmlElement('paragraph')
        el.insert(0, [new Y.XmlText(line)])
        return el
      }),
    )
  })
  // Anchors must name characters the server already has.
  const fresh = editor(member, docId)
  await waitSynced([fresh.peer])
  await waitFor(() => fresh.fragment.length === lines.length, 'the text to reach the server')
  fresh.peer.destroy()
  return { docId, a }
}

const suggest = (s: Session, docId: string, body: unknown, expect = 201) =>
  s.json(`/documents/${docId}/suggestions`, { method: 'POST', body: JSON.stringify(body), expect })

const decide = (s: Session, docId: string, threadId: string, body: unknown, expect = 200) =>
  s.json(`/documents/${docId}/suggestions/${threadId}/decision`, {
    method: 'POST',
    body: JSON.stringify(body),
    expect,
  })

const threadOf = async (s: Session, docId: string, threadId: string) =>
  (await s.json(`/documents/${docId}/threads`, { expect: 200 })).threads.find((t: any) => t.id === threadId)

/** The paragraphs as the server has them now, read by a fresh client. */
async function serverText(docId: string): Promise<string[]> {
  const peer = connectPeer(server.wsUrl, docId, { headers: { cookie: member.cookie } })
  try {
    await waitSynced([peer])
    return paragraphs(peer.doc.getXmlFragment('default'))
  } finally {
    peer.destroy()
  }
}

describe('proposing a change', () => {
  it('lets a commenter propose, extend and withdraw a suggestion without the text changing, pushing each step to open editors', async () => {
    const { docId, a } = await draftWith(['我市高标准农田建设成效明显。'], { invite: true })
    const text = paragraphText(a.fragment)
    const created = await suggest(commenter, docId, {
      anchor: point(text, 2),
      insert: '全',
      note: '建议补充 @chengyuan1',
    })
    expect(created).toMatchObject({
      quote: '',
      authorId: commenter.userId,
      resolved: false,
      detached: false,
      suggestion: { insert: '全', status: 'open', decidedBy: null, rationale: '' },
    })
    expect(created.comments).toHaveLength(1)
    expect(created.comments[0].mentions).toEqual([member.userId])
    await waitFor(
      () => a.events.some((e) => e.type === 'thread' && e.thread.id === created.id),
      'the member to be pushed the suggestion',
    )

    // The next keystrokes extend the same suggestion.
    const extended = await commenter.json(`/documents/${docId}/suggestions/${created.id}`, {
      method: 'PUT',
      body: JSON.stringify({ anchor: point(text, 2), insert: '全面' }),
      expect: 200,
    })
    expect(extended.suggestion.insert).toBe('全面')
    await waitFor(
      () => a.events.some((e) => e.type === 'thread' && e.thread.suggestion?.insert === '全面'),
      'the extension to be pushed',
    )
    // …and may turn it into a replacement of words.
    const replacing = await commenter.json(`/documents/${docId}/suggestions/${created.id}`, {
      method: 'PUT',
      body: JSON.stringify({ anchor: range(text, 2, 7), insert: '全面的高标准农田' }),
      expect: 200,
    })
    expect(replacing.quote).toBe('高标准农田')

    // Nobody else changes it.
    const other = await member.api(`/documents/${docId}/suggestions/${created.id}`, {
      method: 'PUT',
      body: JSON.stringify({ anchor: point(text, 0), insert: '篡改' }),
    })
    expect(other.status).toBe(403)
    expect((await other.json()).error.reason).toBe('suggestion_author_only')

    const withdrawn = await commenter.json(`/documents/${docId}/suggestions/${created.id}`, {
      method: 'DELETE',
      expect: 200,
    })
    expect(withdrawn.suggestion).toMatchObject({ status: 'withdrawn', decidedBy: commenter.userId })
    expect(withdrawn.resolved).toBe(true)
    const again = await commenter.api(`/documents/${docId}/suggestions/${created.id}`, {
      method: 'PUT',
      body: JSON.stringify({ anchor: point(text, 2), insert: '全' }),
    })
    expect(again.status).toBe(409)
    expect((await again.json()).error.reason).toBe('suggestion_not_open')
    expect(await serverText(docId)).toEqual(['我市高标准农田建设成效明显。'])
    const audit = await convener.json(`/documents/${docId}/audit`, { expect: 200 })
    const entry = audit.entries.find((e: any) => e.action === 'suggestion')
    expect(entry.actorId).toBe(commenter.userId)
    expect(readSuggestionDetails(entry.details)).toEqual({
      threadId: created.id,
      outcome: 'withdrawn',
      from: '高标准农田',
      to: '全面的高标准农田',
      rationale: '',
    })
  })

  it('settles a suggestion only by deciding or withdrawing it, never by resolving it as a comment', async () => {
    const { docId, a } = await draftWith(['只能处理的修订。'])
    const one = await suggest(member2, docId, { anchor: range(paragraphText(a.fragment), 0, 2), insert: '必须' })
    const res = await convener.api(`/documents/${docId}/threads/${one.id}/resolution`, {
      method: 'PUT',
      body: JSON.stringify({ resolved: true }),
    })
    expect(res.status).toBe(409)
    expect((await res.json()).error.reason).toBe('suggestion_resolution')
    expect((await threadOf(member, docId, one.id)).resolved).toBe(false)
  })

  it('refuses a suggestion that changes nothing, spans paragraphs, or names positions outside the text', async () => {
    const { docId, a } = await draftWith(['第一段。', '第二段。'])
    const first = paragraphText(a.fragment, 0)
    const second = paragraphText(a.fragment, 1)
    const refusal = async (body: unknown) => {
      const res = await member.api(`/documents/${docId}/suggestions`, { method: 'POST', body: JSON.stringify(body) })
      expect(res.status).toBe(400)
      return (await res.json()).error
    }
    expect(await refusal({ anchor: point(first, 1), insert: '' })).toMatchObject({ field: 'insert' })
    expect(
      await refusal({
        anchor: { start: range(first, 1, 2).start, end: range(second, 0, 2).end },
        insert: '合并',
      }),
    ).toMatchObject({ field: 'anchor', reason: 'suggestion_spans_paragraphs' })
    const between = encode(Y.createRelativePositionFromTypeIndex(a.fragment, 1, -1))
    expect(await refusal({ anchor: { start: between, end: between }, insert: '字' })).toMatchObject({
      field: 'anchor',
      reason: 'anchor_invalid',
    })
    // A deletion is a suggestion with nothing inserted.
    const deletion = await suggest(member, docId, { anchor: range(first, 0, 2), insert: '' })
    expect(deletion).toMatchObject({ quote: '第一', comments: [], suggestion: { insert: '' } })
  })
})

describe('deciding', () => {
  it('accepts a suggestion as one server change while two editors type around it: all converge and nothing typed is lost', async () => {
    const { docId, a } = await draftWith(['统筹整合涉农资金加大投入。'], { invite: true })
    const suggestion = await suggest(commenter, docId, {
      anchor: range(paragraphText(a.fragment), 4, 8),
      insert: '各类涉农资金',
    })
    expect(suggestion.quote).toBe('涉农资金')
    const b = editor(member2, docId)
    await waitSynced([b.peer])

    // a types just before the words, b just after them, until the decision is in and a little beyond.
    const where = (peer: Peer, which: 'start' | 'end') =>
      Y.createAbsolutePositionFromRelativePosition(
        Y.decodeRelativePosition(Buffer.from(suggestion.anchor[which], 'base64')),
        peer.doc,
      )!.index
    let typedA = 0
    let typedB = 0
    let decided = false
    let after = 0
    const typing = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        paragraphText(a.fragment).insert(where(a.peer, 'start'), 'x')
        paragraphText(b.fragment).insert(where(b.peer, 'end'), 'y')
        typedA++
        typedB++
        if (decided && ++after >= 5) {
          clearInterval(timer)
          resolve()
        }
      }, 4)
    })
    const accepted = await decide(convener, docId, suggestion.id, { decision: 'accept', rationale: '采纳' })
    decided = true
    await typing
    expect(accepted).toMatchObject({
      resolved: true,
      suggestion: { status: 'accepted', decidedBy: convener.userId, rationale: '采纳' },
      disposition: { kind: 'adopted', rationale: '采纳', by: convener.userId },
    })

    const converged = async () => {
      const server = await serverText(docId)
      return (
        JSON.stringify(paragraphs(a.fragment)) === JSON.stringify(server) &&
        JSON.stringify(paragraphs(b.fragment)) === JSON.stringify(server)
      )
    }
    await waitFor(converged, 'both editors and the server to converge')
    const [line] = paragraphs(a.fragment)
    expect(line.match(/x/g)?.length).toBe(typedA)
    expect(line.match(/y/g)?.length).toBe(typedB)
    expect(line.replace(/[xy]/g, '')).toBe('统筹整合各类涉农资金加大投入。')
  })

  it('splits the paragraph when an accepted insertion holds a line break, and every open editor sees it', async () => {
    const { docId, a } = await draftWith(['第一句。第二句。'])
    const b = editor(member2, docId)
    await waitSynced([b.peer])
    const one = await suggest(member2, docId, {
      anchor: point(paragraphText(a.fragment), 4),
      insert: '补充一句。\n另起一段：',
    })
    await decide(member, docId, one.id, { decision: 'accept' })
    const expected = ['第一句。补充一句。', '另起一段：第二句。']
    await waitFor(
      () => [a, b].every((e) => JSON.stringify(paragraphs(e.fragment)) === JSON.stringify(expected)),
      'both editors to show the split paragraph',
    )
    expect(await serverText(docId)).toEqual(expected)
  })

  it('leaves the text as it is when a suggestion is rejected, and records every decision in the audit log', async () => {
    const { docId, a } = await draftWith(['加快推进农业现代化。'])
    const text = paragraphText(a.fragment)
    const one = await suggest(member2, docId, { anchor: range(text, 2, 4), insert: '全面推进' })
    const rejected = await decide(member, docId, one.id, { decision: 'reject', rationale: '原文更准确' })
    expect(rejected).toMatchObject({
      resolved: true,
      suggestion: { status: 'rejected', decidedBy: member.userId, rationale: '原文更准确' },
      disposition: { kind: 'not_adopted', rationale: '原文更准确' },
    })
    const twice = await member.api(`/documents/${docId}/suggestions/${one.id}/decision`, {
      method: 'POST',
      body: JSON.stringify({ decision: 'accept' }),
    })
    expect(twice.status).toBe(409)
    expect(await serverText(docId)).toEqual(['加快推进农业现代化。'])

    // A convener may still record that it was partly adopted (意见处理).
    const partly = await convener.json(`/documents/${docId}/threads/${one.id}/disposition`, {
      method: 'PUT',
      body: JSON.stringify({ kind: 'partly_adopted', rationale: '部分吸收' }),
      expect: 200,
    })
    expect(partly.disposition.kind).toBe('partly_adopted')

    const audit = await convener.json(`/documents/${docId}/audit`, { expect: 200 })
    const entries = audit.entries.filter((e: any) => e.action === 'suggestion')
    expect(entries.map((e: any) => readSuggestionDetails(e.details))).toEqual([
      { threadId: one.id, outcome: 'rejected', from: '推进', to: '全面推进', rationale: '原文更准确' },
    ])
    expect(entries[0].actorId).toBe(member.userId)
  })

  it('can only reject a suggestion whose words were deleted', async () => {
    const { docId, a } = await draftWith(['第一段。', '整段删除的文字。'])
    const one = await suggest(member2, docId, { anchor: range(paragraphText(a.fragment, 1), 0, 4), insert: '保留' })
    a.fragment.delete(1, 1)
    await waitFor(async () => (await threadOf(member, docId, one.id)).detached === true, 'the suggestion to detach')
    const accept = await member.api(`/documents/${docId}/suggestions/${one.id}/decision`, {
      method: 'POST',
      body: JSON.stringify({ decision: 'accept' }),
    })
    expect(accept.status).toBe(409)
    expect((await accept.json()).error.reason).toBe('suggestion_detached')
    expect((await threadOf(member, docId, one.id)).suggestion.status).toBe('open')
    const rejected = await decide(member, docId, one.id, { decision: 'reject' })
    expect(rejected.suggestion.status).toBe('rejected')
  })
})

describe('deciding many at once', () => {
  it('accepts every open suggestion of one author in reading order, skipping those whose words are gone, then rejects the rest', async () => {
    const { docId, a } = await draftWith(['甲乙丙丁。', '要删除的段落。', '戊己庚辛。'])
    const [first, gone, third] = [0, 1, 2].map((n) => paragraphText(a.fragment, n))
    const ones = [
      await suggest(member2, docId, { anchor: range(third, 0, 2), insert: '第三' }),
      await suggest(member2, docId, { anchor: point(first, 4), insert: '，又一句' }),
      await suggest(member2, docId, { anchor: range(first, 0, 1), insert: '首' }),
      await suggest(member2, docId, { anchor: range(gone, 0, 3), insert: '保留' }),
    ]
    const others = await suggest(convener, docId, { anchor: range(third, 2, 4), insert: '其他人的' })
    a.fragment.delete(1, 1)
    await waitFor(async () => (await threadOf(member, docId, ones[3].id)).detached, 'the third suggestion to detach')

    const result = await member.json(`/documents/${docId}/suggestions/decisions`, {
      method: 'POST',
      body: JSON.stringify({ decision: 'accept', authorId: member2.userId, rationale: '一并采纳' }),
      expect: 200,
    })
    expect([...result.decided].sort()).toEqual([ones[0].id, ones[1].id, ones[2].id].sort())
    expect(result.skipped).toEqual([{ id: ones[3].id, reason: 'suggestion_detached' }])
    await waitFor(
      async () => JSON.stringify(await serverText(docId)) === JSON.stringify(['首乙丙丁，又一句。', '第三庚辛。']),
      'the accepted suggestions in the text',
    )
    expect((await threadOf(member, docId, ones[3].id)).suggestion.status).toBe('open')
    expect((await threadOf(member, docId, others.id)).suggestion.status).toBe('open')

    const rest = await member.json(`/documents/${docId}/suggestions/decisions`, {
      method: 'POST',
      body: JSON.stringify({ decision: 'reject' }),
      expect: 200,
    })
    expect([...rest.decided].sort()).toEqual([ones[3].id, others.id].sort())
    expect(rest.skipped).toEqual([])
    const audit = await convener.json(`/documents/${docId}/audit`, { expect: 200 })
    const outcomes = audit.entries
      .filter((e: any) => e.action === 'suggestion')
      .map((e: any) => readSuggestionDetails(e.details)!.outcome)
    expect(outcomes.sort()).toEqual(['accepted', 'accepted', 'accepted', 'rejected', 'rejected'])
    expect(audit.verified).toBe(true)
  })

  it('lets only one of two simultaneous deciders decide a suggestion', async () => {
    const { docId, a } = await draftWith(['同时处理的修订。'])
    const one = await suggest(member2, docId, { anchor: range(paragraphText(a.fragment), 0, 2), insert: '一起' })
    const answers = await Promise.all([
      member.api(`/documents/${docId}/suggestions/${one.id}/decision`, {
        method: 'POST',
        body: JSON.stringify({ decision: 'accept' }),
      }),
      convener.api(`/documents/${docId}/suggestions/${one.id}/decision`, {
        method: 'POST',
        body: JSON.stringify({ decision: 'accept' }),
      }),
    ])
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409])
    await waitFor(
      async () => (await serverText(docId))[0] === '一起处理的修订。',
      'the suggestion to be applied exactly once',
    )
  })
})

describe('what stays closed', () => {
  it('takes no suggestion on an approved document', async () => {
    const { docId, a } = await draftWith(['审定前的文字。'])
    const text = paragraphText(a.fragment)
    const open = await suggest(member, docId, { anchor: range(text, 0, 2), insert: '审定后' })
    await convener.json(`/documents/${docId}/workflow/submit`, {
      method: 'POST',
      body: JSON.stringify({ note: '请审定' }),
      expect: 200,
    })
    const chair = await login(server, 'zhuxi')
    await chair.json(`/documents/${docId}/workflow/approve`, {
      method: 'POST',
      body: JSON.stringify({ opinion: '同意' }),
      expect: 200,
    })
    const refused = await member.api(`/documents/${docId}/suggestions`, {
      method: 'POST',
      body: JSON.stringify({ anchor: range(text, 0, 2), insert: '改' }),
    })
    expect(refused.status).toBe(409)
    expect((await refused.json()).error.reason).toBe('approved_suggestion')
    const decision = await member.api(`/documents/${docId}/suggestions/${open.id}/decision`, {
      method: 'POST',
      body: JSON.stringify({ decision: 'accept' }),
    })
    expect(decision.status).toBe(409)
    expect((await decision.json()).error.reason).toBe('approved_suggestion')
    expect(await serverText(docId)).toEqual(['审定前的文字。'])
  })

  it('still drops an edit sent over the read-only socket of a commenter who suggests', async () => {
    const { docId, a } = await draftWith(['只读的文字。'], { invite: true })
    await suggest(commenter, docId, { anchor: range(paragraphText(a.fragment), 0, 2), insert: '可写' })

    const forged = new Y.Doc()
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(a.peer.doc))
    const sv = Y.encodeStateVector(forged)
    ;((forged.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, '可写')
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(forged, sv))
    const ws = new WebSocket(`${server.wsUrl}/collab/${docId}`, { headers: { cookie: commenter.cookie } })
    await new Promise((resolve) => ws.once('open', resolve))
    ws.send(encoding.toUint8Array(encoder))
    await waitFor(
      () => new RegExp(`dropped an update from read-only socket .*zhengqiu.* on ${docId}`).test(server.output()),
      'the server to drop and log the update',
    )
    ws.close()
    expect(await serverText(docId)).toEqual(['只读的文字。'])
  })
})

describe('a draft DOCX with the open suggestions', () => {
  it('carries them as Word revisions by their authors, and only as a DOCX', async () => {
    const { docId, a } = await draftWith(['加强高标准农田建设，逐步提高补助标准。'], { invite: true })
    const text = paragraphText(a.fragment)
    await suggest(commenter, docId, { anchor: range(text, 0, 2), insert: '全面加强' })
    await suggest(member, docId, { anchor: range(text, 10, 12), insert: '' })
    const version = await member.json(`/documents/${docId}/versions`, {
      method: 'POST',
      body: JSON.stringify({ label: '征求意见稿' }),
      expect: 201,
    })
    const path = `/documents/${docId}/versions/${version.number}/export`
    const res = await member.api(`${path}/docx?mark=consultation&suggestions=open`)
    expect(res.status).toBe(200)
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('含修订.docx')
    const zip = await JSZip.loadAsync(new Uint8Array(await res.arrayBuffer()))
    const xml = await zip.file('word/document.xml')!.async('string')
    const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as XmlElement
    const revisions = (tag: string, words: string) =>
      Array.from(root.getElementsByTagName(tag)).map((el) => ({
        author: el.getAttribute('w:author'),
        text: Array.from(el.getElementsByTagName(words))
          .map((w) => w.textContent)
          .join(''),
      }))
    const names = (await convener.json(`/documents/${docId}/threads`, { expect: 200 })).participants as {
      id: string
      displayName: string
    }[]
    const nameOf = (id: string) => names.find((p) => p.id === id)!.displayName
    expect(revisions('w:ins', 'w:t')).toEqual([{ author: nameOf(commenter.userId), text: '全面加强' }])
    expect(revisions('w:del', 'w:delText')).toEqual([
      { author: nameOf(commenter.userId), text: '加强' },
      { author: nameOf(member.userId), text: '逐步' },
    ])

    // Without asking, the draft carries none; a PDF cannot carry them at all.
    const plain = await member.api(`${path}/docx?mark=consultation`)
    const plainXml = await (
      await JSZip.loadAsync(new Uint8Array(await plain.arrayBuffer()))
    )
      .file('word/document.xml')!
      .async('string')
    expect(plainXml).not.toContain('w:ins ')
    const pdf = await member.api(`${path}/pdf?mark=consultation&suggestions=open`)
    expect(pdf.status).toBe(400)
    expect((await pdf.json()).error.field).toBe('suggestions')
  })
})

/**
 * 导入修订稿 against a real server: a draft is exported as a 征求意见稿, comes back marked up in Word
 * by two people of 市财政局 while the draft moves on (paragraphs changed, one deleted, one added),
 * and is taken in: exactly the suggestions and threads whose words are still there, anchored on
 * them and attributed to the unit or to an invited commenter, every other change listed in the
 * report, the text untouched until someone accepts. Bad files are refused and change nothing.
 */
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readReturnedDraftDetails } from '../../shared/audit-details.js'
import { EVENT_MESSAGE_TYPE, readServerEvent, type ServerEvent } from '../../shared/collab-events.js'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'
import { markUp, type Markup, type Who } from '../fixtures/import/returned/mark-up.js'

let server: RunningServer
let convener: Session
let member: Session
let commenter: Session
const peers: Peer[] = []

const zhang: Who = { author: '张三', date: '2025-03-03T09:15:00Z', initials: 'ZS' }
const li: Who = { author: '李四', date: '2025-03-04T14:30:00Z', initials: 'LS' }

const lines = [
  '近年来，我市累计建成高标准农田48.6万亩，建设质量稳步提升。',
  '2022年以来，全市累计投入建设资金28.7亿元，其中中央和省级补助资金16.3亿元。',
  '市、县两级均成立了工作专班，形成了部门协同的工作格局。',
  '部分项目只建沟渠不配泵站，影响了工程的整体效益。',
  '建议市财政建立高标准农田建设投入稳定增长机制。',
]

const markups: Markup[] = [
  { kind: 'replace', paragraph: '近年来', words: '稳步提升', by: '显著提升', ...zhang },
  { kind: 'insert', paragraph: '2022年以来', after: '补助资金16.3亿元', text: '（含一般债券）', ...li },
  { kind: 'delete', paragraph: '部分项目', words: '只建沟渠不配泵站，', ...zhang },
  {
    kind: 'comment',
    paragraph: '市、县两级',
    words: '工作专班',
    text: '建议写明专班名称。',
    ...li,
    reply: { text: '同意。', ...zhang },
  },
  { kind: 'comment', paragraph: '建议市财政', words: '稳定增长机制', text: '请补充资金来源。', ...zhang },
  { kind: 'insertParagraph', after: '市、县两级', text: '建议进一步明确各部门职责分工。', ...li },
  // The title is printed by the export, not part of the draft's text.
  { kind: 'replace', paragraph: '关于加强我市', words: '加强', by: '推进', ...zhang },
]

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  ;[convener, member, commenter] = await Promise.all(['zuzhang', 'chengyuan1', 'zhengqiu'].map((u) => login(server, u)))
})
afterAll(async () => {
  for (const p of peers) p.destroy()
  await server.kill('SIGKILL')
})

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

const textOf = (fragment: Y.XmlFragment, n: number): Y.XmlText => (fragment.get(n) as Y.XmlElement).get(0) as Y.XmlText

/** The paragraphs as the server has them now, read by a fresh client. */
async function serverText(docId: string): Promise<string[]> {
  const peer = connectPeer(server.wsUrl, docId, { headers: { cookie: member.cookie } })
  try {
    await waitSynced([peer])
    return peer.doc
      .getXmlFragment('default')
      .toArray()
      .map((p) => ((p as Y.XmlElement).get(0) as Y.XmlText | undefined)?.toString() ?? '')
  } finally {
    peer.destroy()
  }
}

/** Uploads a returned draft as `session` (multipart/form-data). */
async function upload(
  session: Session,
  docId: string,
  file: Uint8Array,
  fields: Record<string, string>,
  name = '市财政局意见.docx',
) {
  const form = new FormData()
  form.set(
    'file',
    new File([file as Uint8Array<ArrayBuffer>], name, {
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    }),
  )
  for (const [key, value] of Object.entries(fields)) form.set(key, value)
  return fetch(`${server.url}/api/documents/${docId}/returned-drafts`, {
    method: 'POST',
    body: form,
    headers: { cookie: session.cookie },
  })
}

/** A draft of `lines`, a version of it, its 征求意见稿 DOCX, and the draft moved on since. */
async function sentAndMovedOn() {
  const docId = await createDraft(convener)
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
  await waitFor(async () => (await serverText(docId)).length === lines.length, 'the text to reach the server')
  const version = await member.json(`/documents/${docId}/versions`, {
    method: 'POST',
    body: JSON.stringify({ label: '征求意见稿' }),
    expect: 201,
  })
  const exported = await member.api(`/documents/${docId}/versions/${version.number}/export/docx?mark=consultation`)
  expect(exported.status).toBe(200)
  const returned = markUp(new Uint8Array(await exported.arrayBuffer()), markups)

  // Meanwhile the draft moves on: the start of one paragraph reworded, the words of another edited,
  // the last one deleted, a new one added.
  a.peer.doc.transact(() => {
    const second = textOf(a.fragment, 1)
    second.delete(5, 2)
    second.insert(5, '至今')
    const fourth = textOf(a.fragment, 3)
    fourth.delete(4, 4)
    fourth.insert(4, '只修渠道')
    a.fragment.delete(4, 1)
    const added = new Y.XmlElement('paragraph')
    added.insert(0, [new Y.XmlText('新增：加强建后管护。')])
    a.fragment.insert(4, [added])
  })
  const moved = [
    lines[0],
    '2022年至今，全市累计投入建设资金28.7亿元，其中中央和省级补助资金16.3亿元。',
    lines[2],
    '部分项目只修渠道不配泵站，影响了工程的整体效益。',
    '新增：加强建后管护。',
  ]
  await waitFor(
    async () => JSON.stringify(await serverText(docId)) === JSON.stringify(moved),
    'the edits to reach the server',
  )
  return { docId, returned, moved, a }
}

describe('importing a returned draft', () => {
  let docId: string
  let returned: Uint8Array
  let moved: string[]
  let watcher: ReturnType<typeof editor>
  let report: any

  beforeAll(async () => {
    ;({ docId, returned, moved } = await sentAndMovedOn())
    watcher = editor(convener, docId)
    await waitSynced([watcher.peer])
    const res = await upload(member, docId, returned, { fromUnit: '市财政局' })
    expect(res.status).toBe(201)
    report = await res.json()
  })

  it('makes exactly the suggestions and threads whose words are still in the draft, on those words', async () => {
    expect(report).toMatchObject({ fileName: '市财政局意见.docx', suggestions: 3, comments: 1, formattingChanges: 0 })
    const { threads } = await member.json(`/documents/${docId}/threads`, { expect: 200 })
    const imported = threads.filter((t: any) => report.threadIds.includes(t.id))
    expect(imported).toHaveLength(4)
    const byQuoteAndInsert = imported.map((t: any) => [t.quote, t.suggestion?.insert ?? null]).sort()
    expect(byQuoteAndInsert).toEqual(
      [
        ['稳步提升', '显著提升'],
        ['', '（含一般债券）'],
        ['', '\n建议进一步明确各部门职责分工。'],
        ['工作专班', null],
      ].sort(),
    )
    expect(imported.every((t: any) => !t.detached && t.authorId === member.userId)).toBe(true)

    // Each anchor lies on the words: read in a live copy of the draft.
    const position = (encoded: string) =>
      Y.createAbsolutePositionFromRelativePosition(
        Y.decodeRelativePosition(Buffer.from(encoded, 'base64')),
        watcher.peer.doc,
      )!
    const insertion = imported.find((t: any) => t.suggestion?.insert === '（含一般债券）')
    const at = position(insertion.anchor.start)
    expect(at.type.toString().slice(0, at.index)).toMatch(/补助资金16\.3亿元$/)
    const paragraphEnd = imported.find((t: any) => t.suggestion?.insert.startsWith('\n'))
    const end = position(paragraphEnd.anchor.start)
    expect(end.type.toString()).toBe(lines[2])
    expect(end.index).toBe(lines[2].length)
  })

  it('attributes them to the unit, keeping the Word author of each and the file', async () => {
    const { threads } = await member.json(`/documents/${docId}/threads`, { expect: 200 })
    const imported = threads.filter((t: any) => report.threadIds.includes(t.id))
    const authors = Object.fromEntries(imported.map((t: any) => [t.quote || t.suggestion.insert, t.source]))
    expect(authors['稳步提升']).toEqual({
      unit: '市财政局',
      wordAuthor: '张三',
      importedBy: member.userId,
      fileName: '市财政局意见.docx',
    })
    expect(authors['（含一般债券）'].wordAuthor).toBe('李四')
    const comment = imported.find((t: any) => !t.suggestion)
    expect(comment.comments.map((c: any) => [c.body, c.wordAuthor])).toEqual([
      ['建议写明专班名称。', '李四'],
      ['同意。', '张三'],
    ])
  })

  it('lists exactly the changes it could not place, with their context, kind, words and author', () => {
    const unplaced = report.unplaced.map((u: any) => [u.kind, u.reason, u.deleted, u.inserted, u.author])
    expect(unplaced).toEqual([
      ['replacement', 'paragraph_not_found', '加强', '推进', '张三'],
      ['deletion', 'words_changed', '只建沟渠不配泵站，', '', '张三'],
      ['comment', 'paragraph_not_found', '稳定增长机制', '请补充资金来源。', '张三'],
    ])
    const deletion = report.unplaced[1]
    expect(deletion.before).toBe('部分项目')
    expect(deletion.after.startsWith('影响了工程')).toBe(true)
  })

  it('pushes every new thread to the open editors and leaves the text as it was', async () => {
    await waitFor(
      () =>
        report.threadIds.every((id: string) => watcher.events.some((e) => e.type === 'thread' && e.thread.id === id)),
      'the threads to be pushed',
    )
    expect(await serverText(docId)).toEqual(moved)
  })

  it('audits the import, naming the file, the unit and what came of it', async () => {
    const { entries } = await convener.json(`/documents/${docId}/audit`, { expect: 200 })
    const entry = entries.find((e: any) => e.action === 'returned_draft')
    expect(entry.actorId).toBe(member.userId)
    expect(readReturnedDraftDetails(entry.details)).toEqual({
      fileName: '市财政局意见.docx',
      from: { unit: '市财政局' },
      suggestions: 3,
      comments: 1,
      unplaced: 3,
    })
  })

  it('applies an imported suggestion when it is accepted: a replacement, and a new paragraph', async () => {
    const { threads } = await member.json(`/documents/${docId}/threads`, { expect: 200 })
    const replacement = threads.find((t: any) => t.suggestion?.insert === '显著提升')
    const paragraph = threads.find((t: any) => t.suggestion?.insert.startsWith('\n'))
    for (const t of [replacement, paragraph])
      await member.json(`/documents/${docId}/suggestions/${t.id}/decision`, {
        method: 'POST',
        body: JSON.stringify({ decision: 'accept' }),
        expect: 200,
      })
    expect(await serverText(docId)).toEqual([
      '近年来，我市累计建成高标准农田48.6万亩，建设质量显著提升。',
      moved[1],
      lines[2],
      '建议进一步明确各部门职责分工。',
      moved[3],
      moved[4],
    ])
  })

  it('names the unit as its own raiser in the 意见采纳情况表', async () => {
    const csv = await (await convener.api(`/documents/${docId}/opinions.csv`)).text()
    expect(csv).toContain('市财政局（张三）')
    expect(csv).toContain('市财政局（李四）')
  })
})

describe('from whom', () => {
  let docId: string
  let returned: Uint8Array

  beforeAll(async () => {
    ;({ docId, returned } = await sentAndMovedOn())
  })

  it('offers the invited commenters of the document, and only them, as the accounts a draft may come from', async () => {
    const { people } = await member.json(`/documents/${docId}/returned-drafts/senders`, { expect: 200 })
    expect(people.map((p: any) => [p.id, p.role])).toEqual([[commenter.userId, 'commenter']])
  })

  it('makes an invited commenter the author of what their returned draft proposes', async () => {
    const res = await upload(member, docId, returned, { fromUserId: commenter.userId })
    expect(res.status).toBe(201)
    const report = await res.json()
    const { threads } = await member.json(`/documents/${docId}/threads`, { expect: 200 })
    const imported = threads.filter((t: any) => report.threadIds.includes(t.id))
    expect(imported).toHaveLength(4)
    expect(imported.every((t: any) => t.authorId === commenter.userId && t.source.unit === null)).toBe(true)
    expect(imported.map((t: any) => t.source.importedBy)).toEqual(imported.map(() => member.userId))
  })

  it('refuses someone who is not a commenter invited to the document, and a missing or doubled "from", naming the field', async () => {
    const count = async () => (await member.json(`/documents/${docId}/threads`, { expect: 200 })).threads.length
    const before = await count()
    for (const [fields, field, reason] of [
      [{ fromUserId: member.userId }, 'fromUserId', 'not_invited_commenter'],
      [{ fromUserId: 'AAAAAAAAAAAAAAAA' }, 'fromUserId', 'not_invited_commenter'],
      [{}, 'fromUserId', 'returned_draft_from'],
      [{ fromUserId: commenter.userId, fromUnit: '市财政局' }, 'fromUnit', 'returned_draft_from'],
      [{ fromUnit: '   ' }, 'fromUnit', 'required'],
    ] as const) {
      const res = await upload(member, docId, returned, fields)
      expect(res.status, JSON.stringify(fields)).toBe(400)
      expect((await res.json()).error, JSON.stringify(fields)).toMatchObject({ field, reason })
    }
    const noFile = new FormData()
    noFile.set('fromUnit', '市财政局')
    const res = await fetch(`${server.url}/api/documents/${docId}/returned-drafts`, {
      method: 'POST',
      body: noFile,
      headers: { cookie: member.cookie },
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error).toMatchObject({ field: 'file', reason: 'required' })
    expect(await count()).toBe(before)
  })
})

describe('files that are no returned draft', () => {
  it('refuses a PDF renamed .docx, a damaged file and one with a DOCTYPE, creating nothing', async () => {
    const { docId, returned } = await sentAndMovedOn()
    const count = async () => (await member.json(`/documents/${docId}/threads`, { expect: 200 })).threads.length
    const parts = unzipSync(returned)
    parts['word/document.xml'] = strToU8(
      strFromU8(parts['word/document.xml']).replace(
        '<w:document',
        '<!DOCTYPE w:document [<!ENTITY x "y">]><w:document',
      ),
    )
    const withDoctype = zipSync(parts)
    for (const [bytes, status, reason] of [
      [strToU8('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 415, 'not_docx'],
      [returned.subarray(0, 4000), 400, 'docx_corrupt'],
      [withDoctype, 400, 'docx_corrupt'],
    ] as const) {
      const res = await upload(member, docId, bytes, { fromUnit: '市财政局' })
      expect(res.status, reason).toBe(status)
      expect((await res.json()).error).toMatchObject({ field: 'file', reason })
    }
    expect(await count()).toBe(0)
    const { entries } = await convener.json(`/documents/${docId}/audit`, { expect: 200 })
    expect(entries.filter((e: any) => e.action === 'returned_draft')).toEqual([])
  })
})

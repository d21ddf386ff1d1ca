/**
 * 搜索 against the real server: words found inside Chinese text without spaces, in the live text,
 * in an earlier version and in a comment, and never in a document the searcher may not open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { SearchResults } from '../../shared/schema.js'
import { createDraft, demoGroup, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let convener: Session
let member: Session
let commenter: Session
let outsider: Session
let sampleId: string
const peers: Peer[] = []

const find = (s: Session, q: string) => s.json<SearchResults>(`/search?q=${encodeURIComponent(q)}`, { expect: 200 })
const ids = (results: SearchResults) => results.results.map((r) => r.documentId)

/** A new draft of the demo group whose text is `paragraphs`, typed by the member over the websocket. */
async function draftWith(title: string, paragraphs: string[]): Promise<{ docId: string; fragment: Y.XmlFragment }> {
  const docId = await createDraft(convener, title)
  const peer = connectPeer(server.wsUrl, docId, { headers: { cookie: member.cookie } })
  peers.push(peer)
  await waitSynced([peer])
  const fragment = peer.doc.getXmlFragment('default')
  peer.doc.transact(() => {
    fragment.insert(
      0,
      paragraphs.map((text) => {
        const paragraph = new Y.XmlElement('paragraph')
        paragraph.insert(0, [new Y.XmlText(text)])
        return paragraph
      }),
    )
  })
  return { docId, fragment }
}

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  ;[convener, member, commenter] = await Promise.all(['zuzhang', 'chengyuan1', 'zhengqiu'].map((u) => login(server, u)))
  sampleId = (await demoGroup(convener)).sampleDocId
  const admin = await login(server, 'admin')
  const password = 'another-group-pass-1'
  const user = await admin.json<{ id: string }>('/users', {
    method: 'POST',
    body: JSON.stringify({ username: 'waizu', displayName: '外组委员', role: 'member', password }),
    expect: 201,
  })
  const group = await admin.json<{ id: string }>('/groups', {
    method: 'POST',
    body: JSON.stringify({ name: '外组' }),
    expect: 201,
  })
  await admin.json(`/groups/${group.id}`, {
    method: 'PATCH',
    body: JSON.stringify({ members: [{ userId: user.id, convener: true }] }),
    expect: 200,
  })
  outsider = await login(server, 'waizu', password)
})

afterAll(async () => {
  for (const peer of peers) peer.destroy()
  await server.kill('SIGKILL')
})

describe('search', () => {
  it('finds words inside Chinese text without spaces, with the sentence around them and the occurrence to jump to', async () => {
    const results = await find(member, '高标准农田')
    const sample = results.results.find((r) => r.documentId === sampleId)
    expect(sample, 'the sample draft holds 高标准农田 several times').toBeDefined()
    // 累计建成高标准农田48.6万亩 … 参与高标准农田建设 … (the demo draft's text)
    expect(sample!.textCount).toBeGreaterThanOrEqual(2)
    const textHits = sample!.hits.filter((h) => h.where === 'text')
    expect(textHits.map((h) => h.where === 'text' && h.occurrence)).toEqual(textHits.map((_, i) => i))
    for (const hit of textHits) expect(hit.snippet.match).toBe('高标准农田')
    const inside = textHits.find((h) => h.snippet.after.startsWith('建设'))
    expect(inside, '高标准农田 found inside …参与高标准农田建设').toBeDefined()
    expect(results.skipped).toBe(0)
  })

  it('shows an outsider nothing, and a commenter only the drafts they were invited to', async () => {
    const { docId } = await draftWith('关于检索权限的建议案', ['进一步加强高标准农田建设的资金保障。'])
    await waitFor(async () => ids(await find(member, '资金保障')).includes(docId), 'the new text to be searchable')

    expect((await find(outsider, '高标准农田')).results).toEqual([])
    expect((await find(outsider, '资金保障')).results).toEqual([])

    const forCommenter = ids(await find(commenter, '高标准农田'))
    expect(forCommenter).toContain(sampleId)
    expect(forCommenter).not.toContain(docId)

    const anonymous = await fetch(`${server.url}/api/search?q=${encodeURIComponent('高标准农田')}`)
    expect(anonymous.status).toBe(401)
  })

  it('finds words that only an earlier version still holds, and words in a comment', async () => {
    const { docId, fragment } = await draftWith('关于检索版本的建议案', ['原先的表述是试点先行逐步推开。'])
    await waitFor(async () => ids(await find(member, '试点先行')).includes(docId), 'the text to be searchable')
    await member.json(`/documents/${docId}/versions`, {
      method: 'POST',
      body: JSON.stringify({ label: '初稿' }),
      expect: 201,
    })
    const text = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText
    fragment.doc!.transact(() => {
      text.delete(0, text.length)
      text.insert(0, '现在的表述是全面推开。')
    })
    await waitFor(async () => {
      const result = (await find(member, '试点先行')).results.find((r) => r.documentId === docId)
      return result?.textCount === 0
    }, 'the live text to no longer hold the words')
    const result = (await find(member, '试点先行')).results.find((r) => r.documentId === docId)!
    expect(result.hits).toEqual([
      {
        where: 'version',
        versionNumber: 1,
        snippet: { before: '原先的表述是', match: '试点先行', after: '逐步推开。' },
      },
    ])

    const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64')
    const anchor = {
      start: encode(Y.createRelativePositionFromTypeIndex(text, 6, 0)),
      end: encode(Y.createRelativePositionFromTypeIndex(text, 8, -1)),
    }
    const thread = await member.json<{ id: string }>(`/documents/${docId}/threads`, {
      method: 'POST',
      body: JSON.stringify({ anchor, body: '建议补充ＰＰＰ模式的具体做法' }),
      expect: 201,
    })
    // Full-width Latin letters are found by half-width ones, and the other way round.
    const byComment = (await find(member, 'ppp')).results.find((r) => r.documentId === docId)
    expect(byComment?.hits).toEqual([
      {
        where: 'thread',
        threadId: thread.id,
        quote: '全面',
        snippet: { before: '建议补充', match: 'ＰＰＰ', after: '模式的具体做法' },
      },
    ])
  })

  it('refuses an empty or overlong query naming the field', async () => {
    for (const q of ['', '   ', '字'.repeat(101)]) {
      const res = await member.api(`/search?q=${encodeURIComponent(q)}`)
      expect(res.status).toBe(400)
      const body = (await res.json()) as { error: { field?: string } }
      expect(body.error.field).toBe('q')
    }
  })
})

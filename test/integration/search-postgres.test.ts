/**
 * 搜索 in the scale-out deployment (PostgreSQL): the trigram index narrows the search down, and the
 * answers are those of reading everything — words found inside Chinese text, never stale after an
 * edit, and nothing in a group the searcher does not belong to. Without PostgreSQL this is skipped
 * with a console line, except under CI.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { SearchResults } from '../../shared/schema.js'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'
import { databaseUrl, freshSchema, probePostgres, servicesRequired, shown } from '../helpers/services.js'

const unreachable = await probePostgres()
if (unreachable !== null) {
  console.warn(
    `PostgreSQL at ${shown(databaseUrl)} unreachable (${unreachable}): search on PostgreSQL was not tested` +
      (servicesRequired ? ' — CI is set, so this fails the run' : ''),
  )
}

describe.skipIf(unreachable !== null && !servicesRequired)('search on PostgreSQL (trigram index)', () => {
  let server: RunningServer
  let schema: Awaited<ReturnType<typeof freshSchema>>
  let db: pg.Pool
  let convener: Session
  let member: Session
  let outsider: Session
  const peers: Peer[] = []

  const find = (s: Session, q: string) => s.json<SearchResults>(`/search?q=${encodeURIComponent(q)}`, { expect: 200 })
  const ids = (results: SearchResults) => results.results.map((r) => r.documentId)

  beforeAll(async () => {
    if (unreachable !== null) throw new Error(`PostgreSQL unreachable: ${unreachable}`)
    schema = await freshSchema()
    db = new pg.Pool({ connectionString: schema.url, max: 1 })
    server = await startServer({ env: { DATABASE_URL: schema.url }, args: ['--demo'] })
    ;[convener, member] = await Promise.all(['zuzhang', 'chengyuan1'].map((u) => login(server, u)))
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
    await server?.kill('SIGKILL')
    await db?.end()
    await schema?.drop()
  })

  it('finds 高标准农田 inside 加强高标准农田建设 through the index, and sees an edit at once', async () => {
    const docId = await createDraft(convener, '关于检索索引的建议案')
    const peer = connectPeer(server.wsUrl, docId, { headers: { cookie: member.cookie } })
    peers.push(peer)
    await waitSynced([peer])
    const fragment = peer.doc.getXmlFragment('default')
    const text = new Y.XmlText('要加强高标准农田建设。')
    peer.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [text])
      fragment.insert(0, [paragraph])
    })
    await waitFor(async () => ids(await find(member, '高标准农田')).includes(docId), 'the text to be searchable')

    const result = (await find(member, '高标准农田')).results.find((r) => r.documentId === docId)!
    expect(result.textCount).toBe(1)
    expect(result.hits[0]).toEqual({
      where: 'text',
      occurrence: 0,
      snippet: { before: '要加强', match: '高标准农田', after: '建设。' },
    })
    // The search indexed the document's text, folded, at its current content.
    const { rows } = await db.query<{ text: string }>('SELECT text FROM document_search_text WHERE doc_id = $1', [
      docId,
    ])
    expect(rows).toEqual([{ text: '要加强高标准农田建设。' }])

    // Edited: the index is stale for it, so the next search reads it again.
    peer.doc.transact(() => {
      text.delete(0, text.length)
      text.insert(0, '要推进水利设施建设。')
    })
    await waitFor(async () => {
      const again = (await find(member, '水利设施')).results.find((r) => r.documentId === docId)
      return again?.textCount === 1
    }, 'the edit to be searchable')
    expect(ids(await find(member, '高标准农田'))).not.toContain(docId)
  })

  it('refreshes a document’s indexed text in the background once its edits are stored, and after its room unloads, without any search', async () => {
    const docId = await createDraft(convener, '关于后台刷新检索文本的建议案')
    /** The document's indexed text when it is current (its stamp the content's seq now), else null. */
    const freshText = async () => {
      const { rows } = await db.query<{ text: string; current: boolean }>(
        `SELECT t.text,
                t.stamp = coalesce((SELECT max(u.seq) FROM document_updates u WHERE u.doc_id = t.doc_id),
                                   (SELECT s.upto_seq FROM document_states s WHERE s.doc_id = t.doc_id), 0) AS current
           FROM document_search_text t WHERE t.doc_id = $1`,
        [docId],
      )
      return rows[0]?.current ? rows[0].text : null
    }
    const storedUpdates = async () =>
      Number(
        (await db.query<{ n: string }>('SELECT count(*) AS n FROM document_updates WHERE doc_id = $1', [docId])).rows[0]
          .n,
      )
    const peer = connectPeer(server.wsUrl, docId, { headers: { cookie: member.cookie } })
    peers.push(peer)
    await waitSynced([peer])
    const fragment = peer.doc.getXmlFragment('default')
    const paragraph = (words: string) => {
      const element = new Y.XmlElement('paragraph')
      element.insert(0, [new Y.XmlText(words)])
      return element
    }

    // While the editor stays: refreshed once the edits are stored and quiet.
    fragment.insert(0, [paragraph('完善农田水利设施管护机制。')])
    await expect.poll(freshText).toBe('完善农田水利设施管护机制。')

    // The editor types once more and leaves as soon as the server has stored it: the room unloads.
    const before = await storedUpdates()
    fragment.insert(1, [paragraph('建立健全长效投入机制。')])
    await expect.poll(storedUpdates).toBeGreaterThan(before)
    peer.destroy()
    await expect.poll(freshText).toBe('完善农田水利设施管护机制。\n建立健全长效投入机制。')
  })

  it('shows an outsider nothing, with words long enough for the index and shorter ones', async () => {
    expect(ids(await find(member, '高标准农田')).length).toBeGreaterThan(0)
    expect((await find(outsider, '高标准农田')).results).toEqual([])
    expect((await find(outsider, '农田')).results).toEqual([])
    expect((await find(outsider, '水利设施')).results).toEqual([])
  })
})

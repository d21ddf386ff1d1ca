/**
 * Every comment route × every relation to the document, asserted: comments belong to their
 * authors whatever a client sends, and people outside the document learn nothing of it.
 */
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

type Actor = 'author' | 'member' | 'convener' | 'chair' | 'commenter' | 'secretary' | 'outsider'

let server: RunningServer
const as = {} as Record<Actor, Session>
let docId: string
let reader: Peer

beforeAll(async () => {
  // Dropped updates are mentioned at debug level only, once per socket.
  server = await startServer({ args: ['--demo'], env: { LOG_LEVEL: 'debug' } })
  const [author, member, convener, chair, commenter, secretary, admin] = await Promise.all(
    ['chengyuan1', 'chengyuan2', 'zuzhang', 'zhuxi', 'zhengqiu', 'mishu', 'admin'].map((u) => login(server, u)),
  )
  Object.assign(as, { author, member, convener, chair, commenter, secretary })
  // The outsider convenes a group of their own.
  const outsiderUser = await admin.json('/users', {
    method: 'POST',
    body: JSON.stringify({ username: 'waizu', displayName: '外组委员', role: 'member', password: 'waizu-password' }),
    expect: 201,
  })
  const group = await admin.json('/groups', { method: 'POST', body: JSON.stringify({ name: '外组' }), expect: 201 })
  await admin.json(`/groups/${group.id}`, {
    method: 'PATCH',
    body: JSON.stringify({ members: [{ userId: outsiderUser.id, convener: true }] }),
    expect: 200,
  })
  as.outsider = await login(server, 'waizu', 'waizu-password')
  // The sample draft: the demo invites the commenter to it.
  docId = (await demoGroup(convener)).sampleDocId
  reader = connectPeer(server.wsUrl, docId, { headers: { cookie: author.cookie } })
  await waitSynced([reader])
})
afterAll(async () => {
  reader?.destroy()
  await server.kill('SIGKILL')
})

/** An anchor on characters `from`..`to` of the first paragraph of the sample draft. */
function anchor(from = 2, to = 6) {
  const text = reader.doc
    .getXmlFragment('default')
    .toArray()
    .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph')!
    .get(0) as Y.XmlText
  const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64')
  return {
    start: encode(Y.createRelativePositionFromTypeIndex(text, from, 0)),
    end: encode(Y.createRelativePositionFromTypeIndex(text, to, -1)),
  }
}

/** A fresh thread opened by the author, so that a row that changes it changes nothing shared. */
async function authorsThread(): Promise<{ threadId: string; commentId: string }> {
  const thread = await as.author.json(`/documents/${docId}/threads`, {
    method: 'POST',
    body: JSON.stringify({ anchor: anchor(), body: '作者的意见' }),
    expect: 201,
  })
  return { threadId: thread.id, commentId: thread.comments[0].id }
}

interface Route {
  name: string
  request(ids: { threadId: string; commentId: string }): { path: string; init: RequestInit }
  expected: Record<Actor, number>
}

const readersOnly = { secretary: 404, outsider: 404 } as const
const routes: Route[] = [
  {
    name: 'GET threads',
    request: () => ({ path: `/documents/${docId}/threads`, init: {} }),
    expected: { author: 200, member: 200, convener: 200, chair: 200, commenter: 200, ...readersOnly },
  },
  {
    name: 'POST thread',
    request: () => ({
      path: `/documents/${docId}/threads`,
      init: { method: 'POST', body: JSON.stringify({ anchor: anchor(), body: '意见' }) },
    }),
    expected: { author: 201, member: 201, convener: 201, chair: 201, commenter: 201, ...readersOnly },
  },
  {
    name: 'POST reply',
    request: ({ threadId }) => ({
      path: `/documents/${docId}/threads/${threadId}/comments`,
      init: { method: 'POST', body: JSON.stringify({ body: '回复' }) },
    }),
    expected: { author: 201, member: 201, convener: 201, chair: 201, commenter: 201, ...readersOnly },
  },
  {
    name: "PATCH the author's comment",
    request: ({ threadId, commentId }) => ({
      path: `/documents/${docId}/threads/${threadId}/comments/${commentId}`,
      init: { method: 'PATCH', body: JSON.stringify({ body: '改写' }) },
    }),
    expected: { author: 200, member: 403, convener: 403, chair: 403, commenter: 403, ...readersOnly },
  },
  {
    name: "DELETE the author's comment",
    request: ({ threadId, commentId }) => ({
      path: `/documents/${docId}/threads/${threadId}/comments/${commentId}`,
      init: { method: 'DELETE' },
    }),
    expected: { author: 200, member: 403, convener: 403, chair: 403, commenter: 403, ...readersOnly },
  },
  {
    name: "PUT resolution of the author's thread",
    request: ({ threadId }) => ({
      path: `/documents/${docId}/threads/${threadId}/resolution`,
      init: { method: 'PUT', body: JSON.stringify({ resolved: true }) },
    }),
    expected: { author: 200, member: 403, convener: 200, chair: 200, commenter: 403, ...readersOnly },
  },
  {
    name: 'PUT disposition (意见处理)',
    request: ({ threadId }) => ({
      path: `/documents/${docId}/threads/${threadId}/disposition`,
      init: { method: 'PUT', body: JSON.stringify({ kind: 'adopted', rationale: '已吸收' }) },
    }),
    expected: { author: 403, member: 403, convener: 200, chair: 403, commenter: 403, ...readersOnly },
  },
  {
    name: 'POST mentions/read',
    request: ({ commentId }) => ({
      path: `/documents/${docId}/mentions/read`,
      init: { method: 'POST', body: JSON.stringify({ commentIds: [commentId] }) },
    }),
    expected: { author: 204, member: 204, convener: 204, chair: 204, commenter: 204, ...readersOnly },
  },
  {
    name: 'GET opinions.csv',
    request: () => ({ path: `/documents/${docId}/opinions.csv`, init: {} }),
    expected: { author: 403, member: 403, convener: 200, chair: 200, commenter: 403, ...readersOnly },
  },
  {
    name: 'GET opinions.docx',
    request: () => ({ path: `/documents/${docId}/opinions.docx`, init: {} }),
    expected: { author: 403, member: 403, convener: 200, chair: 200, commenter: 403, ...readersOnly },
  },
]

const actors: Actor[] = ['author', 'member', 'convener', 'chair', 'commenter', 'secretary', 'outsider']
const rows = routes.flatMap((route) => actors.map((actor) => ({ route, actor, status: route.expected[actor] })))

describe('who may do what with comments', () => {
  it.each(rows)('$actor → $route.name → $status', async ({ route, actor, status }) => {
    const { path, init } = route.request(await authorsThread())
    const res = await as[actor].api(path, init)
    expect(res.status).toBe(status)
  })

  it('tells each reader, with the document, exactly the thread actions the routes above allow them', async () => {
    const allowed = (name: string, actor: Actor) => {
      const status = routes.find((r) => r.name === name)!.expected[actor]
      return status >= 200 && status < 300
    }
    for (const actor of ['author', 'member', 'convener', 'chair', 'commenter'] as const) {
      const { abilities } = await as[actor].json(`/documents/${docId}`, { expect: 200 })
      const resolvesTheAuthors = allowed("PUT resolution of the author's thread", actor)
      // The author resolves their own thread; anyone else only through resolving any thread.
      expect(actor === 'author' ? abilities.resolveOwnThreads : abilities.resolveAnyThread, actor).toBe(
        resolvesTheAuthors,
      )
      expect(abilities.resolveOwnThreads, actor).toBe(allowed('POST thread', actor))
      expect(abilities.dispose, actor).toBe(allowed('PUT disposition (意见处理)', actor))
      expect(abilities.exportOpinionTable, actor).toBe(allowed('GET opinions.csv', actor))
    }
  })

  it('refuses anonymous requests with 401', async () => {
    expect((await fetch(`${server.url}/api/documents/${docId}/threads`)).status).toBe(401)
  })

  it('gives a hidden document the same 404 body as a missing one', async () => {
    const hidden = await as.outsider.api(`/documents/${docId}/threads`)
    const missing = await as.outsider.api('/documents/AAAAAAAAAAAAAAAA/threads')
    expect(await hidden.json()).toEqual(await missing.json())
  })

  it('keeps a comment’s author and text when someone else tries to change it', async () => {
    const { threadId, commentId } = await authorsThread()
    await as.convener.api(`/documents/${docId}/threads/${threadId}/comments/${commentId}`, {
      method: 'PATCH',
      body: JSON.stringify({ body: '篡改' }),
    })
    const { threads } = await as.author.json(`/documents/${docId}/threads`)
    const comment = threads.find((t: any) => t.id === threadId).comments[0]
    expect(comment).toMatchObject({ authorId: as.author.userId, body: '作者的意见', deleted: false })
  })

  it('ignores an author sent by the client: the session decides', async () => {
    const thread = await as.member.json(`/documents/${docId}/threads`, {
      method: 'POST',
      body: JSON.stringify({ anchor: anchor(), body: '我的意见', authorId: as.author.userId }),
      expect: 201,
    })
    expect(thread.authorId).toBe(as.member.userId)
    expect(thread.comments[0].authorId).toBe(as.member.userId)
  })

  it('answers 400 for an empty or oversized body', async () => {
    for (const body of ['', '   ', '长'.repeat(10_001)]) {
      const res = await as.member.api(`/documents/${docId}/threads`, {
        method: 'POST',
        body: JSON.stringify({ anchor: anchor(), body }),
      })
      expect(res.status).toBe(400)
      expect((await res.json()).error.field).toBe('body')
    }
  })
})

describe('a commenter, whose socket is read-only', () => {
  it('opens a thread anchored by the server while the updates their socket sends are still dropped', async () => {
    const before = reader.doc.getXmlFragment('default').toJSON()
    const thread = await as.commenter.json(`/documents/${docId}/threads`, {
      method: 'POST',
      body: JSON.stringify({ anchor: anchor(0, 4), body: '建议补充数据来源' }),
      expect: 201,
    })
    expect(thread.quote.length).toBe(4)
    expect(thread.authorId).toBe(as.commenter.userId)

    // The same person sends an edit over their socket: it must not land.
    const forged = new Y.Doc()
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(reader.doc))
    const sv = Y.encodeStateVector(forged)
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('征求意见人直接改稿')])
    forged.getXmlFragment('default').insert(0, [paragraph])
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(forged, sv))
    const ws = new WebSocket(`${server.wsUrl}/collab/${docId}`, { headers: { cookie: as.commenter.cookie } })
    await new Promise((resolve) => ws.once('open', resolve))
    ws.send(encoding.toUint8Array(encoder))
    await waitFor(
      () => /dropped an update from read-only socket .*zhengqiu/.test(server.output()),
      'the server to drop and log the update',
    )
    ws.close()

    const fresh = connectPeer(server.wsUrl, docId, { headers: { cookie: as.author.cookie } })
    try {
      await waitSynced([fresh])
      expect(fresh.doc.getXmlFragment('default').toJSON()).toBe(before)
      const { threads } = await as.author.json(`/documents/${docId}/threads`)
      expect(threads.map((t: any) => t.id)).toContain(thread.id)
    } finally {
      fresh.destroy()
    }
  })
})

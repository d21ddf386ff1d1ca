/**
 * Every suggestion route × every kind of actor, asserted one cell at a time: who may propose,
 * change, withdraw and decide, on a draft and on an approved document; people outside the document
 * learn nothing of it, and the abilities each reader is sent match what the routes answer them.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { apiFetch, demoGroup, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

const actors = [
  'anonymous',
  'admin',
  'convener',
  'member',
  'chair',
  'secretary',
  'commenter',
  'outsider',
  'disabled',
] as const
type ActorName = (typeof actors)[number]
type SignedIn = Exclude<ActorName, 'anonymous'>
type Expected = Record<ActorName, number>

const otherPassword = 'waizu-passwort-1'

let server: RunningServer
const sessions = {} as Record<SignedIn, Session>
/** Another member of the group: the author of the suggestions others act on. */
let author: Session
let sampleId: string
let approvedId: string
/** A suggestion on the approved document, opened before it was approved. */
let openOnApproved: string
const readers: Peer[] = []

function as(actor: ActorName, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const cookie = actor === 'anonymous' ? undefined : sessions[actor].cookie
  const { json, ...rest } = init
  return apiFetch(server, cookie)(path, json === undefined ? rest : { ...rest, body: JSON.stringify(json) })
}

/** A returned .docx (test/fixtures/import/returned) uploaded as `actor`, from an outside unit. */
function importAs(actor: ActorName, docId: string): Promise<Response> {
  const form = new FormData()
  const bytes = readFileSync(new URL('../fixtures/import/returned/returned.docx', import.meta.url))
  form.set('file', new File([bytes], '返回稿.docx'))
  form.set('fromUnit', '市财政局')
  const cookie = actor === 'anonymous' ? undefined : sessions[actor].cookie
  return fetch(`${server.url}/api/documents/${docId}/returned-drafts`, {
    method: 'POST',
    body: form,
    headers: cookie ? { cookie } : {},
  })
}

async function status(response: Promise<Response>): Promise<number> {
  const res = await response
  await res.arrayBuffer()
  return res.status
}

/** A live copy of a document, to make anchors from. */
async function reader(docId: string): Promise<Peer> {
  const peer = connectPeer(server.wsUrl, docId, { headers: { cookie: sessions.convener.cookie } })
  readers.push(peer)
  await waitSynced([peer])
  return peer
}

const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64')

/** Two characters of the first paragraph that has text, as the document is now. */
function someWords(peer: Peer) {
  const text = peer.doc
    .getXmlFragment('default')
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph')
    .map((p) => p.get(0))
    .find((t): t is Y.XmlText => t instanceof Y.XmlText && t.length >= 4)!
  return {
    start: encode(Y.createRelativePositionFromTypeIndex(text, 1, 0)),
    end: encode(Y.createRelativePositionFromTypeIndex(text, 3, -1)),
  }
}

let samplePeer: Peer

async function suggestionBy(session: Session, docId = sampleId, peer = samplePeer): Promise<string> {
  const thread = await session.json<{ id: string }>(`/documents/${docId}/suggestions`, {
    method: 'POST',
    body: JSON.stringify({ anchor: someWords(peer), insert: '修订' }),
    expect: 201,
  })
  return thread.id
}

/** The actor's own suggestion when they may make one, else the author's (whatever they may not reach). */
async function ownSuggestion(actor: ActorName): Promise<string> {
  const suggests = ['convener', 'member', 'chair', 'commenter'].includes(actor)
  return suggestionBy(suggests ? sessions[actor as SignedIn] : author)
}

/** Anonymous and disabled users: 401; people who may not read the document: 404; its readers as given. */
const onDraft = (readersGet: Partial<Expected>): Expected => ({
  anonymous: 401,
  disabled: 401,
  admin: 404,
  secretary: 404,
  outsider: 404,
  convener: 0,
  member: 0,
  chair: 0,
  commenter: 0,
  ...readersGet,
})
/** On an approved document the secretary reads too. */
const onApproved = (readersGet: number): Expected => ({
  ...onDraft({ convener: readersGet, member: readersGet, chair: readersGet, commenter: readersGet }),
  secretary: readersGet,
})

interface Row {
  route: string
  expect: Expected
  call(actor: ActorName): Promise<number>
}

const rows: Row[] = [
  {
    route: 'GET /documents/:id/threads (suggestions included)',
    expect: onDraft({ convener: 200, member: 200, chair: 200, commenter: 200 }),
    call: (a) => status(as(a, `/documents/${sampleId}/threads`)),
  },
  {
    route: 'POST /documents/:id/suggestions',
    expect: onDraft({ convener: 201, member: 201, chair: 201, commenter: 201 }),
    call: (a) =>
      status(
        as(a, `/documents/${sampleId}/suggestions`, {
          method: 'POST',
          json: { anchor: someWords(samplePeer), insert: '修订', note: '理由' },
        }),
      ),
  },
  {
    route: 'PUT /documents/:id/suggestions/:threadId (own)',
    expect: onDraft({ convener: 200, member: 200, chair: 200, commenter: 200 }),
    call: async (a) => {
      const id = await ownSuggestion(a)
      return status(
        as(a, `/documents/${sampleId}/suggestions/${id}`, {
          method: 'PUT',
          json: { anchor: someWords(samplePeer), insert: '再修订' },
        }),
      )
    },
  },
  {
    route: "PUT /documents/:id/suggestions/:threadId (another's)",
    expect: onDraft({ convener: 403, member: 403, chair: 403, commenter: 403 }),
    call: async (a) => {
      const id = await suggestionBy(author)
      return status(
        as(a, `/documents/${sampleId}/suggestions/${id}`, {
          method: 'PUT',
          json: { anchor: someWords(samplePeer), insert: '篡改' },
        }),
      )
    },
  },
  {
    route: 'DELETE /documents/:id/suggestions/:threadId (own)',
    expect: onDraft({ convener: 200, member: 200, chair: 200, commenter: 200 }),
    call: async (a) =>
      status(as(a, `/documents/${sampleId}/suggestions/${await ownSuggestion(a)}`, { method: 'DELETE' })),
  },
  {
    route: "DELETE /documents/:id/suggestions/:threadId (another's)",
    expect: onDraft({ convener: 403, member: 403, chair: 403, commenter: 403 }),
    call: async (a) =>
      status(as(a, `/documents/${sampleId}/suggestions/${await suggestionBy(author)}`, { method: 'DELETE' })),
  },
  {
    route: 'POST /documents/:id/suggestions/:threadId/decision (accept)',
    expect: onDraft({ convener: 200, member: 200, chair: 403, commenter: 403 }),
    call: async (a) =>
      status(
        as(a, `/documents/${sampleId}/suggestions/${await suggestionBy(author)}/decision`, {
          method: 'POST',
          json: { decision: 'accept', rationale: '采纳' },
        }),
      ),
  },
  {
    route: 'POST /documents/:id/suggestions/:threadId/decision (reject)',
    expect: onDraft({ convener: 200, member: 200, chair: 403, commenter: 403 }),
    call: async (a) =>
      status(
        as(a, `/documents/${sampleId}/suggestions/${await suggestionBy(author)}/decision`, {
          method: 'POST',
          json: { decision: 'reject' },
        }),
      ),
  },
  {
    route: 'POST /documents/:id/suggestions/decisions',
    expect: onDraft({ convener: 200, member: 200, chair: 403, commenter: 403 }),
    call: async (a) => {
      await suggestionBy(author)
      return status(
        as(a, `/documents/${sampleId}/suggestions/decisions`, {
          method: 'POST',
          json: { decision: 'reject', authorId: author.userId },
        }),
      )
    },
  },
  {
    route: 'POST /documents/:id/returned-drafts',
    expect: onDraft({ convener: 201, member: 201, chair: 403, commenter: 403 }),
    call: (a) => status(importAs(a, sampleId)),
  },
  {
    route: 'GET /documents/:id/returned-drafts/senders',
    expect: onDraft({ convener: 200, member: 200, chair: 403, commenter: 403 }),
    call: (a) => status(as(a, `/documents/${sampleId}/returned-drafts/senders`)),
  },
]

const approvedRows: Row[] = [
  {
    route: 'POST /documents/:id/suggestions (approved)',
    expect: onApproved(409),
    call: (a) =>
      status(
        as(a, `/documents/${approvedId}/suggestions`, {
          method: 'POST',
          json: { anchor: { start: 'AAAA', end: 'AAAA' }, insert: '修订' },
        }),
      ),
  },
  {
    route: 'POST /documents/:id/suggestions/:threadId/decision (approved)',
    expect: onApproved(409),
    call: (a) =>
      status(
        as(a, `/documents/${approvedId}/suggestions/${openOnApproved}/decision`, {
          method: 'POST',
          json: { decision: 'accept' },
        }),
      ),
  },
  {
    route: 'DELETE /documents/:id/suggestions/:threadId (approved, the author)',
    expect: onApproved(409),
    call: (a) => status(as(a, `/documents/${approvedId}/suggestions/${openOnApproved}`, { method: 'DELETE' })),
  },
  {
    route: 'POST /documents/:id/returned-drafts (approved)',
    expect: onApproved(409),
    call: (a) => status(importAs(a, approvedId)),
  },
  {
    route: 'GET /documents/:id/returned-drafts/senders (approved)',
    expect: onApproved(409),
    call: (a) => status(as(a, `/documents/${approvedId}/returned-drafts/senders`)),
  },
]

function cellTests(table: Row[]): void {
  for (const row of table) {
    for (const actor of actors) {
      const expected = row.expect[actor]
      it(`${actor} → ${row.route} → ${expected}`, async () => {
        expect(await row.call(actor)).toBe(expected)
      })
    }
  }
}

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  const [admin, convener, member, chair, secretary, commenter, member2] = await Promise.all(
    ['admin', 'zuzhang', 'chengyuan1', 'zhuxi', 'mishu', 'zhengqiu', 'chengyuan2'].map((name) => login(server, name)),
  )
  Object.assign(sessions, { admin, convener, member, chair, secretary, commenter })
  author = member2
  const demo = await demoGroup(convener)
  sampleId = demo.sampleDocId

  const create = (username: string, displayName: string) =>
    admin.json<{ id: string }>('/users', {
      method: 'POST',
      body: JSON.stringify({ username, displayName, role: 'member', password: otherPassword }),
      expect: 201,
    })
  const [outsider, disabled] = await Promise.all([create('waizu', '外组委员'), create('tingyong', '已停用委员')])
  const other = await admin.json<{ id: string }>('/groups', {
    method: 'POST',
    body: JSON.stringify({ name: '外组' }),
    expect: 201,
  })
  await admin.json(`/groups/${other.id}`, {
    method: 'PATCH',
    body: JSON.stringify({ members: [{ userId: outsider.id, convener: true }] }),
    expect: 200,
  })
  // The disabled user was a member of the demo group: a stale cookie would otherwise open everything.
  const group = await admin.json<{ members: { userId: string; convener: boolean }[] }>(`/groups/${demo.groupId}`, {
    expect: 200,
  })
  await admin.json(`/groups/${demo.groupId}`, {
    method: 'PATCH',
    body: JSON.stringify({ members: [...group.members, { userId: disabled.id, convener: false }] }),
    expect: 200,
  })
  sessions.outsider = await login(server, 'waizu', otherPassword)
  sessions.disabled = await login(server, 'tingyong', otherPassword)
  await admin.json(`/users/${disabled.id}`, { method: 'PATCH', body: JSON.stringify({ active: false }), expect: 200 })

  samplePeer = await reader(sampleId)

  // A second draft, with a suggestion open on it, approved by the chair.
  approvedId = (
    await convener.json<{ id: string }>('/documents', {
      method: 'POST',
      body: JSON.stringify({ title: '关于审定后修订的建议案', groupId: demo.groupId }),
      expect: 201,
    })
  ).id
  await convener.json(`/documents/${approvedId}/invitations`, {
    method: 'POST',
    body: JSON.stringify({ username: 'zhengqiu', until: null }),
    expect: 201,
  })
  const approvedPeer = await reader(approvedId)
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText('审定前提出的修订。')])
  approvedPeer.doc.getXmlFragment('default').insert(0, [paragraph])
  // Anchors must name characters the server already has.
  const check = await reader(approvedId)
  await waitFor(
    () => check.doc.getXmlFragment('default').toString().includes('审定前提出的修订'),
    'the text to reach the server',
  )
  openOnApproved = await suggestionBy(author, approvedId, approvedPeer)
  await convener.json(`/documents/${approvedId}/workflow/submit`, {
    method: 'POST',
    body: JSON.stringify({ note: '请审定' }),
    expect: 200,
  })
  await chair.json(`/documents/${approvedId}/workflow/approve`, {
    method: 'POST',
    body: JSON.stringify({ opinion: '同意' }),
    expect: 200,
  })
})

afterAll(async () => {
  for (const peer of readers) peer.destroy()
  await server?.kill('SIGKILL')
})

describe('who may do what with suggestions on a draft', () => {
  cellTests(rows)

  it('tells each reader, with the document, exactly the suggestion actions the routes above allow them', async () => {
    const allowed = (route: string, actor: ActorName) => {
      const code = rows.find((r) => r.route === route)!.expect[actor]
      return code >= 200 && code < 300
    }
    for (const actor of ['convener', 'member', 'chair', 'commenter'] as const) {
      const view = await sessions[actor].json(`/documents/${sampleId}`, { expect: 200 })
      expect(view.abilities.suggest, actor).toBe(allowed('POST /documents/:id/suggestions', actor))
      expect(view.abilities.decideSuggestions, actor).toBe(
        allowed('POST /documents/:id/suggestions/:threadId/decision (accept)', actor),
      )
      expect(view.abilities.importReturnedDraft, actor).toBe(allowed('POST /documents/:id/returned-drafts', actor))
      // 修订 only: those who may suggest but whose socket is read-only.
      expect(view.abilities.suggestOnly, actor).toBe(view.abilities.suggest && !view.access.edit)
    }
  })

  it('gives a hidden document’s suggestion routes the same 404 body as a missing document’s', async () => {
    const id = await suggestionBy(author)
    const hiddenImport = await importAs('outsider', sampleId)
    const missingImport = await importAs('outsider', 'AAAAAAAAAAAAAAAA')
    expect(hiddenImport.status).toBe(404)
    expect(await hiddenImport.json()).toEqual(await missingImport.json())
    for (const [path, init] of [
      ['/suggestions', { method: 'POST', json: { anchor: someWords(samplePeer), insert: '字' } }],
      [`/suggestions/${id}`, { method: 'DELETE' }],
      [`/suggestions/${id}/decision`, { method: 'POST', json: { decision: 'reject' } }],
    ] as const) {
      const hidden = await as('outsider', `/documents/${sampleId}${path}`, init)
      const missing = await as('outsider', `/documents/AAAAAAAAAAAAAAAA${path}`, init)
      expect(hidden.status, path).toBe(404)
      expect(await hidden.json(), path).toEqual(await missing.json())
    }
  })

  it('ignores an author sent by the client: the session decides', async () => {
    const res = await as('commenter', `/documents/${sampleId}/suggestions`, {
      method: 'POST',
      json: { anchor: someWords(samplePeer), insert: '字', authorId: author.userId },
    })
    expect(res.status).toBe(201)
    expect((await res.json()).authorId).toBe(sessions.commenter.userId)
  })
})

describe('who may do what with suggestions on an approved document', () => {
  cellTests(approvedRows)

  it('offers nobody to suggest or decide there', async () => {
    for (const actor of ['convener', 'member', 'chair', 'secretary', 'commenter'] as const) {
      const { abilities } = await sessions[actor].json(`/documents/${approvedId}`, { expect: 200 })
      expect(
        [abilities.suggest, abilities.suggestOnly, abilities.decideSuggestions, abilities.importReturnedDraft],
        actor,
      ).toEqual([false, false, false, false])
    }
  })
})

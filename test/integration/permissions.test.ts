/**
 * The permission matrix: every HTTP route × every kind of actor → the status the server answers,
 * one test per cell, against one demo server. Printed as a Markdown table at the end.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { apiFetch, demoGroup, demoPassword, login, type Session } from '../helpers/accounts.js'
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

/** Who each column is, for the printed table. */
const columnTitle: Record<ActorName, string> = {
  anonymous: 'anonymous',
  admin: 'admin',
  convener: 'convener (zuzhang)',
  member: 'member (chengyuan1)',
  chair: 'chair (zhuxi)',
  secretary: 'secretary (mishu)',
  commenter: 'commenter (zhengqiu)',
  outsider: 'other group’s member',
  disabled: 'disabled user',
}

const otherPassword = 'waizu-passwort-1'
const unknownDocId = 'AAAAAAAAAAAAAAAA'

let server: RunningServer
const sessions = {} as Record<SignedIn, Session>
const passwordOf = (actor: SignedIn) => (actor === 'outsider' || actor === 'disabled' ? otherPassword : demoPassword)

/** Ids of what the rows act on. */
const ids = {
  group: '',
  otherGroup: '',
  scratchGroup: '',
  sample: '',
  secondDraft: '',
  otherDoc: '',
  /** A 调研报告 of the demo group, with one saved version: it has no 送审 or 审定 for anyone. */
  report: '',
  scratchUser: '',
  commenter2: '',
  /** The demo's 建议案 that was approved, sent and followed up (demo-follow-up.ts). */
  sent: '',
}

/** The documents of the demo's investigation (demo-investigation.ts), read by the group like the sample. */
const demoPapers: string[] = []

/** Observed status (or socket outcome) per route and actor, printed at the end. */
const observed = new Map<string, Map<ActorName, { got: string; expected: string }>>()

function as(actor: ActorName, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const cookie = actor === 'anonymous' ? undefined : sessions[actor].cookie
  const { json, ...rest } = init
  return apiFetch(server, cookie)(path, json === undefined ? rest : { ...rest, body: JSON.stringify(json) })
}

/** GET as an actor against the current server (sessions survive restarts; their `json` is bound to the first). */
async function getJson<T>(actor: SignedIn, path: string, expected = 200): Promise<T> {
  const res = await as(actor, path)
  expect(res.status, `${actor} GET ${path}`).toBe(expected)
  return (await res.json()) as T
}

async function freshDraft(title = '关于推进数字乡村建设的建议案'): Promise<string> {
  const res = await as('convener', '/documents', { method: 'POST', json: { title, groupId: ids.group } })
  expect(res.status, 'the convener creates a draft').toBe(201)
  return ((await res.json()) as { id: string }).id
}

async function invite(docId: string, username: string): Promise<void> {
  const res = await as('convener', `/documents/${docId}/invitations`, {
    method: 'POST',
    json: { username, until: null },
  })
  expect(res.status, `the convener invites ${username}`).toBe(201)
}

// ── websocket probing ──────────────────────────────────────────────────────────

type SocketOutcome = 'read-write' | 'read-only' | number

function syncFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/**
 * Opens a raw socket and tells what it may do: the close code of a refusal, or whether an update
 * sent over it is in the document the server sends back (sync step 2 to an empty state vector).
 * The server handles one socket's frames in order, so the answer reflects the update.
 */
async function probeSocket(actor: ActorName, docId: string): Promise<SocketOutcome> {
  const cookie = actor === 'anonymous' ? undefined : sessions[actor].cookie
  const ws = new WebSocket(`${server.wsUrl}/collab/${docId}`, cookie ? { headers: { cookie } } : {})
  const seen = new Y.Doc()
  let closed: number | null = null
  let admitted = false
  let fullState = false
  ws.on('message', (data) => {
    admitted = true
    const decoder = decoding.createDecoder(new Uint8Array(data as Buffer))
    if (decoding.readVarUint(decoder) !== 0) return
    if (
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), seen, 'server') ===
      syncProtocol.messageYjsSyncStep2
    )
      fullState = true
  })
  ws.on('close', (code) => (closed = code))
  ws.on('error', () => {})
  try {
    await waitFor(() => admitted || closed !== null, `${actor}'s socket to be admitted or refused`)
    if (!admitted) return closed!
    const marker = `${actor} 试图修改 ${Math.random()}`
    const attempt = new Y.Doc()
    attempt.getText('probe').insert(0, marker)
    ws.send(syncFrame((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(attempt))))
    ws.send(syncFrame((e) => syncProtocol.writeSyncStep1(e, new Y.Doc())))
    await waitFor(() => fullState || closed !== null, `the full state for ${actor}`)
    if (!fullState) return closed!
    return seen.getText('probe').toString().includes(marker) ? 'read-write' : 'read-only'
  } finally {
    ws.terminate()
  }
}

/** The whole stored state of a document, read over a convener's socket. */
async function stateVector(docId: string): Promise<Record<number, number>> {
  const ws = new WebSocket(`${server.wsUrl}/collab/${docId}`, { headers: { cookie: sessions.convener.cookie } })
  const seen = new Y.Doc()
  let fullState = false
  ws.on('message', (data) => {
    const decoder = decoding.createDecoder(new Uint8Array(data as Buffer))
    if (decoding.readVarUint(decoder) !== 0) return
    if (
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), seen, 'server') ===
      syncProtocol.messageYjsSyncStep2
    )
      fullState = true
  })
  ws.on('error', () => {})
  try {
    await new Promise((resolve) => ws.once('open', resolve))
    ws.send(syncFrame((e) => syncProtocol.writeSyncStep1(e, new Y.Doc())))
    await waitFor(() => fullState, 'the full state of the document')
    return Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(seen)))
  } finally {
    ws.terminate()
  }
}

// ── expected statuses ──────────────────────────────────────────────────────────

type Expected = Record<ActorName, number | string>

/** Anonymous and disabled users: 401; everyone else as given. */
function signedIn(others: number | string, overrides: Partial<Expected> = {}): Expected {
  const table = Object.fromEntries(actors.map((a) => [a, others])) as Expected
  return { ...table, anonymous: 401, disabled: 401, ...overrides }
}
const adminOnly = (ok: number) => signedIn(403, { admin: ok })
/** A document route: `ok` for its conveners, 403 for its other readers, 404 for everyone who may not read it. */
const managers = (ok: number) => signedIn(404, { convener: ok, member: 403, chair: 403, commenter: 403 })
/** Readers of a draft of the demo group. */
const draftReaders = (ok: number) => signedIn(404, { convener: ok, member: ok, chair: ok, commenter: ok })

/** A group's investigation space: its members keep it; its chairs, secretaries and admins read it; others do not know it. */
const spaceKeepers = (ok: number) => signedIn(403, { convener: ok, member: ok, commenter: 404, outsider: 404 })

const activity = {
  activityKind: 'forum',
  title: '农业农村部门座谈会',
  date: '2026-03-12',
  place: '市政协三楼会议室',
  host: '张组长',
  participants: '市农业农村局、市财政局',
  notes: '',
}

/** An activity of the demo group, added by its convener; its id. */
async function newActivity(): Promise<string> {
  const res = await as('convener', `/groups/${ids.group}/activities`, { method: 'POST', json: activity })
  expect(res.status, 'the convener adds an activity').toBe(201)
  return ((await res.json()) as { id: string }).id
}

interface Row {
  route: string
  expect: Expected
  call(actor: ActorName): Promise<number | string>
}

const status = async (response: Promise<Response>) => {
  const res = await response
  await res.arrayBuffer()
  return res.status
}

const httpRows: Row[] = [
  {
    route: 'GET /health',
    expect: Object.fromEntries(actors.map((a) => [a, 200])) as Expected,
    call: (a) => status(as(a, '/health')),
  },
  { route: 'GET /auth/me', expect: signedIn(200), call: (a) => status(as(a, '/auth/me')) },
  {
    route: 'POST /auth/password',
    expect: signedIn(204),
    // The same password again: a valid change that leaves every later login working.
    call: (a) => {
      const password = a === 'anonymous' ? demoPassword : passwordOf(a)
      return status(
        as(a, '/auth/password', { method: 'POST', json: { currentPassword: password, newPassword: password } }),
      )
    },
  },
  { route: 'GET /users', expect: adminOnly(200), call: (a) => status(as(a, '/users')) },
  {
    route: 'POST /users',
    expect: adminOnly(201),
    call: (a) =>
      status(
        as(a, '/users', {
          method: 'POST',
          json: { username: `neu-${a}`, displayName: '新委员', role: 'member', password: 'neues-passwort-1' },
        }),
      ),
  },
  {
    route: 'PATCH /users/:id',
    expect: adminOnly(200),
    call: (a) =>
      status(as(a, `/users/${ids.scratchUser}`, { method: 'PATCH', json: { displayName: `临时委员（${a}）` } })),
  },
  {
    route: 'POST /users/:id/password',
    expect: adminOnly(204),
    call: (a) =>
      status(as(a, `/users/${ids.scratchUser}/password`, { method: 'POST', json: { password: 'neues-passwort-2' } })),
  },
  { route: 'GET /groups', expect: signedIn(200), call: (a) => status(as(a, '/groups')) },
  {
    route: 'POST /groups',
    expect: adminOnly(201),
    call: (a) => status(as(a, '/groups', { method: 'POST', json: { name: `新调研组（${a}）` } })),
  },
  {
    route: 'GET /groups/:id',
    expect: signedIn(200, { commenter: 404, outsider: 404 }),
    call: (a) => status(as(a, `/groups/${ids.group}`)),
  },
  {
    route: 'PUT /groups/:id/topic',
    expect: spaceKeepers(200),
    call: (a) =>
      status(as(a, `/groups/${ids.group}/topic`, { method: 'PUT', json: { topic: '关于高标准农田建设的调研' } })),
  },
  {
    route: 'GET /groups/:id/activities',
    expect: signedIn(200, { commenter: 404, outsider: 404 }),
    call: (a) => status(as(a, `/groups/${ids.group}/activities`)),
  },
  {
    route: 'POST /groups/:id/activities',
    expect: spaceKeepers(201),
    call: (a) => status(as(a, `/groups/${ids.group}/activities`, { method: 'POST', json: activity })),
  },
  {
    route: 'PUT /groups/:id/activities/:activityId',
    expect: spaceKeepers(200),
    call: async (a) =>
      status(as(a, `/groups/${ids.group}/activities/${await newActivity()}`, { method: 'PUT', json: activity })),
  },
  {
    route: 'POST /groups/:id/activities/:activityId/minutes',
    expect: signedIn(403, { convener: 201, commenter: 404, outsider: 404 }),
    call: async (a) =>
      status(as(a, `/groups/${ids.group}/activities/${await newActivity()}/minutes`, { method: 'POST' })),
  },
  {
    route: 'DELETE /groups/:id/activities/:activityId',
    expect: spaceKeepers(204),
    call: async (a) => status(as(a, `/groups/${ids.group}/activities/${await newActivity()}`, { method: 'DELETE' })),
  },
  {
    route: 'PATCH /groups/:id',
    expect: adminOnly(200),
    call: (a) =>
      status(as(a, `/groups/${ids.scratchGroup}`, { method: 'PATCH', json: { name: `临时调研组（${a}）` } })),
  },
  { route: 'GET /documents', expect: signedIn(200), call: (a) => status(as(a, '/documents')) },
  {
    route: 'POST /documents',
    expect: signedIn(403, { convener: 201 }),
    call: (a) =>
      status(as(a, '/documents', { method: 'POST', json: { title: `新建议案（${a}）`, groupId: ids.group } })),
  },
  { route: 'GET /documents/:id', expect: draftReaders(200), call: (a) => status(as(a, `/documents/${ids.sample}`)) },
  {
    route: 'PATCH /documents/:id',
    expect: managers(200),
    call: (a) =>
      status(
        as(a, `/documents/${ids.sample}`, { method: 'PATCH', json: { title: '关于加强我市高标准农田建设的建议案' } }),
      ),
  },
  {
    route: 'DELETE /documents/:id',
    expect: managers(204),
    // Each row deletes (or fails to delete) its own fresh draft, to which the commenter is invited.
    call: async (a) => {
      const id = await freshDraft(`待删除的建议案（${a}）`)
      await invite(id, 'zhengqiu')
      const result = await status(as(a, `/documents/${id}`, { method: 'DELETE' }))
      const after = await status(as('convener', `/documents/${id}`))
      expect(after, 'the draft exists afterwards only if the delete was refused').toBe(result === 204 ? 404 : 200)
      return result
    },
  },
  {
    route: 'GET /documents/:id/citable',
    expect: draftReaders(200),
    call: (a) => status(as(a, `/documents/${ids.sample}/citable`)),
  },
  {
    route: 'GET /documents/:id/citations',
    expect: draftReaders(200),
    call: (a) => status(as(a, `/documents/${ids.sample}/citations?targets=document:${ids.sample}`)),
  },
  {
    route: 'GET /documents/:id/invitations',
    expect: managers(200),
    call: (a) => status(as(a, `/documents/${ids.sample}/invitations`)),
  },
  {
    route: 'POST /documents/:id/invitations',
    expect: managers(201),
    call: (a) =>
      status(
        as(a, `/documents/${ids.sample}/invitations`, { method: 'POST', json: { username: 'zhengqiu2', until: null } }),
      ),
  },
  {
    route: 'DELETE /documents/:id/invitations/:userId',
    expect: managers(204),
    call: async (a) => {
      await invite(ids.sample, 'zhengqiu2')
      return status(as(a, `/documents/${ids.sample}/invitations/${ids.commenter2}`, { method: 'DELETE' }))
    },
  },
  ...materialRows(),
]

/** The other kinds (here a 调研报告) are co-edited, commented and exported like a 建议案, but never submitted or approved. */
const reportReaders = (ok: number) => signedIn(404, { convener: ok, member: ok, chair: ok })
const reportRows: Row[] = [
  {
    route: 'POST /documents (调研报告)',
    expect: signedIn(403, { convener: 201 }),
    call: (a) =>
      status(
        as(a, '/documents', {
          method: 'POST',
          json: { title: `关于农村养老的调研报告（${a}）`, groupId: ids.group, kind: 'report', template: 'template' },
        }),
      ),
  },
  {
    route: 'GET /documents/:id (调研报告)',
    expect: reportReaders(200),
    call: (a) => status(as(a, `/documents/${ids.report}`)),
  },
  {
    route: 'GET /documents/:id/workflow (调研报告)',
    expect: reportReaders(200),
    call: (a) => status(as(a, `/documents/${ids.report}/workflow`)),
  },
  {
    route: 'POST /documents/:id/workflow/submit (调研报告)',
    expect: reportReaders(409),
    call: (a) =>
      status(as(a, `/documents/${ids.report}/workflow/submit`, { method: 'POST', json: { note: '请审定' } })),
  },
  {
    route: 'POST /documents/:id/workflow/approve (调研报告)',
    expect: reportReaders(409),
    call: (a) =>
      status(as(a, `/documents/${ids.report}/workflow/approve`, { method: 'POST', json: { opinion: '同意' } })),
  },
  {
    route: 'GET /documents/:id/versions/1/export/docx (调研报告)',
    expect: signedIn(404, { convener: 200, member: 200, chair: 403 }),
    call: (a) => status(as(a, `/documents/${ids.report}/versions/1/export/docx`)),
  },
  {
    route: 'GET /documents/:id/export/docx (调研报告: no approved text)',
    expect: signedIn(404, { convener: 403, member: 403, chair: 409 }),
    call: (a) => status(as(a, `/documents/${ids.report}/export/docx`)),
  },
  {
    // 改文种: each row turns a fresh 调研报告 of its own into a 调研方案; the commenter is invited to none.
    route: 'PUT /documents/:id/kind (调研报告)',
    expect: signedIn(404, { convener: 200, member: 403, chair: 403 }),
    call: async (a) => {
      const created = await as('convener', '/documents', {
        method: 'POST',
        json: { title: `关于农村电商的调研报告（${a}）`, groupId: ids.group, kind: 'report', template: 'template' },
      })
      expect(created.status).toBe(201)
      const { id } = (await created.json()) as { id: string }
      const result = await status(as(a, `/documents/${id}/kind`, { method: 'PUT', json: { kind: 'plan' } }))
      const after = (await (await as('convener', `/documents/${id}`)).json()) as { kind: string }
      expect(after.kind, 'the kind changed only if the request was accepted').toBe(result === 200 ? 'plan' : 'report')
      return result
    },
  },
  {
    // A 建议案 in 送审 keeps its kind, even for its convener.
    route: 'PUT /documents/:id/kind (建议案 submitted)',
    expect: signedIn(404, { convener: 409, member: 403, chair: 403 }),
    call: async (a) =>
      status(as(a, `/documents/${await submittedDraft()}/kind`, { method: 'PUT', json: { kind: 'report' } })),
  },
  {
    route: 'WS /collab/:id (调研报告)',
    expect: signedIn(4404, {
      anonymous: 4401,
      disabled: 4401,
      convener: 'read-write',
      member: 'read-write',
      chair: 'read-only',
    }),
    call: (a) => probeSocket(a, ids.report),
  },
]

let submitted: Promise<string> | null = null
/** A 建议案 of the demo group the convener submitted once, for the rows that act on one. */
const submittedDraft = (): Promise<string> =>
  (submitted ??= freshDraft('关于发展农村养老服务的建议案').then(async (id) => {
    const res = await as('convener', `/documents/${id}/workflow/submit`, { method: 'POST', json: { note: '请审定' } })
    expect(res.status, 'the convener submits it').toBe(200)
    return id
  }))

/** A PNG of one pixel: the smallest material with a preview. */
const onePixelPng = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
)

/** Uploads a material to the demo group as `actor`; the response. */
function uploadMaterial(actor: ActorName, title: string): Promise<Response> {
  const form = new FormData()
  form.set('file', new Blob([onePixelPng]), 'photo.png')
  form.set('title', title)
  form.set('source', '市农业农村局')
  form.set('date', '2026-03-12')
  const cookie = actor === 'anonymous' ? undefined : sessions[actor].cookie
  return fetch(`${server.url}/api/groups/${ids.group}/materials`, {
    method: 'POST',
    body: form,
    headers: cookie ? { cookie } : {},
  })
}

let sharedMaterial: Promise<string> | null = null
/** A material the convener added once, for the rows that read one. */
const materialId = (): Promise<string> =>
  (sharedMaterial ??= uploadMaterial('convener', '调研照片').then(async (res) => {
    expect(res.status, 'the convener adds a material').toBe(201)
    return ((await res.json()) as { id: string }).id
  }))

/**
 * 调研材料 of the demo group: its members add and remove them; whoever reads one of its drafts
 * (the chair, the commenter invited to the sample) reads them; the secretary only once a draft is
 * approved — the demo's sent 建议案 is, so here the secretary reads them (the rule before any
 * approval is in test/unit/policy.test.ts); everyone else — the admin included — is told the group
 * has none to show (404).
 */
function materialRows(): Row[] {
  const readers = (ok: number) => signedIn(404, { convener: ok, member: ok, chair: ok, secretary: ok, commenter: ok })
  const changers = (ok: number) =>
    signedIn(404, { convener: ok, member: ok, chair: 403, secretary: 403, commenter: 403 })
  return [
    {
      route: 'GET /groups/:id/materials',
      expect: readers(200),
      call: (a) => status(as(a, `/groups/${ids.group}/materials`)),
    },
    {
      route: 'POST /groups/:id/materials',
      expect: changers(201),
      call: (a) => status(uploadMaterial(a, `调研材料（${a}）`)),
    },
    {
      route: 'GET /groups/:id/materials/:materialId/file',
      expect: readers(200),
      call: async (a) => status(as(a, `/groups/${ids.group}/materials/${await materialId()}/file`)),
    },
    {
      route: 'GET /groups/:id/materials/:materialId/preview',
      expect: readers(200),
      call: async (a) => status(as(a, `/groups/${ids.group}/materials/${await materialId()}/preview`)),
    },
    {
      route: 'DELETE /groups/:id/materials/:materialId',
      expect: changers(204),
      // Each row removes (or fails to remove) a material of its own.
      call: async (a) => {
        const added = await uploadMaterial('convener', `待删除的材料（${a}）`)
        expect(added.status).toBe(201)
        const { id } = (await added.json()) as { id: string }
        const result = await status(as(a, `/groups/${ids.group}/materials/${id}`, { method: 'DELETE' }))
        const after = await status(as('convener', `/groups/${ids.group}/materials/${id}/file`))
        expect(after, 'the material exists afterwards only if the removal was refused').toBe(result === 204 ? 404 : 200)
        return result
      },
    },
  ]
}

const draftSocketRow: Row = {
  route: 'WS /collab/:id (draft)',
  expect: signedIn(4404, {
    anonymous: 4401,
    disabled: 4401,
    convener: 'read-write',
    member: 'read-write',
    chair: 'read-only',
    commenter: 'read-only',
  }),
  call: (a) => probeSocket(a, ids.sample),
}

const approvedRows: Row[] = [
  {
    route: 'GET /documents/:id (approved)',
    expect: signedIn(404, { convener: 200, member: 200, chair: 200, secretary: 200, commenter: 200 }),
    call: (a) => status(as(a, `/documents/${ids.sample}`)),
  },
  {
    route: 'WS /collab/:id (approved)',
    expect: signedIn(4404, {
      anonymous: 4401,
      disabled: 4401,
      convener: 'read-only',
      member: 'read-only',
      chair: 'read-only',
      secretary: 'read-only',
      commenter: 'read-only',
    }),
    call: (a) => probeSocket(a, ids.sample),
  },
  {
    route: 'GET /groups/:id/materials (a draft approved)',
    expect: signedIn(404, { convener: 200, member: 200, chair: 200, secretary: 200, commenter: 200 }),
    call: (a) => status(as(a, `/groups/${ids.group}/materials`)),
  },
]

function cellTests(rows: Row[]): void {
  for (const row of rows) {
    for (const actor of actors) {
      const expected = row.expect[actor]
      it(`${actor} → ${row.route} → ${expected}`, async () => {
        const got = await row.call(actor)
        if (!observed.has(row.route)) observed.set(row.route, new Map())
        observed.get(row.route)!.set(actor, { got: String(got), expected: String(expected) })
        expect(got).toBe(expected)
      })
    }
  }
}

// ── the server and its people ──────────────────────────────────────────────────

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  const [admin, convener, member, chair, secretary, commenter] = await Promise.all(
    ['admin', 'zuzhang', 'chengyuan1', 'zhuxi', 'mishu', 'zhengqiu'].map((name) => login(server, name)),
  )
  Object.assign(sessions, { admin, convener, member, chair, secretary, commenter })
  const demo = await demoGroup(convener)
  ids.group = demo.groupId
  ids.sample = demo.sampleDocId
  // The demo's investigation: its 调研方案, 纪要 and 调研报告 beside the sample 建议案.
  const demoDocuments = (
    await convener.json<{ documents: { id: string; title: string }[] }>('/documents', { expect: 200 })
  ).documents
  ids.sent = demoDocuments.find((d) => d.title === '关于改善农村寄宿制学校办学条件的建议案')!.id
  demoPapers.push(...demoDocuments.map((d) => d.id).filter((id) => id !== demo.sampleDocId && id !== ids.sent))

  const create = (username: string, displayName: string, role: string, password = otherPassword) =>
    admin.json<{ id: string }>('/users', {
      method: 'POST',
      body: JSON.stringify({ username, displayName, role, password }),
      expect: 201,
    })
  const [outsider, disabled, scratch, commenter2] = await Promise.all([
    create('waizu', '孙委员（教育调研组）', 'member'),
    create('tingyong', '周委员（已停用）', 'member'),
    create('linshi', '临时委员', 'member'),
    create('zhengqiu2', '钱处长（教育局）', 'commenter'),
  ])
  ids.scratchUser = scratch.id
  ids.commenter2 = commenter2.id

  // The outsider convenes a group of their own, with a draft of its own.
  const other = await admin.json<{ id: string }>('/groups', {
    method: 'POST',
    body: JSON.stringify({ name: '教育调研组' }),
    expect: 201,
  })
  ids.otherGroup = other.id
  await admin.json(`/groups/${other.id}`, {
    method: 'PATCH',
    body: JSON.stringify({ members: [{ userId: outsider.id, convener: true }] }),
    expect: 200,
  })
  ids.scratchGroup = (
    await admin.json<{ id: string }>('/groups', {
      method: 'POST',
      body: JSON.stringify({ name: '临时调研组' }),
      expect: 201,
    })
  ).id

  // The disabled user was a member of the demo group: the stale cookie would otherwise open everything.
  const group = await admin.json<{ members: { userId: string; convener: boolean }[] }>(`/groups/${ids.group}`, {
    expect: 200,
  })
  await admin.json(`/groups/${ids.group}`, {
    method: 'PATCH',
    body: JSON.stringify({ members: [...group.members, { userId: disabled.id, convener: false }] }),
    expect: 200,
  })

  sessions.outsider = await login(server, 'waizu', otherPassword)
  sessions.disabled = await login(server, 'tingyong', otherPassword)
  await sessions.disabled.json('/auth/me', { expect: 200 })
  await admin.json(`/users/${disabled.id}`, { method: 'PATCH', body: JSON.stringify({ active: false }), expect: 200 })

  ids.otherDoc = (
    await sessions.outsider.json<{ id: string }>('/documents', {
      method: 'POST',
      body: JSON.stringify({ title: '关于推进义务教育优质均衡发展的建议案', groupId: other.id }),
      expect: 201,
    })
  ).id
  ids.secondDraft = await freshDraft('关于完善农村养老服务体系的建议案')
  ids.report = (
    await convener.json<{ id: string }>('/documents', {
      method: 'POST',
      body: JSON.stringify({
        title: '关于我市高标准农田建设情况的调研报告',
        groupId: ids.group,
        kind: 'report',
        template: 'template',
      }),
      expect: 201,
    })
  ).id
  await convener.json(`/documents/${ids.report}/versions`, {
    method: 'POST',
    body: JSON.stringify({ label: '初稿' }),
    expect: 201,
  })
})

afterAll(async () => {
  await server?.kill('SIGKILL')
  if (server) rmSync(server.dataDir, { recursive: true, force: true })
  console.log(markdownMatrix())
})

function markdownMatrix(): string {
  const lines = [
    `| route | ${actors.map((a) => columnTitle[a]).join(' | ')} |`,
    `| --- | ${actors.map(() => '---').join(' | ')} |`,
  ]
  for (const row of [...httpRows, draftSocketRow, ...reportRows, ...approvedRows, ...followUpRows]) {
    const cells = actors.map((a) => {
      const cell = observed.get(row.route)?.get(a)
      if (!cell) return `(${row.expect[a]}, not run)`
      return cell.got === cell.expected ? cell.got : `**${cell.got}** (expected ${cell.expected})`
    })
    lines.push(`| ${row.route} | ${cells.join(' | ')} |`)
  }
  return `Permission matrix (HTTP status; websocket: close code or the socket's rights):\n\n${lines.join('\n')}\n`
}

// ── what each actor sees ───────────────────────────────────────────────────────

const listedDocuments = async (actor: SignedIn) =>
  (await getJson<{ documents: { id: string; access: Record<string, boolean> }[] }>(actor, '/documents')).documents

describe('lists show each actor exactly what they may see', () => {
  it('GET /documents lists exactly the documents each actor may read', async () => {
    const expected: Record<Exclude<SignedIn, 'disabled'>, string[]> = {
      admin: [],
      convener: [ids.sample, ids.secondDraft, ids.report, ids.sent, ...demoPapers],
      member: [ids.sample, ids.secondDraft, ids.report, ids.sent, ...demoPapers],
      chair: [ids.sample, ids.secondDraft, ids.report, ids.sent, ...demoPapers],
      secretary: [ids.sent],
      commenter: [ids.sample],
      outsider: [ids.otherDoc],
    }
    for (const [actor, docs] of Object.entries(expected) as [SignedIn, string[]][]) {
      const listed = (await listedDocuments(actor)).map((d) => d.id)
      expect(listed.sort(), `documents of ${actor}`).toEqual([...docs].sort())
    }
  })

  it('each listed document carries the caller’s own rights', async () => {
    const rightsOnSample = async (actor: SignedIn) =>
      (await listedDocuments(actor)).find((d) => d.id === ids.sample)!.access
    expect(await rightsOnSample('convener')).toEqual({ read: true, edit: true, comment: true, manage: true })
    expect(await rightsOnSample('member')).toEqual({ read: true, edit: true, comment: true, manage: false })
    expect(await rightsOnSample('chair')).toEqual({ read: true, edit: false, comment: true, manage: false })
    expect(await rightsOnSample('commenter')).toEqual({ read: true, edit: false, comment: true, manage: false })
  })

  it('GET /groups lists exactly the groups each actor belongs or is assigned to', async () => {
    const expected: Record<Exclude<SignedIn, 'disabled'>, string[]> = {
      admin: [ids.group, ids.otherGroup, ids.scratchGroup],
      convener: [ids.group],
      member: [ids.group],
      chair: [ids.group],
      secretary: [ids.group],
      commenter: [],
      outsider: [ids.otherGroup],
    }
    for (const [actor, groups] of Object.entries(expected) as [SignedIn, string[]][]) {
      const listed = (await sessions[actor].json<{ groups: { id: string }[] }>('/groups', { expect: 200 })).groups.map(
        (g) => g.id,
      )
      expect(listed.sort(), `groups of ${actor}`).toEqual([...groups].sort())
    }
  })

  it('a group page shows each viewer only the drafts they may read: the secretary sees only the approved one', async () => {
    const page = async (actor: SignedIn) =>
      (await sessions[actor].json<{ documents: { id: string }[] }>(`/groups/${ids.group}`, { expect: 200 })).documents
        .map((d) => d.id)
        .sort()
    expect(demoPapers).toHaveLength(4)
    expect(await page('chair')).toEqual([ids.sample, ids.secondDraft, ids.report, ids.sent, ...demoPapers].sort())
    expect(await page('member')).toEqual([ids.sample, ids.secondDraft, ids.report, ids.sent, ...demoPapers].sort())
    expect(await page('admin')).toEqual([])
    expect(await page('secretary')).toEqual([ids.sent])
  })

  it('GET /users lists every account to the administrator, without password hashes', async () => {
    const res = await as('admin', '/users')
    const text = await res.text()
    expect(text).not.toMatch(/passwordHash|scrypt\$/)
    const usernames = (JSON.parse(text) as { users: { username: string }[] }).users.map((u) => u.username)
    for (const name of [
      'admin',
      'zuzhang',
      'chengyuan1',
      'chengyuan2',
      'zhuxi',
      'mishu',
      'zhengqiu',
      'waizu',
      'tingyong',
    ]) {
      expect(usernames).toContain(name)
    }
  })

  it('the invitations of the sample draft name the invited commenter, to its convener', async () => {
    const { invitations } = await sessions.convener.json<{ invitations: { username: string; until: string | null }[] }>(
      `/documents/${ids.sample}/invitations`,
      { expect: 200 },
    )
    expect(invitations).toContainEqual(expect.objectContaining({ username: 'zhengqiu', until: null }))
  })

  it('a hidden document answers every route exactly like a document that does not exist', async () => {
    const routes: [string, (id: string) => RequestInit & { json?: unknown }, (id: string) => string][] = [
      ['GET', () => ({}), (id) => `/documents/${id}`],
      ['PATCH', () => ({ method: 'PATCH', json: { title: '改名' } }), (id) => `/documents/${id}`],
      ['PUT kind', () => ({ method: 'PUT', json: { kind: 'report' } }), (id) => `/documents/${id}/kind`],
      ['DELETE', () => ({ method: 'DELETE' }), (id) => `/documents/${id}`],
      ['GET invitations', () => ({}), (id) => `/documents/${id}/invitations`],
      [
        'POST invitations',
        () => ({ method: 'POST', json: { username: 'zhengqiu2' } }),
        (id) => `/documents/${id}/invitations`,
      ],
      ['DELETE invitation', () => ({ method: 'DELETE' }), (id) => `/documents/${id}/invitations/${ids.commenter2}`],
    ]
    for (const actor of ['outsider', 'admin', 'secretary'] as const) {
      for (const [name, init, path] of routes) {
        const hidden = await as(actor, path(ids.sample), init(ids.sample))
        const missing = await as(actor, path(unknownDocId), init(unknownDocId))
        expect(hidden.status, `${actor} ${name} on the sample draft`).toBe(404)
        expect(missing.status, `${actor} ${name} on an unknown document`).toBe(404)
        expect(await hidden.json(), `${actor} ${name}: same body`).toEqual(await missing.json())
      }
      // …and on the websocket.
      expect(await probeSocket(actor, ids.sample)).toBe(await probeSocket(actor, unknownDocId))
    }
    expect((await as('convener', `/documents/${ids.sample}`)).status).toBe(200)
  })
})

// ── what the UI is told: abilities, computed by server/policy.ts ─────────────────

type Abilities = Record<string, boolean>
const T = true
const F = false
/** Document abilities in the order rename, delete, exportDraft, exportApproved, exportRedline, exportOpinionTable, keepRegister, resolveOwnThreads, resolveAnyThread, dispose, viewGroup, suggest, suggestOnly, decideSuggestions, importReturnedDraft, followUp, changeKind. */
const documentAbilities = (...values: boolean[]): Abilities => {
  const names = [
    'rename',
    'delete',
    'exportDraft',
    'exportApproved',
    'exportRedline',
    'exportOpinionTable',
    'keepRegister',
    'resolveOwnThreads',
    'resolveAnyThread',
    'dispose',
    'viewGroup',
    'suggest',
    'suggestOnly',
    'decideSuggestions',
    'importReturnedDraft',
    'followUp',
    'changeKind',
  ]
  return Object.fromEntries(names.map((name, i) => [name, values[i]]))
}
/** Each reader's abilities on a document of the demo group; the secretary reads it only once approved. */
const abilitiesOnSample: Record<'convener' | 'member' | 'chair' | 'secretary' | 'commenter', Abilities> = {
  convener: documentAbilities(T, T, T, F, T, T, F, T, T, T, T, T, F, T, T, T, T),
  member: documentAbilities(F, F, T, F, T, F, F, T, F, F, T, T, F, T, T, T, F),
  chair: documentAbilities(F, F, F, T, T, T, F, T, T, F, T, T, T, F, F, T, F),
  secretary: documentAbilities(F, F, F, T, T, F, T, F, F, F, T, F, F, F, F, T, F),
  commenter: documentAbilities(F, F, F, F, F, F, F, T, F, F, F, T, T, F, F, F, F),
}
/**
 * An approved document is neither renamed nor deleted until it is reopened, nor changes its kind:
 * its conveners are not offered either; nor does anyone suggest changes to it or decide them.
 */
const closed = (abilities: Abilities): Abilities => ({
  ...abilities,
  suggest: F,
  suggestOnly: F,
  decideSuggestions: F,
  importReturnedDraft: F,
})
const abilitiesOnApproved: typeof abilitiesOnSample = {
  convener: closed({ ...abilitiesOnSample.convener, rename: F, delete: F, changeKind: F }),
  member: closed(abilitiesOnSample.member),
  chair: closed(abilitiesOnSample.chair),
  secretary: closed(abilitiesOnSample.secretary),
  commenter: closed(abilitiesOnSample.commenter),
}

describe('what the UI is told each actor may do', () => {
  it('GET /auth/me names each actor’s standing and what they may do outside a document', async () => {
    const expected: Record<Exclude<SignedIn, 'disabled'>, [string, Abilities]> = {
      admin: ['admin', { administer: T, readRegister: F, keepRegister: F, inbox: F, followUpInbox: F, statistics: F }],
      convener: [
        'convener',
        { administer: F, readRegister: F, keepRegister: F, inbox: F, followUpInbox: F, statistics: F },
      ],
      member: [
        'member',
        { administer: F, readRegister: F, keepRegister: F, inbox: F, followUpInbox: F, statistics: F },
      ],
      chair: ['chair', { administer: F, readRegister: T, keepRegister: F, inbox: T, followUpInbox: F, statistics: T }],
      secretary: [
        'secretary',
        { administer: F, readRegister: T, keepRegister: T, inbox: F, followUpInbox: T, statistics: T },
      ],
      commenter: [
        'commenter',
        { administer: F, readRegister: F, keepRegister: F, inbox: F, followUpInbox: F, statistics: F },
      ],
      outsider: [
        'convener',
        { administer: F, readRegister: F, keepRegister: F, inbox: F, followUpInbox: F, statistics: F },
      ],
    }
    for (const [actor, [standing, abilities]] of Object.entries(expected) as [SignedIn, [string, Abilities]][]) {
      const me = await getJson<{ standing: string; abilities: Abilities; groups: { createDocuments: boolean }[] }>(
        actor,
        '/auth/me',
      )
      expect([me.standing, me.abilities], actor).toEqual([standing, abilities])
      // Only conveners are offered to create drafts, in the groups they convene.
      expect(
        me.groups.some((g) => g.createDocuments),
        actor,
      ).toBe(standing === 'convener')
    }
  })

  it('a draft carries each reader’s abilities, alike in the list and in its own view', async () => {
    for (const actor of ['convener', 'member', 'chair', 'commenter'] as const) {
      const view = await getJson<{ abilities: Abilities }>(actor, `/documents/${ids.sample}`)
      expect(view.abilities, actor).toEqual(abilitiesOnSample[actor])
      const listed = (await getJson<{ documents: { id: string; abilities: Abilities }[] }>(actor, '/documents'))
        .documents
      expect(listed.find((d) => d.id === ids.sample)!.abilities, actor).toEqual(abilitiesOnSample[actor])
    }
  })

  it('the workflow of a draft offers 送审 to its convener and nothing to anyone else', async () => {
    for (const actor of ['convener', 'member', 'chair', 'commenter'] as const) {
      const workflow = await getJson<{ actions: string[] }>(actor, `/documents/${ids.sample}/workflow`)
      expect(workflow.actions, actor).toEqual(actor === 'convener' ? ['submit'] : [])
    }
  })
})

// ── the matrix ─────────────────────────────────────────────────────────────────

describe('permission matrix: HTTP routes', () => {
  cellTests(httpRows)
})

describe('permission matrix: the collaboration socket of a draft', () => {
  cellTests([draftSocketRow])
})

describe('permission matrix: a 调研报告, which has no 送审 or 审定', () => {
  cellTests(reportRows)

  it('is listed with its kind, and its workflow offers nobody a step; a 建议案 made before kinds says 建议案', async () => {
    for (const actor of ['convener', 'member', 'chair'] as const) {
      const workflow = await getJson<{ actions: string[] }>(actor, `/documents/${ids.report}/workflow`)
      expect(workflow.actions, actor).toEqual([])
      const listed = (await getJson<{ documents: { id: string; kind: string }[] }>(actor, '/documents')).documents
      expect(listed.find((d) => d.id === ids.report)?.kind, actor).toBe('report')
      expect(listed.find((d) => d.id === ids.sample)?.kind, actor).toBe('proposal')
    }
  })

  it('refuses 送审 with the kind named, in the reason the client words', async () => {
    const res = await as('convener', `/documents/${ids.report}/workflow/submit`, { method: 'POST', json: { note: '' } })
    expect(res.status).toBe(409)
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({
      code: 'conflict',
      reason: 'workflow_kind',
      params: { action: 'submit', kind: 'report' },
    })
  })
})

describe('an approved document (status set in metadata.json while the server was stopped)', () => {
  let before: Record<number, number>

  beforeAll(async () => {
    before = await stateVector(ids.sample)
    expect(await server.kill('SIGTERM')).toBe(0)
    const file = join(server.dataDir, 'metadata.json')
    const metadata = JSON.parse(readFileSync(file, 'utf8')) as { documents: { id: string; status: string }[] }
    const sample = metadata.documents.find((d) => d.id === ids.sample)
    expect(sample).toBeDefined()
    sample!.status = 'approved'
    writeFileSync(file, JSON.stringify(metadata, null, 2))
    server = await startServer({ dataDir: server.dataDir })
  })

  it('the secretary now sees it in their list and on the group page, read-only and without commenting', async () => {
    expect((await listedDocuments('secretary')).map((d) => d.id).sort()).toEqual([ids.sample, ids.sent].sort())
    const view = await getJson<{ status: string; access: Record<string, boolean> }>(
      'secretary',
      `/documents/${ids.sample}`,
    )
    expect(view.status).toBe('approved')
    expect(view.access).toEqual({ read: true, edit: false, comment: false, manage: false })
    const page = await getJson<{ documents: { id: string }[] }>('secretary', `/groups/${ids.group}`)
    expect(page.documents.map((d) => d.id).sort()).toEqual([ids.sample, ids.sent].sort())
  })

  it('nobody may edit it: every reader is told edit is false', async () => {
    for (const actor of ['convener', 'member', 'chair', 'secretary', 'commenter'] as const) {
      const view = await getJson<{ access: { edit: boolean } }>(actor, `/documents/${ids.sample}`)
      expect(view.access.edit, actor).toBe(false)
    }
  })

  it('every reader is told their abilities on it (its conveners may no longer rename or delete it), and only the chair is offered a step (重新开放)', async () => {
    for (const actor of ['convener', 'member', 'chair', 'secretary', 'commenter'] as const) {
      const view = await getJson<{ abilities: Abilities }>(actor, `/documents/${ids.sample}`)
      expect(view.abilities, actor).toEqual(abilitiesOnApproved[actor])
      const workflow = await getJson<{ actions: string[] }>(actor, `/documents/${ids.sample}/workflow`)
      expect(workflow.actions, actor).toEqual(actor === 'chair' ? ['reopen'] : [])
    }
  })

  cellTests(approvedRows)

  it('its content is unchanged after every reader tried to write over their socket', async () => {
    expect(await stateVector(ids.sample)).toEqual(before)
  })
})

// ── 办理跟踪 (follow-up of a sent 建议案) ──────────────────────────────────────────

/** A small PNG: the first bytes are what the server recognises a PNG by. */
const pngBytes = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
])
const followUpInstruction = {
  kind: 'instruction',
  date: '2026-03-02',
  leader: '张××',
  post: '市委书记',
  text: '请认真研究落实。',
}
/** The follow-up ids: a sent 建议案 of the demo group, and one 批示 with a scanned page on it. */
const sentIds = { doc: '', entry: '' }

/** POST a 批示 (multipart, with a PNG) as an actor; the raw response. */
function postFollowUp(actor: ActorName, docId: string): Promise<Response> {
  const form = new FormData()
  form.set('entry', JSON.stringify(followUpInstruction))
  form.set('file', new Blob([pngBytes], { type: 'image/png' }), '批示.png')
  const cookie = actor === 'anonymous' ? undefined : sessions[actor].cookie
  return fetch(`${server.url}/api/documents/${docId}/follow-up`, {
    method: 'POST',
    body: form,
    headers: cookie ? { cookie } : {},
  })
}

async function newFollowUpEntry(): Promise<string> {
  const res = await postFollowUp('secretary', sentIds.doc)
  expect(res.status, 'the secretary records a 批示').toBe(201)
  return ((await res.json()) as { id: string }).id
}

/** The group's members, chairs and secretaries read the follow-up; to anyone else it does not exist. */
const followUpReaders = (ok: number, others = ok) =>
  signedIn(404, { convener: others, member: others, chair: others, secretary: ok })

const followUpRows: Row[] = [
  {
    route: 'GET /documents/:id/follow-up (sent)',
    expect: followUpReaders(200),
    call: (a) => status(as(a, `/documents/${sentIds.doc}/follow-up`)),
  },
  {
    route: 'POST /documents/:id/follow-up (sent; 批示 with a PNG)',
    expect: followUpReaders(201, 403),
    call: (a) => status(postFollowUp(a, sentIds.doc)),
  },
  {
    route: 'GET /documents/:id/follow-up/:entryId/file',
    expect: followUpReaders(200),
    call: (a) => status(as(a, `/documents/${sentIds.doc}/follow-up/${sentIds.entry}/file`)),
  },
  {
    route: 'DELETE /documents/:id/follow-up/:entryId',
    expect: followUpReaders(204, 403),
    call: async (a) =>
      status(as(a, `/documents/${sentIds.doc}/follow-up/${await newFollowUpEntry()}`, { method: 'DELETE' })),
  },
  {
    // Approved but not sent; its invited commenter reads the document, not its follow-up.
    route: 'GET /documents/:id/follow-up (approved, not sent)',
    expect: followUpReaders(200),
    call: (a) => status(as(a, `/documents/${ids.sample}/follow-up`)),
  },
  {
    route: 'POST /documents/:id/follow-up (approved, not sent)',
    expect: followUpReaders(409, 403),
    call: (a) => status(postFollowUp(a, ids.sample)),
  },
  {
    route: 'GET /inbox (待审定 and 待跟踪)',
    expect: signedIn(200),
    call: (a) => status(as(a, '/inbox')),
  },
]

describe('permission matrix: 办理跟踪 of a sent 建议案', () => {
  beforeAll(async () => {
    // The server was restarted above: `as` asks the current one.
    const step = async (actor: SignedIn, path: string, json: unknown, expected: number) => {
      const res = await as(actor, path, { method: 'POST', json })
      expect(res.status, `${actor} POST ${path}`).toBe(expected)
      return (await res.json()) as { number: number }
    }
    sentIds.doc = await freshDraft('关于加快高标准农田建设的建议案（已报送）')
    const version = await step('convener', `/documents/${sentIds.doc}/versions`, { label: '送审稿' }, 201)
    await step(
      'convener',
      `/documents/${sentIds.doc}/workflow/submit`,
      { versionNumber: version.number, note: '' },
      200,
    )
    await step('chair', `/documents/${sentIds.doc}/workflow/approve`, { opinion: '同意' }, 200)
    const register = {
      documentNumber: '政协××〔2026〕9号',
      recipients: '中共××市委、××市人民政府',
      sentOn: '2026-02-27',
      sentBy: '办公室',
    }
    await step('secretary', `/documents/${sentIds.doc}/register`, register, 201)
    sentIds.entry = await newFollowUpEntry()
  })

  cellTests(followUpRows)

  it('the timeline tells only the secretary that they may record, and the secretary alone has 待跟踪', async () => {
    for (const actor of ['convener', 'member', 'chair', 'secretary'] as const) {
      const timeline = await getJson<{ canRecord: boolean; sent: boolean }>(
        actor,
        `/documents/${sentIds.doc}/follow-up`,
      )
      expect([timeline.canRecord, timeline.sent], actor).toEqual([actor === 'secretary', true])
    }
  })
})

// ── 年度统计 (year statistics of chairs and secretaries) ─────────────────────────────

const statisticsYear = new Date().getFullYear()

const statisticsRows: Row[] = [
  {
    route: 'GET /statistics?year=YYYY',
    expect: signedIn(403, { chair: 200, secretary: 200 }),
    call: (a) => status(as(a, `/statistics?year=${statisticsYear}`)),
  },
  {
    route: 'GET /statistics?year=YYYY&format=csv',
    expect: signedIn(403, { chair: 200, secretary: 200 }),
    call: (a) => status(as(a, `/statistics?year=${statisticsYear}&format=csv`)),
  },
  {
    route: 'GET /statistics?year=YYYY&format=docx',
    expect: signedIn(403, { chair: 200, secretary: 200 }),
    call: (a) => status(as(a, `/statistics?year=${statisticsYear}&format=docx`)),
  },
]

describe('permission matrix: 年度统计', () => {
  cellTests(statisticsRows)
})

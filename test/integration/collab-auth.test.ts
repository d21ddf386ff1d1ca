/**
 * Who may open the collaboration socket of a document, and who may write through it: refusals are
 * close codes, readers who may not edit get read-only sockets whose updates are dropped and logged,
 * and rights that change while a socket is open reach it at once.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { EVENT_MESSAGE_TYPE, readServerEvent } from '../../shared/collab-events.js'
import { apiFetch, demoGroup, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

/** Per-test resources (peers, sockets), released after each test. */
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Dropped updates are mentioned at debug level only (once per socket), which these tests read. */
const debugLog = { LOG_LEVEL: 'debug' }
const otherPassword = 'waizu-passwort-1'
const unknownDocId = 'AAAAAAAAAAAAAAAA'

let server: RunningServer
let dataDir: string
let admin: Session,
  convener: Session,
  member: Session,
  member2: Session,
  chair: Session,
  secretary: Session,
  commenter: Session
let outsider: Session, disabled: Session
let groupId: string
let sampleDocId: string
/** A draft written by the members, approved (in metadata.json) half-way through the file. */
let reportDocId: string
let members: { userId: string; convener: boolean }[]
const userIds: Record<string, string> = {}

/** Sessions are stored, so they survive restarts; their `api` is bound to the first server, this is not. */
function api(session: Session | null, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, ...rest } = init
  return apiFetch(server, session?.cookie)(path, json === undefined ? rest : { ...rest, body: JSON.stringify(json) })
}

async function call(
  session: Session,
  path: string,
  init: RequestInit & { json?: unknown },
  expected: number,
): Promise<any> {
  const res = await api(session, path, init)
  expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(expected)
  return res.status === 204 ? undefined : res.json()
}

function peer(docId: string, session: Session | null): Peer {
  const p = connectPeer(server.wsUrl, docId, session ? { headers: { cookie: session.cookie } } : {})
  cleanups.push(() => p.destroy())
  return p
}

/** A raw socket (no provider) for hand-made frames; resolves once open. */
function rawSocket(docId: string, session: Session | null): Promise<WebSocket> {
  const ws = new WebSocket(`${server.wsUrl}/collab/${docId}`, session ? { headers: { cookie: session.cookie } } : {})
  ws.on('error', () => {})
  cleanups.push(() => ws.terminate())
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

async function closeCode(docId: string, session: Session | null): Promise<{ code: number; reason: string }> {
  const ws = await rawSocket(docId, session)
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
}

/** A sync/update frame that adds a paragraph with `text` at the start of the document. */
function paragraphFrame(text: string): Uint8Array {
  const local = new Y.Doc()
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(text)])
  local.getXmlFragment('default').insert(0, [paragraph])
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(local))
  return encoding.toUint8Array(encoder)
}

const content = (p: Peer) => p.doc.getXmlFragment('default').toString()

/** Adds a paragraph through a provider, as an editor would. */
function type(p: Peer, text: string): void {
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(text)])
  p.doc.getXmlFragment('default').insert(0, [paragraph])
}

/** What a fresh client of `session` receives of the document. */
async function freshContent(docId: string, session: Session = member): Promise<string> {
  const p = peer(docId, session)
  await waitSynced([p])
  const text = content(p)
  p.destroy()
  return text
}

const droppedLines = (username: string, docId: string) =>
  server.output().match(new RegExp(`dropped an update from read-only socket #\\d+ ${username} on ${docId}`, 'g'))
    ?.length ?? 0

/** Sends a hand-made update over `session`'s raw socket and waits until the server logs that it dropped it. */
async function sendDropped(docId: string, session: Session, username: string, text: string): Promise<void> {
  const before = droppedLines(username, docId)
  const ws = await rawSocket(docId, session)
  ws.send(paragraphFrame(text))
  await waitFor(() => droppedLines(username, docId) > before, `the server to log the dropped update of ${username}`)
}

/** Stops the server cleanly and starts it again on the same data, optionally editing metadata.json in between. */
async function restart(edit?: (metadata: { documents: { id: string; status: string }[] }) => void): Promise<void> {
  expect(await server.kill('SIGTERM')).toBe(0)
  if (edit) {
    const file = join(dataDir, 'metadata.json')
    const metadata = JSON.parse(readFileSync(file, 'utf8'))
    edit(metadata)
    writeFileSync(file, JSON.stringify(metadata, null, 2))
  }
  server = await startServer({ dataDir, env: debugLog })
}

beforeAll(async () => {
  server = await startServer({ args: ['--demo'], env: debugLog })
  dataDir = server.dataDir
  ;[admin, convener, member, member2, chair, secretary, commenter] = await Promise.all(
    ['admin', 'zuzhang', 'chengyuan1', 'chengyuan2', 'zhuxi', 'mishu', 'zhengqiu'].map((name) => login(server, name)),
  )
  ;({ groupId, sampleDocId } = await demoGroup(convener))
  for (const [username, displayName] of [
    ['waizu', '孙委员（教育调研组）'],
    ['tingyong', '周委员（已停用）'],
  ]) {
    userIds[username] = (
      await call(
        admin,
        '/users',
        { method: 'POST', json: { username, displayName, role: 'member', password: otherPassword } },
        201,
      )
    ).id
  }
  const other = await call(admin, '/groups', { method: 'POST', json: { name: '教育调研组' } }, 201)
  await call(
    admin,
    `/groups/${other.id}`,
    { method: 'PATCH', json: { members: [{ userId: userIds.waizu, convener: true }] } },
    200,
  )
  // The disabled user was a member of the demo group, so only the disabling keeps them out.
  const group = await call(admin, `/groups/${groupId}`, {}, 200)
  members = [...group.members, { userId: userIds.tingyong, convener: false }]
  await call(admin, `/groups/${groupId}`, { method: 'PATCH', json: { members } }, 200)
  outsider = await login(server, 'waizu', otherPassword)
  disabled = await login(server, 'tingyong', otherPassword)
  await call(admin, `/users/${userIds.tingyong}`, { method: 'PATCH', json: { active: false } }, 200)

  reportDocId = (
    await call(
      convener,
      '/documents',
      { method: 'POST', json: { title: '关于完善农村养老服务体系的建议案', groupId } },
      201,
    )
  ).id
  const writer = peer(reportDocId, member)
  await waitSynced([writer])
  type(writer, '建议建立县乡村三级养老服务网络。')
  await waitFor(
    async () => (await freshContent(reportDocId, convener)).includes('三级养老服务网络'),
    'the report draft to be stored',
  )
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

afterAll(async () => {
  await server?.kill('SIGKILL')
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('refused sockets', () => {
  it('closes an anonymous socket with 4401, and the provider stops reconnecting', async () => {
    expect((await closeCode(sampleDocId, null)).code).toBe(4401)
    const p = peer(sampleDocId, null)
    await waitFor(() => p.closes.some((c) => c.code === 4401), 'the provider to see 4401')
    expect(p.provider.shouldConnect).toBe(false)
    expect(p.provider.synced).toBe(false)
  })

  it("closes another group's member with 4404, exactly as for a document that does not exist", async () => {
    const hidden = await closeCode(sampleDocId, outsider)
    const missing = await closeCode(unknownDocId, outsider)
    expect(hidden.code).toBe(4404)
    expect(hidden).toEqual(missing)
    // The official provider takes 4404 as final: it stops, having received nothing.
    const p = peer(sampleDocId, outsider)
    await waitFor(() => p.closes.some((c) => c.code === 4404), 'the provider to see 4404')
    expect(p.provider.shouldConnect).toBe(false)
    expect(content(p)).toBe('')
  })

  it("closes a disabled user's socket with 4401", async () => {
    expect((await closeCode(sampleDocId, disabled)).code).toBe(4401)
  })

  it('closes a socket to an unknown document with 4404, for a member too', async () => {
    expect((await closeCode(unknownDocId, member)).code).toBe(4404)
    expect((await closeCode('not-a-document-id', member)).code).toBe(4404)
  })

  it("closes the secretary's socket on a draft with 4404", async () => {
    expect((await closeCode(sampleDocId, secretary)).code).toBe(4404)
    expect((await closeCode(reportDocId, secretary)).code).toBe(4404)
  })
})

describe('read-only sockets on a draft', () => {
  it('the chair and the commenter receive the document and live updates', async () => {
    const [writer, chairPeer, commenterPeer] = [
      peer(sampleDocId, member),
      peer(sampleDocId, chair),
      peer(sampleDocId, commenter),
    ]
    await waitSynced([writer, chairPeer, commenterPeer])
    expect(content(chairPeer)).toContain('基本情况')
    expect(content(chairPeer)).toBe(content(writer))
    expect(content(commenterPeer)).toBe(content(writer))
    type(writer, '成员实时输入的一段话。')
    await waitFor(
      () =>
        content(chairPeer).includes('成员实时输入的一段话。') &&
        content(commenterPeer).includes('成员实时输入的一段话。'),
      'the member’s edit to reach the chair and the commenter',
    )
  })

  it('drops a hand-made update from the chair’s and the commenter’s sockets, and logs it', async () => {
    const watcher = peer(sampleDocId, chair)
    await waitSynced([watcher])
    await sendDropped(sampleDocId, chair, 'zhuxi', '主席擅自修改')
    await sendDropped(sampleDocId, commenter, 'zhengqiu', '征求意见对象擅自修改')
    const seen = await freshContent(sampleDocId, member)
    expect(seen).toContain('基本情况')
    expect(seen).not.toContain('主席擅自修改')
    expect(seen).not.toContain('征求意见对象擅自修改')
    // Nor was it relayed to anyone.
    expect(content(watcher)).not.toContain('擅自修改')
  })

  it("a member's socket is writable: a hand-made update reaches a fresh client", async () => {
    const ws = await rawSocket(sampleDocId, member)
    ws.send(paragraphFrame('成员通过原始套接字写入'))
    await waitFor(
      async () => (await freshContent(sampleDocId, convener)).includes('成员通过原始套接字写入'),
      'the member’s update to be stored',
    )
  })
})

describe('rights that change close open sockets', () => {
  it("revoking the commenter's invitation closes their socket with 4404 and they cannot come back", async () => {
    const docId = (
      await call(convener, '/documents', { method: 'POST', json: { title: '关于优化营商环境的建议案', groupId } }, 201)
    ).id
    await call(
      convener,
      `/documents/${docId}/invitations`,
      { method: 'POST', json: { username: 'zhengqiu', until: null } },
      201,
    )
    const [invited, colleague] = [peer(docId, commenter), peer(sampleDocId, commenter)]
    await waitSynced([invited, colleague])

    await call(convener, `/documents/${docId}/invitations/${commenter.userId}`, { method: 'DELETE' }, 204)
    await waitFor(() => invited.closes.some((c) => c.code === 4404), 'the commenter’s socket to close with 4404')
    expect(invited.provider.shouldConnect).toBe(false)
    expect((await closeCode(docId, commenter)).code).toBe(4404)
    // Their invitation to the sample draft is untouched.
    expect(colleague.closes).toEqual([])
    expect(colleague.provider.wsconnected).toBe(true)
  })

  it("changing a group's members closes its sockets with 4500, and they reconnect with their new rights", async () => {
    const [staying, removed, chairPeer] = [
      peer(sampleDocId, member),
      peer(sampleDocId, member2),
      peer(sampleDocId, chair),
    ]
    await waitSynced([staying, removed, chairPeer])
    expect((await closeCode(sampleDocId, outsider)).code).toBe(4404)

    // chengyuan2 leaves the group, the outsider joins it.
    const changed = members
      .filter((m) => m.userId !== member2.userId)
      .concat({ userId: outsider.userId, convener: false })
    await call(admin, `/groups/${groupId}`, { method: 'PATCH', json: { members: changed } }, 200)
    await waitFor(
      () => [staying, removed, chairPeer].every((p) => p.closes.some((c) => c.code === 4500)),
      'every socket on the group’s document to close with 4500',
    )
    // The one who left is refused on reconnecting, and stops.
    await waitFor(() => removed.closes.some((c) => c.code === 4404), 'the removed member to be refused with 4404')
    expect(removed.provider.shouldConnect).toBe(false)
    // The others are back, with the rights they had.
    await waitFor(
      () => staying.provider.wsconnected && staying.provider.synced && chairPeer.provider.wsconnected,
      'the others to reconnect',
    )
    type(staying, '重新连接后继续编辑。')
    await waitFor(
      () => content(chairPeer).includes('重新连接后继续编辑。'),
      'the member’s edit after reconnecting to reach the chair',
    )
    await sendDropped(sampleDocId, chair, 'zhuxi', '重连后主席擅自修改')
    // The newcomer may now open and edit the document.
    const newcomer = peer(sampleDocId, outsider)
    await waitSynced([newcomer])
    type(newcomer, '新成员的第一段话。')
    await waitFor(() => content(staying).includes('新成员的第一段话。'), 'the newcomer’s edit to reach the others')
    expect(await freshContent(sampleDocId)).not.toContain('重连后主席擅自修改')

    // Back as it was: the newcomer's socket goes the same way.
    await call(admin, `/groups/${groupId}`, { method: 'PATCH', json: { members } }, 200)
    await waitFor(() => newcomer.closes.some((c) => c.code === 4500), 'the newcomer’s socket to close with 4500')
    await waitFor(() => newcomer.closes.some((c) => c.code === 4404), 'the newcomer to be refused once removed')
    expect(newcomer.provider.shouldConnect).toBe(false)
  })
})

describe('after a restart, and once a document is approved', () => {
  beforeAll(async () => {
    await restart((metadata) => {
      const report = metadata.documents.find((d) => d.id === reportDocId)
      if (!report) throw new Error('the report draft is missing from metadata.json')
      report.status = 'approved'
    })
  })

  it('nothing the read-only sockets sent was stored: the draft is unchanged after the restart', async () => {
    const seen = await freshContent(sampleDocId, member)
    expect(seen).toContain('基本情况')
    expect(seen).toContain('成员通过原始套接字写入')
    expect(seen).not.toContain('擅自修改')
  })

  it('the secretary receives the approved document and live awareness, read-only', async () => {
    const [secretaryPeer, memberPeer] = [peer(reportDocId, secretary), peer(reportDocId, member)]
    await waitSynced([secretaryPeer, memberPeer])
    expect(content(secretaryPeer)).toContain('三级养老服务网络')
    expect(content(secretaryPeer)).toBe(content(memberPeer))
    // Nobody may change an approved text, so what still travels live is presence.
    memberPeer.provider.awareness.setLocalStateField('user', { name: '李委员', color: '#c0392b' })
    await waitFor(
      () => secretaryPeer.provider.awareness.getStates().get(memberPeer.doc.clientID)?.user?.name === '李委员',
      'the member’s presence to reach the secretary',
    )
  })

  it('drops hand-made updates from everyone on the approved document, the member and the convener included', async () => {
    await sendDropped(reportDocId, secretary, 'mishu', '秘书擅自修改')
    await sendDropped(reportDocId, member, 'chengyuan1', '批准后成员修改')
    await sendDropped(reportDocId, convener, 'zuzhang', '批准后组长修改')
    await sendDropped(reportDocId, chair, 'zhuxi', '批准后主席修改')
    const seen = await freshContent(reportDocId, member)
    expect(seen).toContain('三级养老服务网络')
    expect(seen).not.toMatch(/擅自修改|批准后/)
    // An editor's own provider cannot write either.
    const editor = peer(reportDocId, member)
    let refused = 0
    editor.provider.messageHandlers[EVENT_MESSAGE_TYPE] = (_encoder, decoder: decoding.Decoder) => {
      if (readServerEvent(decoder)?.type === 'refused') refused++
    }
    await waitSynced([editor])
    type(editor, '编辑器里批准后的修改')
    // The log mentions a socket's dropped updates once; the socket itself is told of each.
    await waitFor(() => refused > 0, 'the server to tell the editor its update was dropped')
    expect(await freshContent(reportDocId, convener)).not.toContain('编辑器里批准后的修改')
  })

  it('still holds nothing of the dropped updates after another restart', async () => {
    await restart()
    const seen = await freshContent(reportDocId, member)
    expect(seen).toContain('三级养老服务网络')
    expect(seen).not.toMatch(/擅自修改|批准后/)
    expect(await freshContent(sampleDocId, member)).not.toContain('擅自修改')
  })
})

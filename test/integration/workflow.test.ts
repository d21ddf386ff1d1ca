import { execFile } from 'node:child_process'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { apiFetch, createDraft, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { repoRoot, startServer, tempDataDir, waitFor, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let dataDir: string
let convener: Session
let member: Session
let chair: Session
const peers: Peer[] = []

beforeAll(async () => {
  dataDir = tempDataDir().dir
  // Dropped updates are mentioned at debug level only, once per socket.
  server = await startServer({ dataDir, args: ['--demo'], env: { LOG_LEVEL: 'debug' } })
  ;[convener, member, chair] = await Promise.all(['zuzhang', 'chengyuan1', 'zhuxi'].map((u) => login(server, u)))
})
afterAll(async () => {
  for (const p of peers) p.destroy()
  await server.kill('SIGKILL')
})

function editor(session: Session, docId: string, target = server): Peer {
  const p = connectPeer(target.wsUrl, docId, { headers: { cookie: session.cookie } })
  peers.push(p)
  return p
}

/** Appends a paragraph through a peer, the way the editor's Y.XmlFragment holds text. */
function appendParagraph(p: Peer, text: string): void {
  const el = new Y.XmlElement('paragraph')
  el.insert(0, [new Y.XmlText(text)])
  const fragment = p.doc.getXmlFragment('default')
  fragment.insert(fragment.length, [el])
}

const textOf = (p: Peer) =>
  p.doc
    .getXmlFragment('default')
    .toArray()
    .map((el) => ((el as Y.XmlElement).get(0) as Y.XmlText | undefined)?.toString() ?? '')
    .join('\n')

async function draftWithText(paragraphs: string[]): Promise<{ docId: string; writer: Peer }> {
  const docId = await createDraft(convener, '关于完善农田管护机制的建议案')
  const writer = editor(member, docId)
  await waitSynced([writer])
  for (const p of paragraphs) appendParagraph(writer, p)
  const check = editor(member, docId)
  await waitSynced([check])
  await waitFor(() => textOf(check) === paragraphs.join('\n'), 'the text to be stored')
  check.destroy()
  return { docId, writer }
}

/** A hand-made update message that appends text, as a hostile client would send it. */
function forgedUpdate(base: Peer, text: string): Uint8Array {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base.doc))
  const before = Y.encodeStateVector(doc)
  const el = new Y.XmlElement('paragraph')
  el.insert(0, [new Y.XmlText(text)])
  doc.getXmlFragment('default').insert(0, [el])
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc, before))
  return encoding.toUint8Array(encoder)
}

describe('versions', () => {
  it('saves named versions with number, label, author, character count and a stable hash', async () => {
    const { docId } = await draftWithText(['一、基本情况', '近年来成效明显。'])
    const v1 = await member.json(`/documents/${docId}/versions`, {
      method: 'POST',
      body: JSON.stringify({ label: '第一稿' }),
      expect: 201,
    })
    const v2 = await member.json(`/documents/${docId}/versions`, {
      method: 'POST',
      body: JSON.stringify({ label: '第二稿：吸收农业农村局意见' }),
      expect: 201,
    })
    expect(v1).toMatchObject({ number: 1, label: '第一稿', kind: 'manual', authorId: member.userId, charCount: 14 })
    expect(v2.number).toBe(2)
    expect(v2.hash).toBe(v1.hash)
    const { versions } = await chair.json(`/documents/${docId}/versions`, { expect: 200 })
    expect(versions.map((v: any) => v.label)).toEqual(['第一稿', '第二稿：吸收农业农村局意见'])
    // The chair reads but does not edit, so saves no version.
    expect(
      (await chair.api(`/documents/${docId}/versions`, { method: 'POST', body: JSON.stringify({ label: 'x' }) }))
        .status,
    ).toBe(403)
    const read = await chair.json(`/documents/${docId}/versions/1`, { expect: 200 })
    expect(read.content.type).toBe('doc')
  })

  it('compares a version with the live draft character by character', async () => {
    const { docId, writer } = await draftWithText(['建议市财政建立稳定增长的投入机制。'])
    await member.json(`/documents/${docId}/versions`, {
      method: 'POST',
      body: JSON.stringify({ label: '初稿' }),
      expect: 201,
    })
    const text = (writer.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText
    text.insert(3, '、县')
    await waitFor(
      async () => (await member.json(`/documents/${docId}/diff?from=1&to=live`)).summary.added === 2,
      'the live diff',
    )
    const diff = await member.json(`/documents/${docId}/diff?from=1&to=live`, { expect: 200 })
    expect(diff.ops).toEqual([
      [0, '建议市'],
      [1, '、县'],
      [0, '财政建立稳定增长的投入机制。'],
    ])
  })

  it('restores a version as one change that converges with an editor typing at the same moment', async () => {
    const { docId, writer } = await draftWithText(['原始第一段。'])
    await member.json(`/documents/${docId}/versions`, {
      method: 'POST',
      body: JSON.stringify({ label: '原稿' }),
      expect: 201,
    })
    appendParagraph(writer, '后来加的一段。')
    const other = editor(convener, docId)
    await waitSynced([other])
    await waitFor(() => textOf(other) === '原始第一段。\n后来加的一段。', 'the addition to reach everyone')
    const restoring = member.json(`/documents/${docId}/versions/1/restore`, { method: 'POST', expect: 201 })
    appendParagraph(other, '恢复时同时输入。')
    const restored = await restoring
    expect(restored.kind).toBe('restore')
    await waitFor(
      () => textOf(writer) === textOf(other) && !textOf(writer).includes('后来加的一段。'),
      'both editors to converge on the restored text',
    )
    expect(textOf(writer).startsWith('原始第一段。')).toBe(true)
    const { versions } = await member.json(`/documents/${docId}/versions`)
    expect(versions.map((v: any) => v.kind)).toEqual(['manual', 'restore'])
  })
})

describe('the approval workflow', () => {
  it('runs 送审 → 退回 → 送审 → 审定, locking the document for every role, websocket included', async () => {
    const { docId, writer } = await draftWithText(['一、基本情况', '成效明显。'])
    const v1 = await member.json(`/documents/${docId}/versions`, {
      method: 'POST',
      body: JSON.stringify({ label: '第一稿' }),
      expect: 201,
    })

    // Only the convener submits; the chair decides.
    const memberSubmit = await member.api(`/documents/${docId}/workflow/submit`, {
      method: 'POST',
      body: JSON.stringify({ versionNumber: 1, note: 'x' }),
    })
    expect(memberSubmit.status).toBe(403)
    const submitted = await convener.json(`/documents/${docId}/workflow/submit`, {
      method: 'POST',
      body: JSON.stringify({ versionNumber: v1.number, note: '请审定' }),
      expect: 200,
    })
    expect(submitted.hash).toBe(v1.hash)
    const again = await convener.api(`/documents/${docId}/workflow/submit`, {
      method: 'POST',
      body: JSON.stringify({ versionNumber: 1, note: '再次' }),
    })
    expect(again.status).toBe(409)
    expect((await again.json()).error.message).toMatch(/already pending/)

    const inbox = await chair.json('/inbox', { expect: 200 })
    expect(inbox.submissions.map((s: any) => [s.documentId, s.note])).toContainEqual([docId, '请审定'])
    expect((await chair.json(`/documents/${docId}/workflow`)).liveDiffersFromSubmitted).toBe(false)
    appendParagraph(writer, '送审后继续修改。')
    await waitFor(
      async () => (await chair.json(`/documents/${docId}/workflow`)).liveDiffersFromSubmitted === true,
      'the chair to see the draft moved',
    )

    const noOpinion = await chair.api(`/documents/${docId}/workflow/return`, {
      method: 'POST',
      body: JSON.stringify({ opinion: '' }),
    })
    expect(noOpinion.status).toBe(400)
    await chair.json(`/documents/${docId}/workflow/return`, {
      method: 'POST',
      body: JSON.stringify({ opinion: '请补充数据来源' }),
      expect: 200,
    })
    expect((await member.json(`/documents/${docId}/workflow`)).status).toBe('returned')
    const notes = await member.json('/notifications', { expect: 200 })
    expect(notes.unread).toBeGreaterThanOrEqual(2)
    expect(notes.notifications[0].text).toContain('请补充数据来源')

    const v2 = await member.json(`/documents/${docId}/versions`, {
      method: 'POST',
      body: JSON.stringify({ label: '修改稿' }),
      expect: 201,
    })
    const second = await convener.json(`/documents/${docId}/workflow/submit`, {
      method: 'POST',
      body: JSON.stringify({ versionNumber: v2.number, note: '已补充' }),
      expect: 200,
    })
    expect(
      (await chair.json('/inbox')).submissions.find((s: any) => s.documentId === docId).previousVersionNumber,
    ).not.toBeNull()

    const closes: number[] = []
    writer.provider.on('connection-close', (e) => e && closes.push(e.code))
    await chair.json(`/documents/${docId}/workflow/approve`, {
      method: 'POST',
      body: JSON.stringify({ opinion: '同意' }),
      expect: 200,
    })
    await waitFor(() => closes.includes(4500), 'open editors to reconnect after approval')
    const view = await member.json(`/documents/${docId}/workflow`, { expect: 200 })
    expect(view.status).toBe('approved')
    expect(view.approved).toMatchObject({ versionNumber: second.versionNumber, hash: v2.hash, byName: '陈主席' })
    expect((await member.json(`/documents/${docId}`)).access.edit).toBe(false)

    // Every role's updates are dropped now: member, convener, chair, over raw sockets.
    const approvedText = await waitForText(docId)
    for (const session of [member, convener, chair]) {
      const ws = new WebSocket(`${server.wsUrl}/collab/${docId}`, { headers: { cookie: session.cookie } })
      await new Promise((r) => ws.once('open', r))
      ws.send(forgedUpdate(writer, `篡改-${session.userId}`))
      ws.close()
    }
    await waitFor(
      () => (server.output().match(/dropped an update from read-only socket/g) ?? []).length >= 3,
      'the server to log the dropped updates',
    )
    expect(await waitForText(docId)).toBe(approvedText)
    expect(approvedText).toContain('送审后继续修改。')

    const reopenByMember = await member.api(`/documents/${docId}/workflow/reopen`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'x' }),
    })
    expect(reopenByMember.status).toBe(403)
    await chair.json(`/documents/${docId}/workflow/reopen`, {
      method: 'POST',
      body: JSON.stringify({ reason: '根据主席会议意见再作修改' }),
      expect: 204,
    })
    expect((await member.json(`/documents/${docId}`)).access.edit).toBe(true)

    const audit = await member.json(`/documents/${docId}/audit`, { expect: 200 })
    expect(audit.verified).toBe(true)
    expect(audit.entries.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['version', 'submit', 'return', 'approve', 'reopen']),
    )
  })

  it('offers each person exactly the steps the server would take from them, in every state', async () => {
    const docId = await createDraft(convener, '关于改进农村供水的建议案')
    const v1 = await member.json(`/documents/${docId}/versions`, {
      method: 'POST',
      body: JSON.stringify({ label: '第一稿' }),
      expect: 201,
    })
    const offered = async () =>
      Object.fromEntries(
        await Promise.all(
          Object.entries({ convener, member, chair }).map(async ([name, session]) => [
            name,
            (await session.json(`/documents/${docId}/workflow`, { expect: 200 })).actions,
          ]),
        ),
      )
    const step = (session: Session, action: string, body: object, expect: number) =>
      session.json(`/documents/${docId}/workflow/${action}`, { method: 'POST', body: JSON.stringify(body), expect })

    expect(await offered()).toEqual({ convener: ['submit'], member: [], chair: [] })
    await step(convener, 'submit', { versionNumber: v1.number, note: '请审定' }, 200)
    expect(await offered()).toEqual({ convener: [], member: [], chair: ['approve', 'return'] })
    await step(chair, 'return', { opinion: '请补充' }, 200)
    expect(await offered()).toEqual({ convener: ['submit'], member: [], chair: [] })
    await step(convener, 'submit', { versionNumber: v1.number, note: '已补充', unchanged: true }, 200)
    await step(chair, 'approve', { opinion: '同意' }, 200)
    expect(await offered()).toEqual({ convener: [], member: [], chair: ['reopen'] })
    await step(chair, 'reopen', { reason: '再作修改' }, 204)
    expect(await offered()).toEqual({ convener: ['submit'], member: [], chair: [] })
  })

  it('submits a version under its own number, the live draft as a new version only when none holds its text', async () => {
    const { docId, writer } = await draftWithText(['一、基本情况', '成效明显。'])
    const step = (session: Session, action: string, body: object, expect: number) =>
      session.json(`/documents/${docId}/workflow/${action}`, { method: 'POST', body: JSON.stringify(body), expect })
    const versionsOf = async () => (await member.json(`/documents/${docId}/versions`, { expect: 200 })) as any

    // The live draft, saved by nobody yet: it becomes v1, a 送审稿, and v1 is what is submitted.
    const first = await step(convener, 'submit', { note: '请审定' }, 200)
    let list = await versionsOf()
    expect(list.versions.map((v: any) => [v.number, v.kind, v.label])).toEqual([[1, 'submission', '送审稿']])
    expect(first).toMatchObject({ versionNumber: 1, hash: list.versions[0].hash })
    expect(list.marks).toEqual([{ versionNumber: 1, state: 'submitted', at: first.submittedAt }])

    // Returned: sending the same text again is refused unless it is meant, whichever way it is chosen.
    await step(chair, 'return', { opinion: '请补充数据来源' }, 200)
    const view = await convener.json(`/documents/${docId}/workflow`, { expect: 200 })
    expect(view).toMatchObject({ status: 'returned', liveDiffersFromSubmitted: false, liveVersion: 1 })
    for (const body of [{ note: '' }, { versionNumber: 1, note: '' }]) {
      const refused = await convener.api(`/documents/${docId}/workflow/submit`, {
        method: 'POST',
        body: JSON.stringify(body),
      })
      expect(refused.status).toBe(409)
      expect((await refused.json()).error).toMatchObject({ code: 'workflow_conflict', message: /unchanged/ })
    }
    await step(convener, 'submit', { note: '数据已核实，无需修改', unchanged: true }, 200)
    expect((await versionsOf()).versions).toHaveLength(1)
    expect((await member.json('/notifications')).notifications[0].text).toContain('v1 未作修改，再次送审')

    // Revised, saved as v2 by a member; submitting the live draft then submits v2 itself.
    await step(chair, 'return', { opinion: '请补充近三年数据' }, 200)
    appendParagraph(writer, '近三年累计投入2.3亿元。')
    await waitFor(
      async () => (await convener.json(`/documents/${docId}/workflow`)).liveDiffersFromSubmitted === true,
      'the revision to reach the server',
    )
    const v2 = await member.json(`/documents/${docId}/versions`, {
      method: 'POST',
      body: JSON.stringify({ label: '修改稿' }),
      expect: 201,
    })
    expect((await convener.json(`/documents/${docId}/workflow`)).liveVersion).toBe(v2.number)
    const second = await step(convener, 'submit', { note: '已补充' }, 200)
    expect(second.versionNumber).toBe(v2.number)

    // Approved as v2: no version is added, the audit entry names v2.
    await step(chair, 'approve', { opinion: '同意' }, 200)
    list = await versionsOf()
    expect(list.versions.map((v: any) => v.number)).toEqual([1, 2])
    expect(list.marks.map((m: any) => [m.versionNumber, m.state])).toEqual([
      [1, 'returned'],
      [1, 'returned'],
      [2, 'approved'],
    ])
    expect((await member.json(`/documents/${docId}/workflow`)).approved).toMatchObject({ versionNumber: 2 })
    const audit = await member.json(`/documents/${docId}/audit`, { expect: 200 })
    expect(audit.entries.filter((e: any) => e.action === 'approve').map((e: any) => e.versionNumber)).toEqual([2])

    // An approval belongs to its number (register, earlier exports): reopened, v2 goes up again as a labelled copy.
    await step(chair, 'reopen', { reason: '再议' }, 204)
    expect((await convener.json(`/documents/${docId}/workflow`)).liveVersion).toBeNull()
    const again = await step(convener, 'submit', { versionNumber: 2, note: '' }, 200)
    list = await versionsOf()
    expect(again.versionNumber).toBe(3)
    expect(list.versions.at(-1)).toMatchObject({ number: 3, label: 'v2 再次送审', kind: 'submission', hash: v2.hash })
  })

  it('refuses illegal transitions with 409 and the reason', async () => {
    const { docId } = await draftWithText(['正文。'])
    const res = await chair.api(`/documents/${docId}/workflow/approve`, {
      method: 'POST',
      body: JSON.stringify({ opinion: '' }),
    })
    expect(res.status).toBe(409)
    expect((await res.json()).error.message).toBe('cannot approve a document that is a draft')
  })
})

describe('the audit verifier', () => {
  it('names the entry that was changed in the stored data', async () => {
    await server.kill('SIGTERM')
    const file = join(dataDir, 'metadata.json')
    const data = JSON.parse(readFileSync(file, 'utf8'))
    const target = data.audit.find((e: any) => e.seq === 1)
    target.details = '被篡改'
    writeFileSync(file, JSON.stringify(data))
    const run = promisify(execFile)
    const result = await run(process.execPath, ['--import', 'tsx', 'server/cli/audit-verify.ts'], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: dataDir },
    }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(new RegExp(`BROKEN  ${target.documentId} .*entry 1 .*content was changed`))
    server = await startServer({ dataDir })
  })
})

describe('the audit verifier on anchored chains', () => {
  it('checks deleted documents and the system chain, and notices entries cut from the end of a chain', async () => {
    const { dir: keyDir } = tempDataDir()
    const keyFile = join(keyDir, 'audit.key')
    const own = await startServer({ args: ['--demo'], env: { AUDIT_KEY_FILE: keyFile } })
    const verify = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli/audit-verify.ts'], {
        cwd: repoRoot,
        env: { ...process.env, DATA_DIR: own.dataDir, AUDIT_KEY_FILE: keyFile },
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      )
    try {
      expect(statSync(keyFile).mode & 0o777).toBe(0o600)
      const zuzhang = await login(own, 'zuzhang')
      expect(
        (
          await apiFetch(own)('/auth/login', {
            method: 'POST',
            body: JSON.stringify({ username: 'zuzhang', password: 'wrong' }),
          })
        ).status,
      ).toBe(401)
      const kept = await createDraft(zuzhang, '保留的建议案')
      const gone = await createDraft(zuzhang, '将被删除的建议案')
      await zuzhang.json(`/documents/${kept}`, {
        method: 'PATCH',
        body: JSON.stringify({ title: '改名后的建议案' }),
        expect: 200,
      })
      await zuzhang.json(`/documents/${gone}`, { method: 'DELETE', expect: 204 })
    } finally {
      await own.kill('SIGTERM')
    }
    const file = join(own.dataDir, 'metadata.json')
    const data = JSON.parse(readFileSync(file, 'utf8'))
    const actions = (id: string) => data.audit.filter((e: any) => e.documentId === id).map((e: any) => e.action)
    expect(actions('_system-audit___')).toEqual(
      expect.arrayContaining(['user_create', 'group_update', 'login', 'login_failed']),
    )

    const clean = await verify()
    expect(clean.code).toBe(0)
    expect(clean.stdout).toMatch(/ok .*\(deleted document\)/)
    expect(clean.stdout).toMatch(/ok {6}_system-audit___/)

    // The last entries of the kept document's chain (its rename) disappear from the stored data.
    const keptId = data.audit.find((e: any) => e.action === 'rename').documentId
    data.audit = data.audit.filter((e: any) => !(e.documentId === keptId && e.action === 'rename'))
    writeFileSync(file, JSON.stringify(data))
    const cut = await verify()
    expect(cut.code).toBe(1)
    expect(cut.stdout).toMatch(new RegExp(`BROKEN  ${keptId} .*signs 2 entries but 1 are stored`))
  })
})

async function waitForText(docId: string): Promise<string> {
  const reader = editor(member, docId)
  try {
    await waitSynced([reader])
    return textOf(reader)
  } finally {
    reader.destroy()
  }
}

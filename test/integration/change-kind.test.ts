/**
 * 改文种 over HTTP (PUT /documents/:id/kind): the convener turns a draft into another kind, its text
 * untouched and the change audited; the list, the workflow and the export follow the new kind. A
 * bad kind is 400 naming the field, a member 403, an outsider 404 (as for a missing document); a
 * 建议案 in or after 送审 (submitted, or reopened with its history) and a 纪要 the schedule links to
 * keep their kind (409).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let convener: Session
let member: Session
let chair: Session
let commenter: Session
let groupId: string

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  ;[convener, member, chair, commenter] = await Promise.all(
    ['zuzhang', 'chengyuan1', 'zhuxi', 'zhengqiu'].map((name) => login(server, name)),
  )
  groupId = (await demoGroup(convener)).groupId
})
afterAll(async () => {
  await server.kill('SIGKILL')
})

interface Doc {
  id: string
  kind: string
  status: string
  abilities: { changeKind: boolean }
}

const create = (kind: string, title: string): Promise<Doc> =>
  convener.json('/documents', {
    method: 'POST',
    body: JSON.stringify({ title, groupId, kind, template: 'template' }),
    expect: 201,
  })

const changeKind = (session: Session, id: string, body: unknown) =>
  session.api(`/documents/${id}/kind`, { method: 'PUT', body: JSON.stringify(body) })

/** The document's text now, as the plain-text export prints it (after its 草稿（第n版） line). */
async function text(id: string, label: string): Promise<string> {
  const { number } = await convener.json<{ number: number }>(`/documents/${id}/versions`, {
    method: 'POST',
    body: JSON.stringify({ label }),
    expect: 201,
  })
  const res = await convener.api(`/documents/${id}/versions/${number}/export/txt`)
  expect(res.status).toBe(200)
  return (await res.text()).split('\n').slice(1).join('\n')
}

describe('改文种', () => {
  it('turns a 调研报告 into a 调研方案: the text stays, the list and the audit say so', async () => {
    const doc = await create('report', '关于我市农机服务情况的调研报告')
    expect(doc.abilities.changeKind).toBe(true)
    const before = await text(doc.id, '改文种之前')

    const res = await changeKind(convener, doc.id, { kind: 'plan' })
    expect(res.status).toBe(200)
    const changed = (await res.json()) as Doc
    expect(changed).toMatchObject({ id: doc.id, kind: 'plan', status: 'draft' })

    const { documents } = await convener.json<{ documents: Doc[] }>('/documents', { expect: 200 })
    expect(documents.find((d) => d.id === doc.id)?.kind).toBe('plan')
    expect((await convener.json<Doc>(`/documents/${doc.id}`, { expect: 200 })).kind).toBe('plan')
    // The template applied at creation only: the body is the 调研报告's, under its new kind.
    expect(await text(doc.id, '改文种之后')).toBe(before)

    const audit = await convener.json<{ entries: { action: string; details: string; actorId: string }[] }>(
      `/documents/${doc.id}/audit`,
    )
    expect(audit.entries.filter((e) => e.action === 'kind_change')).toEqual([
      expect.objectContaining({ details: 'kind report → plan', actorId: convener.userId }),
    ])
  })

  it('gives a 建议案 made of a 调研报告 its 送审, and takes it away again', async () => {
    const doc = await create('report', '关于我市冷链物流的调研报告')
    const actions = async () =>
      (await convener.json<{ actions: string[] }>(`/documents/${doc.id}/workflow`, { expect: 200 })).actions
    expect(await actions()).toEqual([])
    expect((await changeKind(convener, doc.id, { kind: 'proposal' })).status).toBe(200)
    expect(await actions()).toEqual(['submit'])
    expect((await changeKind(convener, doc.id, { kind: 'report' })).status).toBe(200)
    expect(await actions()).toEqual([])
  })

  it('answers the same kind with the document as it is, and audits nothing', async () => {
    const doc = await create('plan', '关于我市乡村旅游的调研方案')
    const res = await changeKind(convener, doc.id, { kind: 'plan' })
    expect(res.status).toBe(200)
    const audit = await convener.json<{ entries: { action: string }[] }>(`/documents/${doc.id}/audit`)
    expect(audit.entries.map((e) => e.action)).not.toContain('kind_change')
  })

  it('refuses a kind it does not know with 400 naming the field', async () => {
    const doc = await create('report', '关于我市种业振兴的调研报告')
    for (const body of [{ kind: 'letter' }, {}, { kind: '调研方案' }]) {
      const res = await changeKind(convener, doc.id, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect((await res.json()).error).toMatchObject({ code: 'invalid_input', field: 'kind' })
    }
    expect((await convener.json<Doc>(`/documents/${doc.id}`)).kind).toBe('report')
  })

  it('lets only the conveners change it: 403 for a member and the chair, 404 for a commenter not invited to it', async () => {
    const doc = await create('report', '关于我市农村供水的调研报告')
    for (const session of [member, chair]) {
      const res = await changeKind(session, doc.id, { kind: 'plan' })
      expect(res.status).toBe(403)
      expect((await res.json()).error).toMatchObject({ code: 'forbidden', reason: 'convener_only' })
      expect((await session.json<Doc>(`/documents/${doc.id}`)).abilities.changeKind).toBe(false)
    }
    const hidden = await changeKind(commenter, doc.id, { kind: 'plan' })
    const missing = await changeKind(commenter, 'AAAAAAAAAAAAAAAA', { kind: 'plan' })
    expect(hidden.status).toBe(404)
    expect(missing.status).toBe(404)
    expect(await hidden.json()).toEqual(await missing.json())
    expect((await convener.json<Doc>(`/documents/${doc.id}`)).kind).toBe('report')
  })

  it('keeps a submitted 建议案 a 建议案, and one reopened after its 审定 too', async () => {
    const doc = await create('proposal', '关于加快农产品冷链建设的建议案')
    await convener.json(`/documents/${doc.id}/workflow/submit`, {
      method: 'POST',
      body: JSON.stringify({ note: '请审定' }),
      expect: 200,
    })
    const submitted = await changeKind(convener, doc.id, { kind: 'report' })
    expect(submitted.status).toBe(409)
    const refusal = (await submitted.json()).error
    expect(refusal).toMatchObject({ code: 'conflict', reason: 'kind_not_draft', params: { state: 'submitted' } })
    expect(refusal.message).toMatch(/^只有起草中的文稿可以更改文种/)
    expect((await convener.json<Doc>(`/documents/${doc.id}`)).abilities.changeKind).toBe(false)

    await chair.json(`/documents/${doc.id}/workflow/approve`, {
      method: 'POST',
      body: JSON.stringify({ opinion: '同意' }),
      expect: 200,
    })
    expect((await changeKind(convener, doc.id, { kind: 'report' })).status).toBe(409)
    await chair.json(`/documents/${doc.id}/workflow/reopen`, {
      method: 'POST',
      body: JSON.stringify({ reason: '补充数据' }),
      expect: 204,
    })
    // 起草中 again, but with a 送审 and an 审定 behind it.
    expect((await convener.json<Doc>(`/documents/${doc.id}`)).status).toBe('draft')
    const reopened = await changeKind(convener, doc.id, { kind: 'report' })
    expect(reopened.status).toBe(409)
    expect((await reopened.json()).error).toMatchObject({ code: 'conflict', reason: 'kind_has_history' })
    expect((await convener.json<Doc>(`/documents/${doc.id}`)).kind).toBe('proposal')
  })

  it('lets one of a 送审 and a 改文种 sent together win, never leaving a submitted 调研报告', async () => {
    for (let round = 0; round < 8; round++) {
      const doc = await create('proposal', `关于加快农产品冷链建设的建议案（第${round + 1}稿）`)
      const [submitted, changed] = await Promise.all([
        convener.api(`/documents/${doc.id}/workflow/submit`, {
          method: 'POST',
          body: JSON.stringify({ note: '请审定' }),
        }),
        changeKind(convener, doc.id, { kind: 'report' }),
      ])
      const after = await convener.json<Doc>(`/documents/${doc.id}`)
      // Exactly one of the two took effect, and the document says which.
      expect([submitted.status, changed.status].filter((status) => status === 200)).toHaveLength(1)
      if (submitted.status === 200) expect(after).toMatchObject({ kind: 'proposal', status: 'submitted' })
      else expect(after).toMatchObject({ kind: 'report', status: 'draft' })
    }
  })

  it('keeps a 纪要 the schedule links to a 纪要', async () => {
    const { activities } = await convener.json<{ activities: { minutesId: string | null }[] }>(
      `/groups/${groupId}/activities`,
    )
    const minutesId = activities.find((a) => a.minutesId)?.minutesId
    expect(minutesId).toBeTruthy()
    const res = await changeKind(convener, minutesId!, { kind: 'report' })
    expect(res.status).toBe(409)
    expect((await res.json()).error).toMatchObject({ code: 'conflict', reason: 'kind_minutes_linked' })
    // A 纪要 written without an activity changes like any draft.
    const loose = await create('minutes', '农机合作社座谈会纪要')
    expect((await changeKind(convener, loose.id, { kind: 'report' })).status).toBe(200)
  })
})

/**
 * 办理跟踪 against the real server: the secretary records 领导批示 (with a scanned page), 转办,
 * 办理反馈 and 成果转化 on a sent 建议案; the group reads the timeline; files are served as
 * attachments of the kind their content is; bad uploads (a page disguised by its name, too large,
 * empty) are refused with a reason and leave nothing stored; every entry is on the document's audit
 * chain; and a 建议案 sent more than FOLLOW_UP_DAYS ago without 批示 or 反馈 is 待跟踪 in the
 * secretary's inbox.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFollowUpDetails } from '../../shared/audit-details.js'
import type { FollowUpEntry, FollowUpTimeline } from '../../shared/follow-up.js'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { colouredPng, htmlPage, samplePdf } from '../helpers/material-files.js'
import { startServer, type RunningServer } from '../helpers/server.js'

/** Small enough that a test file passes it. */
const MAX_UPLOAD_BYTES = 256 * 1024
const FOLLOW_UP_DAYS = 20

let server: RunningServer
let convener: Session, member: Session, chair: Session, secretary: Session, commenter: Session
/** Sent long ago: 待跟踪 until a 批示 or 反馈 is recorded. */
let sent: string
/** Approved but not sent. */
let unsent: string

/** YYYY-MM-DD `days` before today (UTC; a day's slack either side is kept out of the assertions). */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10)

/** A 建议案 saved as a version, submitted, approved and — when `sentOn` — registered as sent. */
async function approvedProposal(title: string, sentOn: string | null): Promise<string> {
  const docId = await createDraft(convener, title)
  const version = await member.json<{ number: number }>(`/documents/${docId}/versions`, {
    method: 'POST',
    body: JSON.stringify({ label: '送审稿' }),
    expect: 201,
  })
  await convener.json(`/documents/${docId}/workflow/submit`, {
    method: 'POST',
    body: JSON.stringify({ versionNumber: version.number, note: '' }),
    expect: 200,
  })
  await chair.json(`/documents/${docId}/workflow/approve`, {
    method: 'POST',
    body: JSON.stringify({ opinion: '同意' }),
    expect: 200,
  })
  if (sentOn) {
    await secretary.json(`/documents/${docId}/register`, {
      method: 'POST',
      body: JSON.stringify({
        documentNumber: `政协××〔2026〕${Math.floor(Math.random() * 900) + 100}号`,
        recipients: '中共××市委、××市人民政府',
        sentOn,
        sentBy: '办公室 李××',
      }),
      expect: 201,
    })
  }
  return docId
}

const instruction = {
  kind: 'instruction',
  date: '2026-03-02',
  leader: '张××',
  post: '市委书记',
  text: '请市农业农村局牵头，会同市财政局认真研究，抓好落实。',
}

/** The entry as multipart form data, with a file when given; answered however the server ends it. */
async function record(session: Session, docId: string, entry: unknown, file?: { bytes: Uint8Array; name: string }) {
  const form = new FormData()
  form.set('entry', typeof entry === 'string' ? entry : JSON.stringify(entry))
  if (file) form.set('file', new Blob([new Uint8Array(file.bytes)], { type: 'image/png' }), file.name)
  const encoded = new Response(form)
  const body = Buffer.from(await encoded.arrayBuffer())
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(
      `${server.url}/api/documents/${docId}/follow-up`,
      {
        method: 'POST',
        agent: false,
        headers: {
          cookie: session.cookie,
          'content-type': encoded.headers.get('content-type')!,
          'content-length': body.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()) }))
      },
    )
    // A body refused unread may be cut off before it is all sent.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error)
    })
    req.end(body)
  })
}

const timeline = (session: Session, docId: string) =>
  session.json<FollowUpTimeline>(`/documents/${docId}/follow-up`, { expect: 200 })

const storedFiles = () => {
  const dir = join(server.dataDir, 'follow-up')
  return existsSync(dir) ? readdirSync(dir).sort() : []
}

const followUpAudit = async (docId: string) =>
  (
    await secretary.json<{ entries: { action: string; details: string; actorId: string }[] }>(
      `/documents/${docId}/audit`,
      { expect: 200 },
    )
  ).entries.filter((e) => e.action.startsWith('follow_up_'))

beforeAll(async () => {
  server = await startServer({
    args: ['--demo'],
    env: { MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES), FOLLOW_UP_DAYS: String(FOLLOW_UP_DAYS) },
  })
  ;[convener, member, chair, secretary, commenter] = await Promise.all(
    ['zuzhang', 'chengyuan1', 'zhuxi', 'mishu', 'zhengqiu'].map((u) => login(server, u)),
  )
  sent = await approvedProposal('关于加快高标准农田建设的建议案', daysAgo(FOLLOW_UP_DAYS + 5))
  unsent = await approvedProposal('关于推进农村人居环境整治的建议案', null)
})

afterAll(async () => {
  await server?.kill('SIGKILL')
})

describe('办理跟踪 of a sent 建议案', () => {
  it('is 待跟踪 in the secretary’s inbox once sent more than FOLLOW_UP_DAYS ago; not in the chair’s', async () => {
    const inbox = await secretary.json<{ followUps: { documentId: string; days: number; sentOn: string }[] }>(
      '/inbox',
      { expect: 200 },
    )
    const due = inbox.followUps.find((d) => d.documentId === sent)
    expect(due).toMatchObject({ sentOn: daysAgo(FOLLOW_UP_DAYS + 5), documentNumber: expect.stringMatching(/^政协/) })
    expect(due!.days).toBeGreaterThan(FOLLOW_UP_DAYS)
    expect(inbox.followUps.some((d) => d.documentId === unsent)).toBe(false)
    expect((await chair.json<{ followUps: unknown[] }>('/inbox', { expect: 200 })).followUps).toEqual([])
  })

  it('is not 待跟踪 when sent within FOLLOW_UP_DAYS', async () => {
    const recent = await approvedProposal('关于发展乡村旅游的建议案', daysAgo(FOLLOW_UP_DAYS - 5))
    const inbox = await secretary.json<{ followUps: { documentId: string }[] }>('/inbox', { expect: 200 })
    expect(inbox.followUps.some((d) => d.documentId === recent)).toBe(false)
  })

  it('before it is sent, the timeline is empty and the secretary may not record (409 follow_up_not_sent)', async () => {
    expect(await timeline(secretary, unsent)).toMatchObject({ entries: [], canRecord: false, sent: false })
    const refused = await record(secretary, unsent, instruction)
    expect(refused.status).toBe(409)
    expect(refused.body.error.reason).toBe('follow_up_not_sent')
  })

  it('the secretary records a 批示 with a scanned page; the group reads it, the file comes back as it went', async () => {
    const page = colouredPng(120, 80)
    const before = await timeline(secretary, sent)
    expect(before).toMatchObject({ entries: [], canRecord: true, sent: true, maxBytes: MAX_UPLOAD_BYTES })
    const added = await record(
      secretary,
      sent,
      { ...instruction, text: `  ${instruction.text}  ` },
      {
        bytes: page,
        name: '批示 扫描件.png',
      },
    )
    expect(added.status).toBe(201)
    const entry = added.body as FollowUpEntry
    expect(entry).toMatchObject({ ...instruction, documentId: sent, recordedBy: secretary.userId })
    expect(entry.file).toMatchObject({ type: 'png', fileName: '批示 扫描件.png', size: page.length })

    for (const reader of [member, convener, chair, secretary]) {
      const seen = await timeline(reader, sent)
      expect(seen.entries, reader.userId).toEqual([entry])
      expect(seen.canRecord).toBe(reader === secretary)
    }

    const res = await member.api(`/documents/${sent}/follow-up/${entry.id}/file`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]*\.png"; filename\*=UTF-8''/)
    expect(decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(res.headers.get('content-disposition')!)![1])).toBe(
      '批示 扫描件.png',
    )
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain('sandbox')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(page)

    // On the document's audit chain, with the file's hash.
    const audit = await followUpAudit(sent)
    expect(audit.map((e) => e.action)).toEqual(['follow_up_add'])
    expect(readFollowUpDetails(audit[0].details)).toMatchObject({
      id: entry.id,
      kind: 'instruction',
      date: '2026-03-02',
      summary: '张×× 市委书记',
      fileName: '批示 扫描件.png',
    })
    expect(readFollowUpDetails(audit[0].details)!.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('a 批示 takes it off the 待跟踪 list', async () => {
    const inbox = await secretary.json<{ followUps: { documentId: string }[] }>('/inbox', { expect: 200 })
    expect(inbox.followUps.some((d) => d.documentId === sent)).toBe(false)
  })

  it('records 转办, a 办理反馈 with a PDF reply and a 成果转化, shown by date', async () => {
    const referral = await record(secretary, sent, {
      kind: 'referral',
      date: '2026-03-05',
      units: '市农业农村局、市财政局',
      note: '',
    })
    expect(referral.status).toBe(201)
    const pdf = await samplePdf('Reply of the Agriculture Bureau')
    const feedback = await record(
      secretary,
      sent,
      { kind: 'feedback', date: '2026-04-20', unit: '市农业农村局', text: '已将高标准农田建设纳入年度重点工作。' },
      { bytes: pdf, name: '答复函.pdf' },
    )
    expect(feedback.status).toBe(201)
    expect(feedback.body.file).toMatchObject({ type: 'pdf', size: pdf.length })
    const outcome = await record(secretary, sent, {
      kind: 'outcome',
      date: '2026-03-20',
      outcomeKind: 'policy',
      title: '关于加快推进高标准农田建设的实施意见',
      reference: '×政办发〔2026〕5号',
      note: '',
    })
    expect(outcome.status).toBe(201)
    const seen = await timeline(chair, sent)
    expect(seen.entries.map((e) => [e.date, e.kind])).toEqual([
      ['2026-03-02', 'instruction'],
      ['2026-03-05', 'referral'],
      ['2026-03-20', 'outcome'],
      ['2026-04-20', 'feedback'],
    ])
    const file = await chair.api(`/documents/${sent}/follow-up/${feedback.body.id}/file`)
    expect(file.headers.get('content-type')).toBe('application/pdf')
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf)
  })

  describe('bad input is refused with a reason, and nothing is stored', () => {
    async function expectNothingStored(run: () => Promise<void>) {
      const [entries, files, audit] = [
        (await timeline(secretary, sent)).entries,
        storedFiles(),
        await followUpAudit(sent),
      ]
      await run()
      expect((await timeline(secretary, sent)).entries).toEqual(entries)
      expect(storedFiles()).toEqual(files)
      expect(await followUpAudit(sent)).toEqual(audit)
    }

    it('a web page named .png and sent as image/png → 415 follow_up_type, in both languages', async () => {
      await expectNothingStored(async () => {
        const refused = await record(secretary, sent, instruction, { bytes: htmlPage(), name: '批示.png' })
        expect(refused.status).toBe(415)
        expect(refused.body.error).toMatchObject({ code: 'invalid_input', field: 'file', reason: 'follow_up_type' })
        expect(refused.body.error.message).toMatch(/PDF、PNG 或 JPEG.*\/ the file is none of PDF, PNG, JPEG/)
      })
    })

    it('a file over MAX_UPLOAD_BYTES → 413 too_large before it is read, in both languages', async () => {
      await expectNothingStored(async () => {
        const big = new Uint8Array(MAX_UPLOAD_BYTES + 1)
        big.set(colouredPng(4, 4))
        const refused = await record(secretary, sent, instruction, { bytes: big, name: '批示.png' })
        expect(refused.status).toBe(413)
        expect(refused.body.error.code).toBe('too_large')
        expect(refused.body.error.message).toMatch(/上限.*\/ request body too large/)
      })
    })

    it('an empty file → 400 file_empty', async () => {
      await expectNothingStored(async () => {
        const refused = await record(secretary, sent, instruction, { bytes: new Uint8Array(0), name: '批示.png' })
        expect(refused.status).toBe(400)
        expect(refused.body.error).toMatchObject({ field: 'file', reason: 'file_empty' })
        expect(refused.body.error.message).toMatch(/空的.*\/ the file is empty/)
      })
    })

    it('a file on a 转办 → 400 follow_up_no_file; an entry without its leader, a bad date or bad JSON → 400 naming it', async () => {
      await expectNothingStored(async () => {
        const withFile = await record(
          secretary,
          sent,
          { kind: 'referral', date: '2026-03-05', units: '市财政局', note: '' },
          { bytes: colouredPng(), name: 'a.png' },
        )
        expect([withFile.status, withFile.body.error.reason]).toEqual([400, 'follow_up_no_file'])
        const noLeader = await record(secretary, sent, { ...instruction, leader: '  ' })
        expect(noLeader.status).toBe(400)
        expect(noLeader.body.error.field).toBe('entry.leader')
        const badDate = await record(secretary, sent, { ...instruction, date: '2026-3-2' })
        expect([badDate.status, badDate.body.error.field]).toEqual([400, 'entry.date'])
        const tooLong = await record(secretary, sent, { ...instruction, text: '批'.repeat(5001) })
        expect([tooLong.status, tooLong.body.error.reason]).toEqual([400, 'too_long'])
        const notJson = await record(secretary, sent, '{kind:')
        expect([notJson.status, notJson.body.error.field]).toEqual([400, 'entry'])
        const unknownKind = await record(secretary, sent, { ...instruction, kind: 'rumour' })
        expect(unknownKind.status).toBe(400)
      })
    })

    it('nobody but the secretary records: members and the chair 403, a commenter 404', async () => {
      await expectNothingStored(async () => {
        for (const session of [member, convener, chair]) {
          const refused = await record(session, sent, instruction, { bytes: colouredPng(), name: 'a.png' })
          expect([refused.status, refused.body.error.reason]).toEqual([403, 'follow_up_forbidden'])
        }
        expect((await record(commenter, sent, instruction)).status).toBe(404)
      })
    })
  })

  it('the secretary removes an entry recorded by mistake: its file goes, the audit chain keeps what it was', async () => {
    const mistaken = await record(
      secretary,
      sent,
      { ...instruction, date: '2026-03-03', leader: '王××' },
      { bytes: colouredPng(10, 10), name: '误录.png' },
    )
    expect(mistaken.status).toBe(201)
    expect(storedFiles()).toContain(mistaken.body.id)
    await member.json(`/documents/${sent}/follow-up/${mistaken.body.id}`, { method: 'DELETE', expect: 403 })
    const res = await secretary.api(`/documents/${sent}/follow-up/${mistaken.body.id}`, { method: 'DELETE' })
    expect(res.status).toBe(204)
    expect(storedFiles()).not.toContain(mistaken.body.id)
    expect((await timeline(member, sent)).entries.some((e) => e.id === mistaken.body.id)).toBe(false)
    await secretary.json(`/documents/${sent}/follow-up/${mistaken.body.id}`, { method: 'DELETE', expect: 404 })
    const audit = await followUpAudit(sent)
    expect(audit.at(-1)!.action).toBe('follow_up_remove')
    expect(readFollowUpDetails(audit.at(-1)!.details)).toMatchObject({ id: mistaken.body.id, summary: '王×× 市委书记' })
    // The chain still verifies.
    expect((await secretary.json(`/documents/${sent}/audit`, { expect: 200 })).verified).toBe(true)
    // What the store holds on disk agrees: the entry is gone from metadata.json.
    const stored = JSON.parse(readFileSync(join(server.dataDir, 'metadata.json'), 'utf8')) as {
      followUp: { id: string }[]
    }
    expect(stored.followUp.some((e) => e.id === mistaken.body.id)).toBe(false)
  })
})

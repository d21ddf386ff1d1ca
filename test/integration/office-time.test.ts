/**
 * TIME_ZONE on a real server: the client is told the zone, and the exports built in the worker
 * threads print the office's clock — not UTC, and not the zone of the host the server runs on.
 */
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { startServer, type RunningServer } from '../helpers/server.js'

const office = 'America/New_York'
let server: RunningServer
let convener: Session, chair: Session, secretary: Session

/** The wall clock of `zone` at `iso` as `YYYY-MM-DD HH:MM`, by the Swedish locale's ISO-like format. */
const minuteIn = (iso: string, zone: string) =>
  new Date(iso).toLocaleString('sv-SE', { timeZone: zone, hourCycle: 'h23' }).slice(0, 16)

beforeAll(async () => {
  // The host's own zone is a third one: nothing may fall back on it.
  server = await startServer({ args: ['--demo'], env: { TIME_ZONE: office, TZ: 'Asia/Tokyo' } })
  ;[convener, chair, secretary] = await Promise.all(['zuzhang', 'zhuxi', 'mishu'].map((u) => login(server, u)))
})
afterAll(async () => {
  await server?.kill('SIGKILL')
})

describe('the office time zone', () => {
  it('is told to the client with who is signed in, and named when the server starts', async () => {
    expect((await convener.json('/auth/me', { expect: 200 })).timeZone).toBe(office)
    expect(server.output()).toContain(`times in ${office}`)
  })

  it('dates the register CSV and the approved export on the office’s clock', async () => {
    const docId = await createDraft(convener, '关于完善农田管护机制的建议案')
    const version = await convener.json(`/documents/${docId}/versions`, {
      method: 'POST',
      body: JSON.stringify({ label: '送审稿' }),
      expect: 201,
    })
    await convener.json(`/documents/${docId}/workflow/submit`, {
      method: 'POST',
      body: JSON.stringify({ versionNumber: version.number, note: '请审定' }),
      expect: 200,
    })
    await chair.json(`/documents/${docId}/workflow/approve`, {
      method: 'POST',
      body: JSON.stringify({ opinion: '同意' }),
      expect: 200,
    })
    const entry = await secretary.json(`/documents/${docId}/register`, {
      method: 'POST',
      body: JSON.stringify({
        documentNumber: '政协××〔2026〕9号',
        recipients: '××市人民政府',
        sentOn: '2026-12-04',
        sentBy: '刘秘书',
      }),
      expect: 201,
    })

    const csv = await (await secretary.api('/register.csv')).text()
    const row = csv.split(/\r?\n/).find((line) => line.includes('政协××〔2026〕9号'))
    expect(row).toBeDefined()
    const recorded = minuteIn(entry.recordedAt, office)
    expect(recorded).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    // The last cell, 登记时间 (the CSV writer quotes every cell).
    expect(row!.split(',').at(-1)).toBe(`"${recorded}"`)
    // Neither the stored UTC string nor the host's clock.
    expect(row).not.toContain(entry.recordedAt)
    expect(row).not.toContain(minuteIn(entry.recordedAt, 'Asia/Tokyo'))

    // The 成文日期 of the approved text is the day of the approval in the office.
    const { approved } = await secretary.json(`/documents/${docId}/workflow`)
    const [year, month, day] = minuteIn(approved.at, office).slice(0, 10).split('-').map(Number)
    const docx = await JSZip.loadAsync(await (await secretary.api(`/documents/${docId}/export/docx`)).arrayBuffer())
    const body = (await docx.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '')
    expect(body).toContain(`${year}年${month}月${day}日`)
  })

  it('stops the start, in both languages, when TIME_ZONE names no zone', async () => {
    const started = startServer({ env: { TIME_ZONE: 'Mars/Olympus' } })
    await expect(started).rejects.toThrow(
      /建议未能启动 \/ Jianyi did not start: invalid configuration TIME_ZONE: “Mars\/Olympus” 不是时区名称.* is not a time zone/,
    )
    // One line for the operator, not a stack trace.
    await expect(started).rejects.not.toThrow(/\n\s+at /)
  })
})

/**
 * An invitation's last day ends at the office's midnight, not the host's. Kiritimati (UTC+14) and
 * Pago Pago (UTC−11) keep no daylight saving and are 25 hours apart, so the office's today is
 * always after the host's — whenever this test runs — and a server that read the host's clock
 * would still admit a commenter invited until the host's today.
 */
describe('an invitation on a server whose host is a day behind the office', () => {
  const officeZone = 'Pacific/Kiritimati'
  const hostZone = 'Pacific/Pago_Pago'
  let behind: RunningServer

  beforeAll(async () => {
    behind = await startServer({ args: ['--demo'], env: { TIME_ZONE: officeZone, TZ: hostZone } })
  })
  afterAll(async () => {
    await behind?.kill('SIGKILL')
  })

  it('holds through the office’s last day and no longer', async () => {
    const [zuzhang, zhengqiu] = await Promise.all(['zuzhang', 'zhengqiu'].map((u) => login(behind, u)))
    const docId = await createDraft(zuzhang, '关于推进农村寄递物流体系建设的建议案')
    const inviteUntil = (until: string) =>
      zuzhang.json(`/documents/${docId}/invitations`, {
        method: 'POST',
        body: JSON.stringify({ username: 'zhengqiu', until }),
        expect: 201,
      })
    const listed = async () =>
      (await zhengqiu.json<{ documents: { id: string }[] }>('/documents', { expect: 200 })).documents.some(
        (d) => d.id === docId,
      )

    const dayIn = (zone: string) => minuteIn(new Date().toISOString(), zone).slice(0, 10)
    const hostToday = dayIn(hostZone)
    expect(dayIn(officeZone) > hostToday, 'the office is a day ahead of the host').toBe(true)

    // Until the host's today, which in the office ended at least an hour ago: over.
    await inviteUntil(hostToday)
    expect((await zhengqiu.api(`/documents/${docId}`)).status).toBe(404)
    expect(await listed()).toBe(false)

    // Until the office's today: the commenter reads the draft and may comment on it.
    await inviteUntil(dayIn(officeZone))
    const doc = await zhengqiu.json(`/documents/${docId}`, { expect: 200 })
    expect(doc.access).toEqual({ read: true, edit: false, comment: true, manage: false })
    expect(await listed()).toBe(true)
  })
})

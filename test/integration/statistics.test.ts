/**
 * 年度统计 against the real demo server: a year of 建议案 is seeded through the API — one at each
 * stage, opinions disposed, 修订 accepted and withdrawn, a 征求意见 round, 批示 on chosen dates —
 * and the statistics grow by exactly what the test counted itself; the CSV and DOCX carry the same
 * numbers as attachments; a bad year is 400 naming `year`.
 */
import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { officeDate } from '../../shared/office-time.js'
import type { StatisticsStage, YearStatistics } from '../../shared/statistics.js'
import { createDraft, demoGroup, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { startServer, type RunningServer } from '../helpers/server.js'

const TIME_ZONE = 'Asia/Shanghai'
let server: RunningServer
let convener: Session, member: Session, chair: Session, secretary: Session
let groupId: string
const peers: Peer[] = []
/** The office's year now: every document the test makes is created in it. */
const year = Number(officeDate(new Date(), TIME_ZONE).slice(0, 4))

const stats = (session: Session) => session.json<YearStatistics>(`/statistics?year=${year}`, { expect: 200 })

const post = (session: Session, path: string, body: unknown, expect: number) =>
  session.json(path, { method: 'POST', body: JSON.stringify(body), expect })

/** YYYY-MM-DD `days` after `date`. */
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** Saved, submitted and approved; the approval's day on the office's clock. */
async function approved(docId: string): Promise<string> {
  await submitted(docId)
  await post(chair, `/documents/${docId}/workflow/approve`, { opinion: '同意' }, 200)
  return officeDate(new Date(), TIME_ZONE)
}

async function submitted(docId: string): Promise<void> {
  const version = await member.json<{ number: number }>(`/documents/${docId}/versions`, {
    method: 'POST',
    body: JSON.stringify({ label: '送审稿' }),
    expect: 201,
  })
  await post(convener, `/documents/${docId}/workflow/submit`, { versionNumber: version.number, note: '' }, 200)
}

async function sent(docId: string): Promise<void> {
  await post(
    secretary,
    `/documents/${docId}/register`,
    {
      documentNumber: `政协××〔${year}〕${Math.floor(Math.random() * 900) + 100}号`,
      recipients: '中共××市委、××市人民政府',
      sentOn: officeDate(new Date(), TIME_ZONE),
      sentBy: '办公室',
    },
    201,
  )
}

async function followUp(docId: string, entry: Record<string, string>): Promise<void> {
  const form = new FormData()
  form.set('entry', JSON.stringify(entry))
  const res = await fetch(`${server.url}/api/documents/${docId}/follow-up`, {
    method: 'POST',
    body: form,
    headers: { cookie: secretary.cookie },
  })
  expect(res.status, 'the secretary records a follow-up entry').toBe(201)
}

const instruction = (date: string) => ({
  kind: 'instruction',
  date,
  leader: '张××',
  post: '市长',
  text: '请研究落实。',
})

/** Two characters of the first paragraph with text of a live copy. */
function anchor(peer: Peer) {
  const text = peer.doc
    .getXmlFragment('default')
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph')
    .map((p) => p.get(0))
    .find((t): t is Y.XmlText => t instanceof Y.XmlText && t.length >= 4)!
  const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64')
  return {
    start: encode(Y.createRelativePositionFromTypeIndex(text, 1, 0)),
    end: encode(Y.createRelativePositionFromTypeIndex(text, 3, -1)),
  }
}

/** What the test seeded, counted as it went. */
const seeded = {
  stages: { drafting: 0, submitted: 0, approved: 0, sent: 0, instructed: 0, transformed: 0 } as Record<
    StatisticsStage,
    number
  >,
  proposals: 0,
  comments: 0,
  commentsAdopted: 0,
  suggestions: 0,
  suggestionsAccepted: 0,
  consultationRounds: 0,
  toApproval: 0,
  toInstruction: 0,
}
let before: YearStatistics
let after: YearStatistics
const farInstruction = 3000

beforeAll(async () => {
  server = await startServer({ args: ['--demo'], env: { TIME_ZONE } })
  ;[convener, member, chair, secretary] = await Promise.all(
    ['zuzhang', 'chengyuan1', 'zhuxi', 'mishu'].map((name) => login(server, name)),
  )
  const demo = await demoGroup(convener)
  groupId = demo.groupId
  before = await stats(chair)

  // 起草中, with a 征求意见 round (two invitations the same day are one round).
  const drafting = await createDraft(convener, '关于统计起草中的建议案')
  await post(convener, `/documents/${drafting}/invitations`, { username: 'zhengqiu', until: null }, 201)
  await post(convener, `/documents/${drafting}/invitations`, { username: 'zhengqiu', until: null }, 201)
  seeded.stages.drafting++
  seeded.consultationRounds++

  // 送审
  const pending = await createDraft(convener, '关于统计送审的建议案')
  await submitted(pending)
  seeded.stages.submitted++

  // 已审定: created and approved today, 0 days.
  await approved(await createDraft(convener, '关于统计已审定的建议案'))
  seeded.stages.approved++
  seeded.toApproval++

  // 已报送
  const sentOnly = await createDraft(convener, '关于统计已报送的建议案')
  await approved(sentOnly)
  await sent(sentOnly)
  seeded.stages.sent++
  seeded.toApproval++

  // 已批示 on the day of approval (0 days), and 已转化 with a 批示 far away.
  const instructed = await createDraft(convener, '关于统计已批示的建议案')
  const instructedApproval = await approved(instructed)
  await sent(instructed)
  await followUp(instructed, { kind: 'referral', date: instructedApproval, units: '市财政局', note: '' })
  await followUp(instructed, instruction(instructedApproval))
  seeded.stages.instructed++
  seeded.toApproval++
  seeded.toInstruction++

  const transformed = await createDraft(convener, '关于统计已转化的建议案')
  const transformedApproval = await approved(transformed)
  await sent(transformed)
  await followUp(transformed, instruction(plusDays(transformedApproval, farInstruction)))
  await followUp(transformed, instruction(plusDays(transformedApproval, farInstruction + 5)))
  await followUp(transformed, {
    kind: 'outcome',
    date: plusDays(transformedApproval, farInstruction),
    outcomeKind: 'policy',
    title: '关于加快数字乡村建设的实施意见',
    reference: '',
    note: '',
  })
  seeded.stages.transformed++
  seeded.toApproval++
  seeded.toInstruction++
  seeded.proposals += 6

  // Opinions and 修订 on a draft with text, written over a socket.
  const written = await createDraft(convener, '关于统计意见和修订的建议案')
  seeded.stages.drafting++
  seeded.proposals++
  const peer = connectPeer(server.wsUrl, written, { headers: { cookie: convener.cookie } })
  peers.push(peer)
  await waitSynced([peer])
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText('加快推进数字乡村建设，统筹城乡发展。')])
  peer.doc.getXmlFragment('default').insert(0, [paragraph])
  await new Promise((resolve) => setTimeout(resolve, 500))

  const threads = []
  for (const body of ['建议补充数据', '建议调整表述', '建议删去']) {
    threads.push(await post(chair, `/documents/${written}/threads`, { anchor: anchor(peer), body }, 201))
    seeded.comments++
  }
  const adopt = (id: string, kind: string) =>
    convener.json(`/documents/${written}/threads/${id}/disposition`, {
      method: 'PUT',
      body: JSON.stringify({ kind, rationale: '已修改' }),
      expect: 200,
    })
  await adopt(threads[0].id, 'adopted')
  await adopt(threads[1].id, 'partly_adopted')
  seeded.commentsAdopted += 2
  await adopt(threads[2].id, 'not_adopted')

  const suggest = () =>
    post(chair, `/documents/${written}/suggestions`, { anchor: anchor(peer), insert: '修订' }, 201) as Promise<{
      id: string
    }>
  const accepted = await suggest()
  await post(convener, `/documents/${written}/suggestions/${accepted.id}/decision`, { decision: 'accept' }, 200)
  const rejected = await suggest()
  await post(convener, `/documents/${written}/suggestions/${rejected.id}/decision`, { decision: 'reject' }, 200)
  await suggest()
  const withdrawn = await suggest()
  await chair.json(`/documents/${written}/suggestions/${withdrawn.id}`, { method: 'DELETE' })
  seeded.suggestions += 3
  seeded.suggestionsAccepted++

  after = await stats(chair)
}, 120_000)

afterAll(async () => {
  for (const peer of peers) peer.destroy()
  await server?.kill('SIGKILL')
})

describe('年度统计 of a seeded year', () => {
  it('counts each 建议案 at the furthest stage it reached', () => {
    const grown = Object.fromEntries(
      after.stages.map(({ stage, count }) => [stage, count - before.stages.find((s) => s.stage === stage)!.count]),
    )
    expect(grown).toEqual(seeded.stages)
  })

  it('adds the seeded durations: 0 days to approval, 0 and a far 批示 (its first one)', () => {
    const { toApproval, toInstruction } = after.durations
    expect(toApproval.count - before.durations.toApproval.count).toBe(seeded.toApproval)
    expect(toApproval.min).toBe(Math.min(0, before.durations.toApproval.min ?? 0))
    expect(toInstruction.count - before.durations.toInstruction.count).toBe(seeded.toInstruction)
    expect(toInstruction.min).toBe(Math.min(0, before.durations.toInstruction.min ?? 0))
    expect(toInstruction.max).toBe(farInstruction)
    for (const d of [toApproval, toInstruction]) {
      expect(d.min! <= d.median! && d.median! <= d.max!).toBe(true)
    }
  })

  it("grows the demo group's row by the opinions, 修订 and rounds seeded", () => {
    const row = (s: YearStatistics) => s.groups.find((g) => g.groupId === groupId)!
    const grown = Object.fromEntries(
      (
        [
          'proposals',
          'comments',
          'commentsAdopted',
          'suggestions',
          'suggestionsAccepted',
          'consultationRounds',
        ] as const
      ).map((key) => [key, row(after)[key] - row(before)[key]]),
    )
    const { stages: _s, toApproval: _a, toInstruction: _i, ...counts } = seeded
    expect(grown).toEqual(counts)
  })

  it('shows the secretary the same figures as the chair (both serve the demo group)', async () => {
    expect(await stats(secretary)).toEqual(after)
  })

  it('offers the tables as CSV and DOCX attachments', async () => {
    const csv = await chair.api(`/statistics?year=${year}&format=csv`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment;/)
    const text = await csv.text()
    const total = after.stages.reduce((sum, s) => sum + s.count, 0)
    expect(text).toContain(`"合计",${total}\r\n`)
    const row = after.groups.find((g) => g.groupId === groupId)!
    expect(text).toContain(
      `,${row.proposals},${row.comments},${row.commentsAdopted},${row.suggestions},${row.suggestionsAccepted},${row.consultationRounds}\r\n`,
    )

    const docx = await chair.api(`/statistics?year=${year}&format=docx`)
    expect(docx.status).toBe(200)
    expect(docx.headers.get('content-disposition')).toMatch(/^attachment;/)
    const xml = new TextDecoder().decode(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml'])
    expect(xml).toContain(`${year}年度统计`)
    expect(xml).toContain('征求意见轮次')
  })

  it('refuses a year that is not one with 400 naming `year`', async () => {
    for (const bad of ['abc', '19', '2026.5', '']) {
      const res = await chair.api(`/statistics?year=${bad}`)
      expect(res.status, bad).toBe(400)
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe('year')
    }
    const none = await chair.api('/statistics')
    expect(none.status).toBe(400)
  })

  it('refuses a member with 403 and the reason the client words (年度统计仅供主席和秘书查看)', async () => {
    for (const format of ['json', 'csv', 'docx']) {
      const res = await member.api(`/statistics?year=${year}&format=${format}`)
      expect(res.status, format).toBe(403)
      expect(((await res.json()) as { error: { reason: string } }).error.reason, format).toBe('statistics_forbidden')
    }
  })
})

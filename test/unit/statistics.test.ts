/**
 * 年度统计's counting (server/domain/statistics.ts), on a hand-made year whose every number is
 * counted here by hand: stages, days to approval and to 批示 (median and range), and per group the
 * opinions, 修订 and 征求意见 rounds. Also the median of even and odd counts, and the CSV tables.
 */
import { describe, expect, it } from 'vitest'
import type { FollowUpEntry } from '../../shared/follow-up.js'
import type { AuditEntry, DocumentMeta, Thread } from '../../shared/schema.js'
import { summarise } from '../../shared/statistics.js'
import { statisticsCsv, yearStatistics, type ProposalRecord } from '../../server/domain/statistics.js'

const zone = 'Asia/Shanghai'
const groups = [
  { id: 'g1', name: '农业组' },
  { id: 'g2', name: '教育组' },
]

let n = 0
function proposal(
  groupId: string,
  created: string,
  status: DocumentMeta['status'],
  extra: {
    approved?: string
    invites?: string[]
    followUp?: FollowUpEntry['kind'][]
    instructed?: string
    sent?: boolean
    threads?: Partial<Thread>[]
    kind?: DocumentMeta['kind']
  } = {},
): ProposalRecord {
  const id = `doc${String(++n).padStart(13, '0')}`
  const audit = [
    ...(extra.invites ?? []).map((at) => ({ action: 'invite', at })),
    ...(extra.approved ? [{ action: 'approve', at: extra.approved }] : []),
  ] as AuditEntry[]
  return {
    doc: { id, title: id, groupId, status, createdAt: created, updatedAt: created, kind: extra.kind },
    audit,
    followUp: (extra.followUp ?? []).map((kind) => ({
      kind,
      date: kind === 'instruction' ? extra.instructed! : '2026-11-30',
    })) as FollowUpEntry[],
    sent: extra.sent ?? false,
    threads: (extra.threads ?? []) as Thread[],
  }
}

const comment = (disposition: string | null) =>
  ({ disposition: disposition ? { kind: disposition } : null }) as Partial<Thread>
const suggestion = (status: string) => ({ suggestion: { status }, disposition: null }) as unknown as Partial<Thread>

// Times are UTC instants; the office is in Asia/Shanghai (UTC+8).
const records: ProposalRecord[] = [
  // 农业组
  proposal('g1', '2026-01-10T02:00:00Z', 'draft', {
    threads: [comment(null), comment('adopted'), suggestion('open'), suggestion('withdrawn')],
    invites: ['2026-01-12T01:00:00Z', '2026-01-12T05:00:00Z', '2026-02-01T01:00:00Z'],
  }),
  proposal('g1', '2026-02-01T02:00:00Z', 'submitted', { threads: [suggestion('accepted')] }),
  // created 2026-03-01, approved 2026-03-11 (10 days), 批示 2026-03-31 (20 days), 已转化
  proposal('g1', '2026-03-01T02:00:00Z', 'approved', {
    approved: '2026-03-11T03:00:00Z',
    sent: true,
    followUp: ['instruction', 'outcome'],
    instructed: '2026-03-31',
    threads: [comment('partly_adopted'), comment('not_adopted'), suggestion('accepted'), suggestion('rejected')],
    invites: ['2026-03-02T01:00:00Z'],
  }),
  // 教育组: created 2026-04-01 (Shanghai; 2026-03-31 UTC), approved 2026-04-05 (4 days), sent, 批示 2026-04-11 (6 days)
  proposal('g2', '2026-03-31T17:00:00Z', 'approved', {
    approved: '2026-04-05T01:00:00Z',
    sent: true,
    followUp: ['referral', 'instruction'],
    instructed: '2026-04-11',
    threads: [comment('explained')],
  }),
  // approved after 30 days, sent, no 批示
  proposal('g2', '2026-05-01T02:00:00Z', 'approved', { approved: '2026-05-31T02:00:00Z', sent: true }),
  // approved after 1 day, not sent; returned ones are 起草中
  proposal('g2', '2026-06-01T02:00:00Z', 'approved', { approved: '2026-06-02T02:00:00Z' }),
  proposal('g2', '2026-07-01T02:00:00Z', 'returned'),
  // Left out: another year (2025-12-31 23:00 Shanghai), and a 调研报告.
  proposal('g2', '2025-12-31T15:00:00Z', 'approved', { approved: '2026-01-05T01:00:00Z', sent: true }),
  proposal('g1', '2026-05-01T02:00:00Z', 'draft', { kind: 'report', threads: [comment('adopted')] }),
]

describe('年度统计 counting', () => {
  const s = yearStatistics(2026, groups, records, zone)

  it('counts each 建议案 of the year at the furthest stage it reached', () => {
    expect(Object.fromEntries(s.stages.map((x) => [x.stage, x.count]))).toEqual({
      drafting: 2,
      submitted: 1,
      approved: 1,
      sent: 1,
      instructed: 1,
      transformed: 1,
    })
  })

  it('takes days from creation to approval and approval to 批示 on the office clock', () => {
    // 10, 4, 30, 1 → sorted 1, 4, 10, 30: median (4 + 10) / 2
    expect(s.durations.toApproval).toEqual({ count: 4, median: 7, min: 1, max: 30 })
    // 20 and 6
    expect(s.durations.toInstruction).toEqual({ count: 2, median: 13, min: 6, max: 20 })
  })

  it('leaves out a 批示 dated before the approval recorded in Jianyi instead of counting negative days', () => {
    const late = proposal('g1', '2026-08-01T02:00:00Z', 'approved', {
      approved: '2026-08-20T02:00:00Z',
      sent: true,
      followUp: ['instruction'],
      instructed: '2026-08-10',
    })
    const withLate = yearStatistics(2026, groups, [...records, late], zone)
    expect(withLate.durations.toInstruction).toEqual(s.durations.toInstruction)
    expect(withLate.durations.toApproval.count).toBe(s.durations.toApproval.count + 1)
  })

  it('counts opinions, 修订 and 征求意见 rounds per group', () => {
    expect(s.groups).toEqual([
      {
        groupId: 'g1',
        group: '农业组',
        proposals: 3,
        comments: 4,
        commentsAdopted: 2,
        suggestions: 4,
        suggestionsAccepted: 2,
        consultationRounds: 3,
      },
      {
        groupId: 'g2',
        group: '教育组',
        proposals: 4,
        comments: 1,
        commentsAdopted: 0,
        suggestions: 0,
        suggestionsAccepted: 0,
        consultationRounds: 0,
      },
    ])
  })

  it('an empty year has zero counts and no durations', () => {
    const empty = yearStatistics(2024, groups, records, zone)
    expect(empty.stages.every((x) => x.count === 0)).toBe(true)
    expect(empty.durations.toApproval).toEqual({ count: 0, median: null, min: null, max: null })
    expect(empty.groups.map((g) => g.proposals)).toEqual([0, 0])
  })

  it('writes the tables as one CSV with a BOM, each under its title', () => {
    const csv = statisticsCsv(s)
    expect(csv.startsWith('\uFEFF"2026年建议案办理阶段"\r\n"阶段","件数"\r\n"起草中",2\r\n')).toBe(true)
    expect(csv.match(/\uFEFF/g)).toHaveLength(1)
    expect(csv).toContain('"合计",7\r\n')
    expect(csv).toContain('"创建至审定",4,7,1,30\r\n')
    expect(csv).toContain('"农业组",3,4,2,4,2,3\r\n')
  })
})

describe('summarise', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even one', () => {
    expect(summarise([5, 1, 3])).toEqual({ count: 3, median: 3, min: 1, max: 5 })
    expect(summarise([8, 2, 4, 100])).toEqual({ count: 4, median: 6, min: 2, max: 100 })
    expect(summarise([3, 4])).toEqual({ count: 2, median: 3.5, min: 3, max: 4 })
    expect(summarise([])).toEqual({ count: 0, median: null, min: null, max: null })
  })
})

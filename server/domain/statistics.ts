/**
 * 年度统计 (shared/statistics.ts) for chairs and secretaries, over the groups they serve: the
 * 建议案 created in the year (on the office's clock), each counted at the furthest stage it reached
 * — 已转化 (a 成果转化 on record), 已批示 (a 领导批示), 已报送 (a 报送登记 in force), 已审定, 送审,
 * else 起草中 (drafts and returned ones). Days run from the creation day to the first approval's
 * day, and from that day to the first 批示's date (left out when the 批示 is dated earlier). The counting is pure (`yearStatistics`); the
 * use case gathers what it counts from the store.
 */
import { kindOf } from '../../shared/document-kinds.js'
import type { FollowUpEntry } from '../../shared/follow-up.js'
import { officeDate } from '../../shared/office-time.js'
import type { AuditEntry, DocumentMeta, Group, RegisterEntry, Thread } from '../../shared/schema.js'
import {
  stageNames,
  statisticsStages,
  summarise,
  type StatisticsStage,
  type YearStatistics,
} from '../../shared/statistics.js'
import { forbidden } from '../errors.js'
import { csvFile, type CsvCell } from '../export/csv.js'
import type { StatisticsTable } from '../export/statistics-docx.js'
import { canReadStatistics, servesGroup, type Actor } from '../policy.js'
import type { Deps } from './deps.js'

/** One 建议案 with what the statistics read of it. */
export interface ProposalRecord {
  doc: DocumentMeta
  threads: Thread[]
  audit: AuditEntry[]
  followUp: FollowUpEntry[]
  /** Whether a 报送登记 entry of it is in force. */
  sent: boolean
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000
const daysBetween = (from: string, to: string) => Math.round(dayNumber(to) - dayNumber(from))

function stageOf(p: ProposalRecord): StatisticsStage {
  if (p.followUp.some((e) => e.kind === 'outcome')) return 'transformed'
  if (p.followUp.some((e) => e.kind === 'instruction')) return 'instructed'
  if (p.sent) return 'sent'
  if (p.doc.status === 'approved') return 'approved'
  if (p.doc.status === 'submitted') return 'submitted'
  return 'drafting'
}

/** The statistics of `year` over `proposals` (any documents: those of other kinds and years are left out). */
export function yearStatistics(
  year: number,
  groups: Pick<Group, 'id' | 'name'>[],
  proposals: ProposalRecord[],
  timeZone: string,
): YearStatistics {
  const ofYear = proposals.filter(
    (p) => kindOf(p.doc) === 'proposal' && officeDate(p.doc.createdAt, timeZone).startsWith(`${year}-`),
  )
  const stages = new Map<StatisticsStage, number>(statisticsStages.map((s) => [s, 0]))
  const toApproval: number[] = []
  const toInstruction: number[] = []
  for (const p of ofYear) {
    stages.set(stageOf(p), stages.get(stageOf(p))! + 1)
    const approval = p.audit.find((e) => e.action === 'approve')
    if (!approval) continue
    const approvedOn = officeDate(approval.at, timeZone)
    toApproval.push(daysBetween(officeDate(p.doc.createdAt, timeZone), approvedOn))
    const instructions = p.followUp.filter((e) => e.kind === 'instruction').map((e) => e.date)
    // A 批示 dated before the approval recorded here means the approval was entered after the fact
    // (from the paper file): that interval was never measured, so it is left out, not counted negative.
    const firstInstruction = instructions.sort()[0]
    if (firstInstruction !== undefined && firstInstruction >= approvedOn) {
      toInstruction.push(daysBetween(approvedOn, firstInstruction))
    }
  }
  return {
    year,
    stages: statisticsStages.map((stage) => ({ stage, count: stages.get(stage)! })),
    durations: { toApproval: summarise(toApproval), toInstruction: summarise(toInstruction) },
    groups: groups.map((group) => {
      const mine = ofYear.filter((p) => p.doc.groupId === group.id)
      const threads = mine.flatMap((p) => p.threads)
      const comments = threads.filter((t) => !t.suggestion)
      const suggestions = threads.filter((t) => t.suggestion && t.suggestion.status !== 'withdrawn')
      const rounds = mine.map(
        (p) => new Set(p.audit.filter((e) => e.action === 'invite').map((e) => officeDate(e.at, timeZone))).size,
      )
      return {
        groupId: group.id,
        group: group.name,
        proposals: mine.length,
        comments: comments.length,
        commentsAdopted: comments.filter(
          (t) => t.disposition?.kind === 'adopted' || t.disposition?.kind === 'partly_adopted',
        ).length,
        suggestions: suggestions.length,
        suggestionsAccepted: suggestions.filter((t) => t.suggestion?.status === 'accepted').length,
        consultationRounds: rounds.reduce((a, b) => a + b, 0),
      }
    }),
  }
}

/** The register entries in force (a correction replaces the entry it corrects), by document. */
function sentDocuments(register: RegisterEntry[]): Set<string> {
  const superseded = new Set(register.map((e) => e.supersedes))
  return new Set(register.filter((e) => !superseded.has(e.id)).map((e) => e.documentId))
}

/** The year's statistics over the groups the actor serves as chair or secretary; 403 for anyone else. */
export async function statisticsOf(deps: Deps, actor: Actor, year: number): Promise<YearStatistics> {
  if (!canReadStatistics(actor.user))
    throw forbidden('only chairs and secretaries read the year statistics', 'statistics_forbidden')
  const groups = (await deps.metadata.listGroups()).filter((g) => servesGroup(actor.user, g))
  const served = new Set(groups.map((g) => g.id))
  const sent = sentDocuments(await deps.metadata.listRegister())
  const proposals: ProposalRecord[] = []
  for (const doc of await deps.metadata.listDocuments()) {
    if (!served.has(doc.groupId) || kindOf(doc) !== 'proposal') continue
    if (!officeDate(doc.createdAt, deps.timeZone).startsWith(`${year}-`)) continue
    const [threads, audit, followUp] = await Promise.all([
      deps.metadata.listThreads(doc.id),
      deps.metadata.listAudit(doc.id),
      deps.metadata.listFollowUp(doc.id),
    ])
    proposals.push({ doc, threads, audit, followUp, sent: sent.has(doc.id) })
  }
  const byName = [...groups].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  return yearStatistics(year, byName, proposals, deps.timeZone)
}

const shown = (value: number | null): CsvCell => value ?? ''

export function statisticsTables(s: YearStatistics): StatisticsTable[] {
  const total = s.stages.reduce((sum, { count }) => sum + count, 0)
  const duration = (name: string, d: YearStatistics['durations']['toApproval']): CsvCell[] => [
    name,
    d.count,
    shown(d.median),
    shown(d.min),
    shown(d.max),
  ]
  return [
    {
      title: `${s.year}年建议案办理阶段`,
      header: ['阶段', '件数'],
      rows: [...s.stages.map(({ stage, count }): CsvCell[] => [stageNames[stage], count]), ['合计', total]],
    },
    {
      title: `${s.year}年建议案办理用时（天）`,
      header: ['区间', '件数', '中位数', '最短', '最长'],
      rows: [duration('创建至审定', s.durations.toApproval), duration('审定至批示', s.durations.toInstruction)],
    },
    {
      title: `${s.year}年各课题组意见与修订`,
      header: ['课题组', '建议案', '收到意见', '采纳意见', '收到修订', '接受修订', '征求意见轮次'],
      rows: s.groups.map((g) => [
        g.group,
        g.proposals,
        g.comments,
        g.commentsAdopted,
        g.suggestions,
        g.suggestionsAccepted,
        g.consultationRounds,
      ]),
    },
  ]
}

/** The tables as one CSV: each under its title, a blank line between them. */
export function statisticsCsv(s: YearStatistics): string {
  return statisticsTables(s)
    .map((table, i) => {
      const text = csvFile([table.title], [table.header, ...table.rows])
      return i === 0 ? text : text.replace(/^\uFEFF/, '')
    })
    .join('\r\n')
}

export async function statisticsFile(
  deps: Deps,
  actor: Actor,
  year: number,
  format: 'csv' | 'docx',
): Promise<{ fileName: string; mediaType: string; bytes: Uint8Array | string }> {
  const s = await statisticsOf(deps, actor, year)
  return format === 'csv'
    ? { fileName: `${year}年度统计.csv`, mediaType: 'text/csv; charset=utf-8', bytes: statisticsCsv(s) }
    : {
        fileName: `${year}年度统计.docx`,
        mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        bytes: await deps.heavy.statisticsDocx(`${year}年度统计`, statisticsTables(s)),
      }
}

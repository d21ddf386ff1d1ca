/**
 * 年度统计: for one year, the 建议案 of the groups a chair or secretary serves — how many stand at
 * each stage, how long approval and 领导批示 took, and per group the opinions and 修订 received and
 * adopted and the 征求意见 rounds held. Computed by the server (server/domain/statistics.ts); the
 * client draws it and offers the same tables as CSV and DOCX.
 */
import { z } from 'zod'

/** The furthest stage a 建议案 reached: 起草中, 送审, 已审定, 已报送, 已批示, 已转化. */
export const statisticsStages = ['drafting', 'submitted', 'approved', 'sent', 'instructed', 'transformed'] as const
export const StatisticsStage = z.enum(statisticsStages)
export type StatisticsStage = z.infer<typeof StatisticsStage>

/** The stages' names as tables print them. */
export const stageNames: Record<StatisticsStage, string> = {
  drafting: '起草中',
  submitted: '送审',
  approved: '已审定',
  sent: '已报送',
  instructed: '已批示',
  transformed: '已转化',
}

/** Earliest and latest years the page offers and the server takes. */
export const statisticsYears = { min: 2000, max: 2100 } as const

export const StatisticsQuery = z.object({
  year: z.coerce
    .number('year must be a year YYYY')
    .int('year must be a year YYYY')
    .min(statisticsYears.min, `year must be ${statisticsYears.min}–${statisticsYears.max}`)
    .max(statisticsYears.max, `year must be ${statisticsYears.min}–${statisticsYears.max}`),
  format: z.enum(['json', 'csv', 'docx']).default('json'),
})

/** Whole days between two events over the 建议案 that have both; all null when none has. */
export const DurationSummary = z.object({
  count: z.number().int().nonnegative(),
  median: z.number().nullable(),
  min: z.number().int().nullable(),
  max: z.number().int().nullable(),
})
export type DurationSummary = z.infer<typeof DurationSummary>

/** One group's year. */
export const GroupStatistics = z.object({
  groupId: z.string(),
  group: z.string(),
  /** 建议案 created in the year. */
  proposals: z.number().int().nonnegative(),
  /** Comment threads (意见) on them, and those recorded as 采纳 or 部分采纳. */
  comments: z.number().int().nonnegative(),
  commentsAdopted: z.number().int().nonnegative(),
  /** 修订 proposed (withdrawn ones left out), and those accepted. */
  suggestions: z.number().int().nonnegative(),
  suggestionsAccepted: z.number().int().nonnegative(),
  /** 征求意见 rounds: days on which a 建议案 was sent out to invited commenters, per 建议案. */
  consultationRounds: z.number().int().nonnegative(),
})
export type GroupStatistics = z.infer<typeof GroupStatistics>

export const YearStatistics = z.object({
  year: z.number().int(),
  /** Every stage, in order, with how many 建议案 of the year stand there now. */
  stages: z.array(z.object({ stage: StatisticsStage, count: z.number().int().nonnegative() })),
  /** From creation to (first) approval, and from (first) approval to the first 领导批示. */
  durations: z.object({ toApproval: DurationSummary, toInstruction: DurationSummary }),
  groups: z.array(GroupStatistics),
})
export type YearStatistics = z.infer<typeof YearStatistics>

/** Median (the mean of the middle two for an even count), least and greatest of whole-day spans. */
export function summarise(days: number[]): DurationSummary {
  if (days.length === 0) return { count: 0, median: null, min: null, max: null }
  const sorted = [...days].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  return { count: sorted.length, median, min: sorted[0], max: sorted[sorted.length - 1] }
}

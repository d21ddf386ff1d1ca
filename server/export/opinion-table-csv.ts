/** 意见采纳情况表 as CSV, by the one CSV writer (csv.ts: BOM, quoting, no live formulas). */
import { csvFile } from './csv.js'
import type { OpinionRow } from './opinion-table-docx.js'

export function opinionTableCsv(rows: OpinionRow[]): string {
  const header = ['序号', '所涉原文', '意见', '提出人', '处理情况', '说明']
  return csvFile(
    header,
    rows.map((r) => [r.number, r.quote, r.opinion, r.raisedBy, r.disposition, r.rationale]),
  )
}

/** The submission register (报送登记) as CSV, by the one CSV writer (csv.ts: BOM, quoting, no live formulas). */
import type { RegisterEntry } from '../../shared/schema.js'
import { csvFile } from './csv.js'

export function registerCsv(entries: RegisterEntry[]): string {
  const header = ['文号', '标题', '版本', '内容哈希', '主送机关', '报送日期', '报送人', '登记时间']
  const rows = entries.map((e) => [
    e.documentNumber,
    e.documentTitle,
    `v${e.versionNumber}`,
    e.contentHash,
    e.recipients,
    e.sentOn,
    e.sentBy,
    e.recordedAt,
  ])
  return csvFile(header, rows)
}

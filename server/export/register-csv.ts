/** The submission register (报送登记) as CSV, by the one CSV writer (csv.ts: BOM, quoting, no live formulas). */
import { officeMinute } from '../../shared/office-time.js'
import type { RegisterEntry } from '../../shared/schema.js'
import { csvFile } from './csv.js'

/** 登记时间 is the office's wall clock (`timeZone`, TIME_ZONE) to the minute, as a person writes it down. */
export function registerCsv(entries: RegisterEntry[], timeZone: string): string {
  const header = ['文号', '标题', '版本', '内容哈希', '主送机关', '报送日期', '报送人', '登记时间']
  const rows = entries.map((e) => [
    e.documentNumber,
    e.documentTitle,
    `v${e.versionNumber}`,
    e.contentHash,
    e.recipients,
    e.sentOn,
    e.sentBy,
    officeMinute(e.recordedAt, timeZone),
  ])
  return csvFile(header, rows)
}

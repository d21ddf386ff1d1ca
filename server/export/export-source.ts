/**
 * What an export is made from: one version of a 建议案 with the fields that surround its text on
 * paper (题注, 署名, 成文日期, 主送机关, 文号) and the mark that tells an approved text from a draft.
 */
import { kindPapers, type DocumentKind } from '../../shared/document-kinds.js'
import type { JsonNode } from '../../shared/editor/text.js'
import { wallClock } from '../../shared/office-time.js'
import { ExportError } from './export-error.js'

/**
 * `approved` is the text adopted by the meeting. Anything else carries its mark in the page header,
 * so a printed draft can never be taken for the adopted text.
 */
export type ExportMark = 'approved' | 'draft' | 'consultation'

/** The words printed in the header for each mark; the approved text has none. */
export const markLabels: Record<ExportMark, string | null> = {
  approved: null,
  draft: '草稿',
  consultation: '征求意见稿',
}

export interface ExportSource {
  /**
   * What the document is (shared/document-kinds.ts kindPapers): whether a 主送机关 is printed, whether
   * it closes with 署名 and 日期, whether it opens with a 纪要's header block. A 建议案 when absent.
   */
  kind?: DocumentKind
  /** The 标题, e.g. 关于加强我市高标准农田建设的建议案. A "\n" forces a line break in the title. */
  title: string
  /** The body as ProseMirror JSON; headings carry no numbers (the export adds 一、（一）1.（1）). */
  content: JsonNode
  /** 题注 under the title, e.g. （2025年2月26日政协××市第五届委员会第×次主席会议审议通过）. */
  adoptionNote?: string
  /** 发文机关署名: the committee's or the group's name. */
  signature: string
  /** 成文日期: the adoption date for an adopted text. A plain YYYY-MM-DD is that day; an instant is read in `timeZone`. */
  date: Date | string
  /**
   * The office's time zone (TIME_ZONE), which says on which day an instant falls: a meeting at
   * 07:00 on 1 March in Beijing is still 28 February in UTC, and the document must say 1 March.
   */
  timeZone: string
  /** 主送机关, e.g. 中共××市委、××市人民政府 (the colon is added). */
  recipients?: string
  /** 发文字号, e.g. 政协××〔2025〕3号. */
  documentNumber?: string
  mark: ExportMark
  /** The version's number in the document's history (1, 2, …). */
  versionNumber: number
  /** SHA-256 (hex) over the version's canonical serialization; written into the DOCX properties. */
  contentHash: string
  /**
   * The version's 字数 as the editor's count bar and the history give it (shared/editor/char-count.ts,
   * the whole text as typed), written into the file's properties so that the file names the same number.
   */
  wordCount?: number
  /**
   * 附件说明: the names of the attachments, listed below the body when the exporter asks for the
   * materials the text cites (GB/T 9704 7.3.3). None: no 附件 line.
   */
  attachments?: string[]
}

/** The 成文日期 as GB/T 9704 writes it: Arabic numerals, full year, no zero padding (2025年3月1日). */
export function formatDocumentDate(date: Date | string, timeZone: string): string {
  const { year, month, day } = calendarDate(date, timeZone)
  return `${year}年${month}月${day}日`
}

/** Year, month and day of a date: a plain YYYY-MM-DD is taken as written, an instant on the office's clock. */
export function calendarDate(date: Date | string, timeZone: string): { year: number; month: number; day: number } {
  if (typeof date === 'string') {
    const plain = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(date.trim())
    if (plain) {
      const [year, month, day] = plain.slice(1).map(Number)
      if (month >= 1 && month <= 12 && day >= 1 && day <= 31) return { year, month, day }
      throw new ExportError('export_invalid_source', `date: ${date} is not a calendar date`)
    }
  }
  const instant = typeof date === 'string' ? new Date(date) : date
  if (Number.isNaN(instant.getTime())) {
    throw new ExportError('export_invalid_source', `date: ${String(date)} is not a date`)
  }
  // The instant is valid by now: a RangeError here is Intl refusing the zone.
  try {
    const { year, month, day } = wallClock(instant, timeZone)
    return { year, month, day }
  } catch {
    throw new ExportError('export_invalid_source', `timeZone: ${String(timeZone)} is not a time zone`)
  }
}

/** Rejects a source whose fields could not be printed faithfully; returns it unchanged otherwise. */
export function checkExportSource(source: ExportSource): ExportSource {
  const invalid = (field: string, message: string) => new ExportError('export_invalid_source', `${field}: ${message}`)
  if (!source.title || !source.title.trim()) throw invalid('title', 'must not be empty')
  if (!source.signature || !source.signature.trim()) throw invalid('signature', 'must not be empty')
  if (!source.content || source.content.type !== 'doc') throw invalid('content', 'must be a ProseMirror doc node')
  if (!Number.isInteger(source.versionNumber) || source.versionNumber < 1) {
    throw invalid('versionNumber', 'must be a positive integer')
  }
  if (!/^[0-9a-f]{64}$/.test(source.contentHash))
    throw invalid('contentHash', 'must be a lower-case SHA-256 hex digest')
  if (!(source.mark in markLabels)) throw invalid('mark', `must be one of ${Object.keys(markLabels).join(', ')}`)
  if (source.kind !== undefined && !(source.kind in kindPapers))
    throw invalid('kind', `must be one of ${Object.keys(kindPapers).join(', ')}`)
  calendarDate(source.date, source.timeZone)
  return source
}

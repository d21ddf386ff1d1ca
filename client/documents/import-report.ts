/**
 * 导入Word's report in words: what was recognised in the file (标题, 主送机关, headings per level,
 * 落款, tables, lists…) and what was left out (pictures, notes…), one line each, in the reader's
 * language. Only what the file had is said; nothing is said of what it did not have.
 */
import type { DocumentView, WordImportReport } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'

export interface ReportLine {
  /** `found`: recognised or kept; `dropped`: left out; `note`: how something was read. */
  tone: 'found' | 'dropped' | 'note'
  text: string
}

const levelKeys = [
  'import.report.level1',
  'import.report.level2',
  'import.report.level3',
  'import.report.level4',
] as const

export function importReportLines(
  report: WordImportReport,
  doc: Pick<DocumentView, 'title' | 'recipients'>,
): ReportLine[] {
  const lines: ReportLine[] = []
  const found = (text: string) => lines.push({ tone: 'found', text })
  const note = (text: string) => lines.push({ tone: 'note', text })
  const dropped = (text: string) => lines.push({ tone: 'dropped', text })

  found(
    report.title ? t('import.report.title', { title: doc.title }) : t('import.report.noTitle', { title: doc.title }),
  )
  if (report.recipients && doc.recipients) found(t('import.report.recipients', { recipients: doc.recipients }))
  const levels = report.headings
    .map((count, index) => (count > 0 ? t(levelKeys[index], { count }) : null))
    .filter((part): part is string => part !== null)
  if (levels.length) found(t('import.report.headings', { levels: levels.join(t('import.report.separator')) }))
  else note(t('import.report.noHeadings'))
  if (report.typedNumbers > 0) note(t('import.report.typedNumbers', { count: report.typedNumbers }))
  if (report.signature) found(t('import.report.signature'))
  else if (report.date) found(t('import.report.date'))
  const kept = [
    report.paragraphs > 0 ? t('import.report.paragraphs', { count: report.paragraphs }) : null,
    report.tables > 0 ? t('import.report.tables', { count: report.tables }) : null,
    report.lists > 0 ? t('import.report.lists', { count: report.lists }) : null,
  ].filter((part): part is string => part !== null)
  if (kept.length) found(t('import.report.kept', { parts: kept.join(t('import.report.separator')) }))
  if (report.textBoxes > 0) note(t('import.report.textBoxes', { count: report.textBoxes }))
  if (report.trackedChanges > 0) note(t('import.report.trackedChanges', { count: report.trackedChanges }))
  const { images, footnotes, comments, equations, objects, contents } = report.dropped
  if (images > 0) dropped(t('import.report.images', { count: images }))
  if (footnotes > 0) dropped(t('import.report.footnotes', { count: footnotes }))
  if (comments > 0) dropped(t('import.report.comments', { count: comments }))
  if (equations > 0) dropped(t('import.report.equations', { count: equations }))
  if (objects > 0) dropped(t('import.report.objects', { count: objects }))
  if (contents > 0) dropped(t('import.report.contents', { count: contents }))
  return lines
}

/**
 * What a Word revision (w:ins / w:del) needs besides its words, kept apart from the DOCX writer so
 * that placing suggestions in a text (server/domain/suggestion-marks.ts) does not load the docx
 * library into a server that never exports.
 */
import { ExportError } from './export-error.js'

/** The marks a suggestion placed into a version's text carries (server/domain/suggestion-marks.ts). */
export const revisionMarks = { insertion: 'suggestionInsert', deletion: 'suggestionDelete' } as const

/** Word wants revision dates as xsd:dateTime without fractions. */
export function revisionTimestamp(date: Date | string): string {
  const instant =
    typeof date === 'string' ? new Date(/^\d{4}-\d{1,2}-\d{1,2}$/.test(date) ? `${date}T00:00:00Z` : date) : date
  if (Number.isNaN(instant.getTime()))
    throw new ExportError('export_invalid_source', `date: ${String(date)} is not a date`)
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * The addresses of every download the export and register pages offer, built by the typed client
 * so that a renamed route breaks the build rather than a link.
 */
import type { ExportFormat } from '../../shared/schema.js'
import { createApiClient } from '../api/client.js'

// `$url()` makes a URL object, which needs an absolute base: the app's own client is based on '/'.
const files = createApiClient(window.location.origin)

/** How a draft export is marked in its header: 草稿, or 征求意见稿 when sent out for opinions. */
export type DraftMark = 'draft' | 'consultation'

/** The approved version as the official submission (secretary, chair). */
export const approvedExportHref = (docId: string, format: ExportFormat, withAttachments = false): string =>
  files.api.documents[':id'].export[':format'].$url({
    param: { id: docId, format },
    query: withAttachments ? { attachments: 'cited' } : {},
  }).href

/** Version `number` as a marked draft (DOCX, PDF for members) or as Markdown / text (any reader). */
export const versionExportHref = (
  docId: string,
  number: number,
  format: ExportFormat,
  mark: DraftMark = 'draft',
  /** A DOCX with the open suggestions (修订) as Word revision marks. */
  withSuggestions = false,
  /** The materials the text cites listed below it as 附件. */
  withAttachments = false,
): string =>
  files.api.documents[':id'].versions[':number'].export[':format'].$url({
    param: { id: docId, number: String(number), format },
    query: {
      mark,
      ...(withSuggestions ? { suggestions: 'open' as const } : {}),
      ...(withAttachments ? { attachments: 'cited' as const } : {}),
    },
  }).href

/** Version `to` against version `from` with Word revision marks. */
export const redlineHref = (docId: string, from: number, to: number): string =>
  files.api.documents[':id'].redline.$url({ param: { id: docId }, query: { from: String(from), to: String(to) } }).href

/** The 意见采纳情况表 of a document (conveners, the chair). */
export const opinionTableHref = (docId: string, format: 'docx' | 'csv'): string =>
  format === 'docx'
    ? files.api.documents[':id']['opinions.docx'].$url({ param: { id: docId } }).href
    : files.api.documents[':id']['opinions.csv'].$url({ param: { id: docId } }).href

/** The whole submission register as CSV (secretaries, chairs). */
export const registerCsvHref = (): string => files.api['register.csv'].$url().href

/** How an export format is named on a button: DOCX, PDF, Markdown, 纯文本. */
import type { ExportFormat } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'

export const formatLabel = (format: ExportFormat): string => t(`export.format.${format}`)

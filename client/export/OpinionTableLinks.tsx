/** 意见采纳情况表 (DOCX, CSV) for the convener and the chair, in the comments sidebar's header. */
import { t } from '../i18n/i18n.js'
import { DownloadArea, DownloadLink } from './Downloads.js'
import { opinionTableHref } from './export-hrefs.js'

export function OpinionTableLinks({ docId }: { docId: string }) {
  return (
    <DownloadArea className="opinion-table" testId="opinion-table">
      <span className="opinion-table__label" id={`opinion-table-${docId}`}>
        {t('export.opinionTable')}
      </span>
      {(['docx', 'csv'] as const).map((format) => (
        <DownloadLink
          key={format}
          href={opinionTableHref(docId, format)}
          className="link-button"
          aria-label={t('export.opinionLink', { format: format.toUpperCase() })}
          data-format={format}
        >
          {format.toUpperCase()}
        </DownloadLink>
      ))}
    </DownloadArea>
  )
}

/** 修订对照: two saved versions as one DOCX with Word revision marks, beside the history's compare picker. */
import { t } from '../i18n/i18n.js'
import { DownloadArea, DownloadLink } from './Downloads.js'
import { redlineHref } from './export-hrefs.js'

interface RedlineLinkProps {
  docId: string
  from: number
  /** The live draft has no saved text to mark against: a redline needs a saved version. */
  to: number | 'live'
}

export function RedlineLink({ docId, from, to }: RedlineLinkProps) {
  const ready = typeof to === 'number' && to !== from
  return (
    <DownloadArea className="redline" testId="redline">
      <span className="redline__label">{t('export.redlineLabel')}</span>
      {ready ? (
        <DownloadLink href={redlineHref(docId, from, to)} className="button button--small" data-testid="redline-link">
          {t('export.redlineLink', { from, to })}
        </DownloadLink>
      ) : (
        <span className="redline__hint muted">{t('export.redlineNeedsVersions')}</span>
      )}
    </DownloadArea>
  )
}

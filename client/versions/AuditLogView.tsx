/** The document's audit log: who did what to which version, and whether the hash chain holds. */
import { useEffect, useState } from 'react'
import type { AuditEntry } from '../../shared/schema.js'
import { api, call } from '../api/client.js'
import { errorMessage, formatDateTime, t } from '../i18n/i18n.js'
import { auditLine } from './audit-line.js'
import type { NameOf } from './use-display-names.js'

interface AuditLog {
  entries: AuditEntry[]
  verified: boolean
  problem: string | null
}

export function AuditLogView({ docId, nameOf, revision }: { docId: string; nameOf: NameOf; revision: number }) {
  const [log, setLog] = useState<AuditLog | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    call(api.api.documents[':id'].audit.$get({ param: { id: docId } })).then(
      (body) => current && setLog(body),
      (cause: unknown) => current && setError(errorMessage(cause)),
    )
    return () => {
      current = false
    }
  }, [docId, revision])

  if (error) return <p className="alert">{t('versions.loadFailed', { message: error })}</p>
  if (!log) return <p className="muted">{t('versions.loading')}</p>

  return (
    <div className="audit" data-testid="audit-log">
      <p
        className={`audit__chain audit__chain--${log.verified ? 'ok' : 'broken'}`}
        data-testid="audit-verified"
        data-verified={log.verified}
      >
        {log.verified
          ? t('audit.verified', { n: log.entries.length })
          : t('audit.broken', { problem: log.problem ?? '' })}
      </p>
      {log.entries.length === 0 ? (
        <p className="muted">{t('audit.empty')}</p>
      ) : (
        <ol className="audit__list">
          {[...log.entries].reverse().map((entry) => {
            const line = auditLine(entry, nameOf)
            return (
              <li key={entry.seq} className="audit__entry" data-action={entry.action}>
                <div className="audit__line">
                  <span className={`audit__action audit__action--${entry.action}`}>
                    {t(`audit.action.${entry.action}`)}
                  </span>
                  <span data-testid="audit-sentence">{line.sentence}</span>
                  <time className="muted" dateTime={entry.at}>
                    {formatDateTime(entry.at)}
                  </time>
                </div>
                {line.details && <p className="audit__details">{line.details}</p>}
                <p className="audit__hash muted">
                  <span title={entry.hash}>
                    #{entry.seq} {t('audit.hash')} <code>{entry.hash.slice(0, 12)}</code>
                  </span>
                  {entry.contentHash && (
                    <span title={entry.contentHash}>
                      {t('audit.contentHash')} <code>{entry.contentHash.slice(0, 12)}</code>
                    </span>
                  )}
                </p>
              </li>
            )
          })}
        </ol>
      )}
    </div>
  )
}

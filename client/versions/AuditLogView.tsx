/** The document's audit log: who did what to which version, and whether the hash chain holds. */
import { useEffect, useState } from 'react'
import type { AuditEntry, VersionKind } from '../../shared/schema.js'
import { api, call } from '../api/client.js'
import { formatDateTime, t } from '../i18n/i18n.js'
import { kindLabel } from './kind-label.js'
import type { NameOf } from './use-display-names.js'

/** A version entry's details read "<kind>: <label>" (server/domain/versions.ts); shown with the kind's name. */
function detailsText(entry: AuditEntry): string {
  const match = /^(manual|submission|approval|restore): (.*)$/s.exec(entry.details)
  if (entry.action !== 'version' || !match) return entry.details
  return `${kindLabel(match[1] as VersionKind)} · ${match[2]}`
}

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
      (cause: Error) => current && setError(cause.message),
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
          {[...log.entries].reverse().map((entry) => (
            <li key={entry.seq} className="audit__entry" data-action={entry.action}>
              <div className="audit__line">
                <span className={`audit__action audit__action--${entry.action}`}>
                  {t(`audit.action.${entry.action}`)}
                </span>
                <span>
                  {t(`audit.sentence.${entry.action}`, {
                    actor: (entry.actorId && nameOf(entry.actorId)) || t('audit.someone'),
                    version: entry.versionNumber ?? '',
                  })}
                </span>
                <time className="muted" dateTime={entry.at}>
                  {formatDateTime(entry.at)}
                </time>
              </div>
              {entry.details && <p className="audit__details">{detailsText(entry)}</p>}
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
          ))}
        </ol>
      )}
    </div>
  )
}

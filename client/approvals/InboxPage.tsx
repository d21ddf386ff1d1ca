/**
 * 待审定: the submissions awaiting this chair's decision, with links to read and compare each; and
 * 待跟踪 for a secretary: the sent proposals with neither 领导批示 nor 办理反馈 after FOLLOW_UP_DAYS.
 * Each part is shown as the server's abilities say (Me).
 */
import { useEffect, useState } from 'react'
import type { FollowUpDue, Me } from '../../shared/schema.js'
import { formatDateTime, t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { documentPath } from '../routing/route.js'
import { usePolled } from '../notifications/use-polled.js'
import { loadDisplayNames } from '../versions/use-display-names.js'
import { compareVersionsPath, readVersionPath } from './routes.js'
import { loadInbox } from './workflow-requests.js'

const INBOX_POLL_MS = 30_000

export function InboxPage({ me }: { me: Me }) {
  const { data } = usePolled(loadInbox, INBOX_POLL_MS)
  return (
    <>
      {me.abilities.inbox && <Submissions submissions={data?.submissions ?? null} />}
      {me.abilities.followUpInbox && <FollowUps due={data?.followUps ?? null} />}
    </>
  )
}

/** 待跟踪: each proposal with its 文号, when it was sent and how long ago; the link opens its 办理跟踪. */
function FollowUps({ due }: { due: FollowUpDue[] | null }) {
  return (
    <section className="inbox" data-testid="follow-up-inbox">
      <h1 className="page-title">{t('inbox.trackTitle')}</h1>
      <p className="muted">{t('inbox.trackIntro')}</p>
      {due === null && <p className="muted">{t('inbox.loading')}</p>}
      {due?.length === 0 && <p className="empty">{t('inbox.trackEmpty')}</p>}
      {due && due.length > 0 && (
        <ul className="inbox__list">
          {due.map((entry) => (
            <li
              key={entry.documentId}
              className="inbox-entry"
              data-testid="follow-up-due"
              data-document-id={entry.documentId}
            >
              <div className="inbox-entry__main">
                <Link href={documentPath(entry.documentId)} className="inbox-entry__title">
                  {entry.documentTitle}
                </Link>
                <p className="inbox-entry__meta muted">
                  <span>{entry.groupName}</span>
                  <span>
                    {t('inbox.trackSent', { number: entry.documentNumber, date: entry.sentOn, days: entry.days })}
                  </span>
                </p>
              </div>
              <div className="inbox-entry__links">
                <Link href={documentPath(entry.documentId)} className="button button--primary">
                  {t('inbox.trackOpen')}
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

type Submission = NonNullable<Awaited<ReturnType<typeof loadInbox>>>['submissions'][number]

function Submissions({ submissions }: { submissions: Submission[] | null }) {
  const names = useSubmitterNames(submissions?.map((s) => [s.documentId, s.submittedBy] as const) ?? [])

  return (
    <section className="inbox" data-testid="inbox">
      <h1 className="page-title">{t('inbox.title')}</h1>
      {submissions === null && <p className="muted">{t('inbox.loading')}</p>}
      {submissions?.length === 0 && <p className="empty">{t('inbox.empty')}</p>}
      {submissions && submissions.length > 0 && (
        <ul className="inbox__list">
          {submissions.map((entry) => (
            <li key={entry.id} className="inbox-entry" data-testid="inbox-entry" data-document-id={entry.documentId}>
              <div className="inbox-entry__main">
                <Link href={documentPath(entry.documentId)} className="inbox-entry__title">
                  {entry.documentTitle}
                </Link>
                <p className="inbox-entry__meta muted">
                  <span>{entry.groupName}</span>
                  <span className="version-number">{t('inbox.version', { n: entry.versionNumber })}</span>
                  <span>
                    {t('inbox.submittedBy', {
                      name: names.get(entry.submittedBy) ?? `#${entry.submittedBy.slice(0, 6)}`,
                      time: formatDateTime(entry.submittedAt),
                    })}
                  </span>
                </p>
                <p className="inbox-entry__note">
                  {entry.note ? (
                    t('workflow.note', { text: entry.note })
                  ) : (
                    <span className="muted">{t('inbox.noNote')}</span>
                  )}
                </p>
              </div>
              <div className="inbox-entry__links">
                <Link href={readVersionPath(entry.documentId, entry.versionNumber)} className="button button--primary">
                  {t('inbox.read')}
                </Link>
                {entry.previousVersionNumber !== null ? (
                  <Link
                    href={compareVersionsPath(entry.documentId, entry.previousVersionNumber, entry.versionNumber)}
                    className="button"
                  >
                    {t('workflow.compareWithPrevious', { from: entry.previousVersionNumber, to: entry.versionNumber })}
                  </Link>
                ) : (
                  <span className="muted inbox-entry__first">{t('inbox.firstSubmission')}</span>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** Names of the submitters, looked up among each document's people. */
function useSubmitterNames(pairs: readonly (readonly [docId: string, userId: string])[]): Map<string, string> {
  const [names, setNames] = useState<Map<string, string>>(() => new Map())
  const key = [...new Set(pairs.map(([docId]) => docId))].sort().join(',')
  useEffect(() => {
    let current = true
    const docIds = key ? key.split(',') : []
    void Promise.all(docIds.map((docId) => loadDisplayNames(docId))).then((maps) => {
      if (!current) return
      const merged = new Map<string, string>()
      for (const map of maps) for (const [id, name] of map) merged.set(id, name)
      setNames(merged)
    })
    return () => {
      current = false
    }
  }, [key])
  return names
}

/**
 * 全部接受 / 全部拒绝: every open suggestion at once, or every open one of one member, for whom the
 * server lets decide. Asks first (accepting changes the text); says what was done and what could
 * not be (a suggestion whose words were deleted cannot be accepted).
 */
import { useState } from 'react'
import type { SuggestionDecision, ThreadView } from '../../shared/schema.js'
import { errorMessage, t } from '../i18n/i18n.js'
import type { CommentsStore } from './comments-store.js'

interface SuggestionBulkProps {
  store: CommentsStore
  threads: ThreadView[]
  nameOf: (userId: string) => string
}

const EVERYONE = ''

export function SuggestionBulk({ store, threads, nameOf }: SuggestionBulkProps) {
  const [authorId, setAuthorId] = useState(EVERYONE)
  const [asking, setAsking] = useState<SuggestionDecision | null>(null)
  const [rationale, setRationale] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<string | null>(null)

  const open = threads.filter((thread) => thread.suggestion?.status === 'open')
  const perAuthor = new Map<string, number>()
  for (const thread of open) perAuthor.set(thread.authorId, (perAuthor.get(thread.authorId) ?? 0) + 1)
  if (open.length === 0 && !result) return null
  // The member chosen may have no open suggestion left.
  const author = perAuthor.has(authorId) ? authorId : EVERYONE
  const optionName = (id: string) =>
    id === EVERYONE
      ? t('suggestions.scopeEveryone', { n: open.length })
      : t('suggestions.scopeAuthor', { name: nameOf(id), n: perAuthor.get(id) ?? 0 })
  const scopeName = (id: string) =>
    id === EVERYONE
      ? t('suggestions.bulkEveryone', { n: open.length })
      : t('suggestions.bulkAuthor', { name: nameOf(id), n: perAuthor.get(id) ?? 0 })

  const decide = async (decision: SuggestionDecision) => {
    setBusy(true)
    try {
      const done = await store.decideSuggestions(decision, {
        ...(author ? { authorId: author } : {}),
        ...(decision === 'reject' && rationale.trim() ? { rationale: rationale.trim() } : {}),
      })
      const skipped = done.skipped.length
      setResult(
        [
          t('suggestions.bulkDone', { n: done.decided.length }),
          ...(skipped > 0 ? [t('suggestions.bulkSkipped', { n: skipped })] : []),
        ].join('；'),
      )
      setAsking(null)
      setRationale('')
    } catch (cause) {
      setResult(t('comments.failed', { message: errorMessage(cause) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="suggestion-bulk" aria-label={t('suggestions.bulk')} data-testid="suggestion-bulk">
      {open.length > 0 && !asking && (
        <div className="suggestion-bulk__row">
          <select
            className="input suggestion-bulk__scope"
            aria-label={t('suggestions.bulkScope')}
            value={author}
            onChange={(event) => setAuthorId(event.target.value)}
            data-testid="suggestion-bulk-scope"
          >
            <option value={EVERYONE}>{optionName(EVERYONE)}</option>
            {[...perAuthor.keys()].map((id) => (
              <option key={id} value={id}>
                {optionName(id)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              setResult(null)
              setAsking('accept')
            }}
            data-testid="suggestion-accept-all"
          >
            {t('suggestions.acceptAll')}
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              setResult(null)
              setAsking('reject')
            }}
            data-testid="suggestion-reject-all"
          >
            {t('suggestions.rejectAll')}
          </button>
        </div>
      )}
      {asking && (
        <form
          className="suggestion-bulk__confirm"
          onSubmit={(event) => {
            event.preventDefault()
            void decide(asking)
          }}
          data-testid="suggestion-bulk-confirm"
        >
          <p className="suggestion-bulk__question">
            {t(asking === 'accept' ? 'suggestions.bulkConfirmAccept' : 'suggestions.bulkConfirmReject', {
              scope: scopeName(author),
            })}
          </p>
          {asking === 'reject' && (
            <input
              className="input"
              aria-label={t('suggestions.rejectReason')}
              placeholder={t('suggestions.rejectReason')}
              value={rationale}
              onChange={(event) => setRationale(event.target.value)}
            />
          )}
          <div className="suggestion-bulk__row">
            <button
              type="submit"
              className={`button button--small ${asking === 'accept' ? 'button--primary' : 'button--danger'}`}
              disabled={busy}
            >
              {t(asking === 'accept' ? 'suggestions.acceptAll' : 'suggestions.rejectAll')}
            </button>
            <button type="button" className="button button--small" onClick={() => setAsking(null)}>
              {t('suggestions.cancel')}
            </button>
          </div>
        </form>
      )}
      {result && (
        <p className="suggestion-bulk__result" role="status" data-testid="suggestion-bulk-result">
          {result}
        </p>
      )}
    </section>
  )
}

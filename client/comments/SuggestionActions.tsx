/**
 * The buttons of an open suggestion's card: 接受 and 拒绝 (with an optional reason) for whom the
 * server lets decide, 撤回 for its author. A suggestion whose words were deleted can only be rejected.
 */
import { useState } from 'react'
import type { ThreadView } from '../../shared/schema.js'
import { errorMessage, t } from '../i18n/i18n.js'
import type { CommentsStore } from './comments-store.js'

interface SuggestionActionsProps {
  thread: ThreadView
  store: CommentsStore
  /** Whether the reader may accept or reject (abilities.decideSuggestions). */
  mayDecide: boolean
  /** Whether the reader may withdraw it: their own, while they may still suggest. */
  mayWithdraw: boolean
  /** Its words are gone: accepting has nothing to change. */
  detached: boolean
}

type Asking = null | 'reject' | 'withdraw'

export function SuggestionActions({ thread, store, mayDecide, mayWithdraw, detached }: SuggestionActionsProps) {
  const [asking, setAsking] = useState<Asking>(null)
  const [rationale, setRationale] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (thread.suggestion?.status !== 'open' || (!mayDecide && !mayWithdraw)) return null

  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await action()
      setAsking(null)
    } catch (cause) {
      setError(t('comments.failed', { message: errorMessage(cause) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="suggestion-actions" data-testid="suggestion-actions">
      {detached && mayDecide && <p className="suggestion-actions__hint muted">{t('suggestions.detachedOnlyReject')}</p>}
      {asking === 'reject' ? (
        <form
          className="suggestion-actions__form"
          onSubmit={(event) => {
            event.preventDefault()
            void run(() => store.decideSuggestion(thread.id, 'reject', rationale.trim() || undefined))
          }}
        >
          <label className="field">
            <span className="field__label">{t('suggestions.rejectReason')}</span>
            <textarea
              className="input input--small"
              rows={2}
              value={rationale}
              autoFocus
              onChange={(event) => setRationale(event.target.value)}
              data-testid="suggestion-rationale"
            />
          </label>
          <div className="suggestion-actions__buttons">
            <button
              type="submit"
              className="button button--small button--danger"
              disabled={busy}
              data-testid="suggestion-reject-confirm"
            >
              {t('suggestions.rejectConfirm')}
            </button>
            <button type="button" className="button button--small" onClick={() => setAsking(null)}>
              {t('suggestions.cancel')}
            </button>
          </div>
        </form>
      ) : asking === 'withdraw' ? (
        <div className="suggestion-actions__buttons">
          <span className="muted">{t('suggestions.withdrawConfirm')}</span>
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            onClick={() => void run(() => store.withdrawSuggestion(thread.id))}
            data-testid="suggestion-withdraw-confirm"
          >
            {t('suggestions.withdraw')}
          </button>
          <button type="button" className="button button--small" onClick={() => setAsking(null)}>
            {t('suggestions.cancel')}
          </button>
        </div>
      ) : (
        <div className="suggestion-actions__buttons">
          {mayDecide && (
            <>
              <button
                type="button"
                className="button button--small button--primary"
                disabled={busy || detached}
                onClick={() => void run(() => store.decideSuggestion(thread.id, 'accept'))}
                data-testid="suggestion-accept"
              >
                {t('suggestions.accept')}
              </button>
              <button
                type="button"
                className="button button--small"
                disabled={busy}
                onClick={() => setAsking('reject')}
                data-testid="suggestion-reject"
              >
                {t('suggestions.reject')}
              </button>
            </>
          )}
          {mayWithdraw && (
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              onClick={() => setAsking('withdraw')}
              data-testid="suggestion-withdraw"
            >
              {t('suggestions.withdraw')}
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="composer__error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

/**
 * In the 送审 and 审定 dialogs: how many problems proofreading still flags in the text being sent on,
 * with a way to the first one. A warning only: the step stays open, as the rules may be wrong.
 */
import { t } from '../i18n/i18n.js'

interface ProofWarningProps {
  /** How many problems; null while they are being found. */
  count: number | null
  /** The saved version the count is of; null: the current draft. */
  versionNumber: number | null
  /** Closes the dialog and shows the first problem. */
  onJump: () => void
}

export function ProofWarning({ count, versionNumber, onJump }: ProofWarningProps) {
  if (count === null)
    return versionNumber === null ? null : (
      <p className="muted proof-warning" data-testid="proof-warning" data-state="checking">
        {t('proofreading.pendingChecking', { v: versionNumber })}
      </p>
    )
  if (count === 0) return null
  return (
    <div className="dialog-notice dialog-notice--warn proof-warning" data-testid="proof-warning" data-issues={count}>
      <p>
        {versionNumber === null
          ? t('proofreading.pendingLive', { n: count })
          : t('proofreading.pendingVersion', { n: count, v: versionNumber })}{' '}
        <button type="button" className="link-button" onClick={onJump} data-testid="proof-jump">
          {t('proofreading.jumpFirst')}
        </button>
      </p>
      <p className="proof-warning__aside">{t('proofreading.pendingNotBlocking')}</p>
    </div>
  )
}

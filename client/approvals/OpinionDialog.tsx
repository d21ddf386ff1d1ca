/** One text and one decision: 审定通过 (opinion optional), 退回修改 (opinion required), 重新开放 (reason required). */
import { useState, type FormEvent, type ReactNode } from 'react'
import { t } from '../app/i18n.js'
import { Dialog } from '../ui/Dialog.js'

interface OpinionDialogProps {
  title: string
  intro: ReactNode
  label: string
  placeholder?: string
  required: boolean
  confirm: string
  tone: 'primary' | 'danger'
  onConfirm: (text: string) => Promise<void>
  onCancel: () => void
  testId: string
}

export function OpinionDialog({ title, intro, label, placeholder, required, confirm, tone, onConfirm, onCancel, testId }: OpinionDialogProps) {
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await onConfirm(text.trim())
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause))
      setBusy(false)
    }
  }

  return (
    <Dialog open title={title} onCancel={onCancel} testId={testId}>
      <form onSubmit={(event) => void submit(event)}>
        <div className="dialog__text">{intro}</div>
        <label className="field">
          <span className="field__label">
            {label}
            {!required && <span className="muted">{t('workflow.optional')}</span>}
          </span>
          <textarea
            className="input textarea"
            rows={4}
            value={text}
            maxLength={2000}
            placeholder={placeholder}
            required={required}
            onChange={(event) => setText(event.target.value)}
            autoFocus
          />
        </label>
        {error && (
          <p className="alert" role="alert">
            {error}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onCancel}>
            {t('workflow.cancel')}
          </button>
          <button type="submit" className={`button button--${tone}`} disabled={busy || (required && text.trim() === '')}>
            {confirm}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

/** 意见处理: how a convener handled an opinion (采纳 / 部分采纳 / 未采纳 / 已说明), with a short rationale. */
import { useId, useState } from 'react'
import type { Disposition } from '../../shared/schema.js'
import { textLimits } from '../../shared/text-limits.js'
import { describedWith, LengthCounter, measure } from '../forms/LengthCounter.js'
import { errorMessage, t, type MessageKey } from '../i18n/i18n.js'

export const dispositionKinds: readonly Disposition[] = ['adopted', 'partly_adopted', 'not_adopted', 'explained']

export const dispositionLabel = (kind: Disposition): string =>
  t(`comments.disposition.${kind}` as const satisfies MessageKey)

interface DispositionFormProps {
  initial: { kind: Disposition; rationale: string } | null
  /** Throws to keep the form open and show why. */
  onSave: (kind: Disposition, rationale: string) => Promise<void>
  onCancel: () => void
}

export function DispositionForm({ initial, onSave, onCancel }: DispositionFormProps) {
  const [kind, setKind] = useState<Disposition | null>(initial?.kind ?? null)
  const [rationale, setRationale] = useState(initial?.rationale ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const name = useId()
  const rationaleId = useId()
  const length = measure(textLimits.rationale, rationale)

  const save = async () => {
    if (!kind || length.over) return
    setBusy(true)
    setError(null)
    try {
      await onSave(kind, rationale.trim())
    } catch (cause) {
      setError(t('comments.failed', { message: errorMessage(cause) }))
      setBusy(false)
    }
  }

  return (
    <form
      className="disposition-form"
      data-testid="disposition-form"
      onSubmit={(event) => {
        event.preventDefault()
        void save()
      }}
    >
      <fieldset className="disposition-form__kinds">
        <legend className="field__label">{t('comments.disposition.title')}</legend>
        {dispositionKinds.map((k) => (
          <label key={k} className={`disposition-choice disposition-choice--${k}`}>
            <input type="radio" name={name} value={k} checked={kind === k} onChange={() => setKind(k)} />
            {dispositionLabel(k)}
          </label>
        ))}
      </fieldset>
      <textarea
        id={rationaleId}
        className="input disposition-form__rationale"
        rows={2}
        value={rationale}
        aria-describedby={describedWith(rationaleId, length)}
        aria-invalid={length.over || undefined}
        placeholder={t('comments.disposition.rationale')}
        aria-label={t('comments.disposition.rationale')}
        onChange={(event) => setRationale(event.target.value)}
      />
      <LengthCounter inputId={rationaleId} measured={length} name={t('field.rationale')} />
      {error && (
        <p className="composer__error" role="alert">
          {error}
        </p>
      )}
      <div className="composer__actions">
        <button type="button" className="button button--quiet button--small" onClick={onCancel} disabled={busy}>
          {t('comments.cancel')}
        </button>
        <button type="submit" className="button button--primary button--small" disabled={busy || !kind || length.over}>
          {t('comments.save')}
        </button>
      </div>
    </form>
  )
}

/**
 * The words that go with a workflow step (送审 note, opinion, reason), up to the characters the
 * server takes (shared/text-limits.ts): a counter near the limit, never a cut.
 */
import { useId } from 'react'
import { textLimits } from '../../shared/text-limits.js'
import { describedWith, LengthCounter, measure } from '../forms/LengthCounter.js'
import { t } from '../i18n/i18n.js'

/** Whether `text` is longer than a note may be: the dialog's action waits until it is shortened. */
export const noteTooLong = (text: string): boolean => measure(textLimits.note, text).over

interface NoteFieldProps {
  label: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  /** Otherwise the label says 可选. */
  required?: boolean
  autoFocus?: boolean
}

export function NoteField({ label, value, onChange, placeholder, required, autoFocus }: NoteFieldProps) {
  const id = useId()
  const length = measure(textLimits.note, value)
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
        {!required && <span className="muted">{t('workflow.optional')}</span>}
      </label>
      <textarea
        id={id}
        className="input textarea"
        rows={4}
        value={value}
        placeholder={placeholder}
        required={required}
        aria-describedby={describedWith(id, length)}
        aria-invalid={length.over || undefined}
        onChange={(event) => onChange(event.target.value)}
        autoFocus={autoFocus}
      />
      <LengthCounter inputId={id} measured={length} name={label} />
    </div>
  )
}

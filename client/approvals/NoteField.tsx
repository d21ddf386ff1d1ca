/** The words that go with a workflow step (送审 note, opinion, reason), up to the 2,000 characters the server takes. */
import { t } from '../i18n/i18n.js'

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
  return (
    <label className="field">
      <span className="field__label">
        {label}
        {!required && <span className="muted">{t('workflow.optional')}</span>}
      </span>
      <textarea
        className="input textarea"
        rows={4}
        value={value}
        maxLength={2000}
        placeholder={placeholder}
        required={required}
        onChange={(event) => onChange(event.target.value)}
        autoFocus={autoFocus}
      />
    </label>
  )
}

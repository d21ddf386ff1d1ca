/** A labelled form field with its hint and the message about it, and a message for the whole form. */
import type { ReactNode } from 'react'

interface FieldProps {
  /** The control's id; `${id}-hint` and `${id}-error` describe it. */
  id: string
  label: string
  hint?: string
  error?: string | null
  children: ReactNode
}

export function Field({ id, label, hint, error, children }: FieldProps) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint && (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field__error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  )
}

interface Described {
  hint?: boolean
  error?: string | null
  /** A length counter `${id}-count` shows beside the control (client/forms/LengthCounter.tsx). */
  count?: boolean
  /** The text is longer than the field takes, with no message from the server (yet). */
  tooLong?: boolean
}

/** aria attributes tying a control to its Field's hint, message and length counter. */
export function describedBy(id: string, { hint, error, count, tooLong }: Described) {
  const ids = [hint ? `${id}-hint` : null, count ? `${id}-count` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ')
  return { 'aria-describedby': ids || undefined, 'aria-invalid': error || tooLong ? true : undefined }
}

/** What went wrong with the whole form, where no field claims it; nothing when all is well. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null
  return (
    <p className="alert" role="alert">
      {message}
    </p>
  )
}

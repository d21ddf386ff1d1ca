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

/** aria attributes tying a control to its Field's hint and message. */
export function describedBy(id: string, { hint, error }: { hint?: boolean; error?: string | null }) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ')
  return { 'aria-describedby': ids || undefined, 'aria-invalid': error ? true : undefined }
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

/** Turns an API refusal into what a form shows: a message beside the field it names, or one for the form. */
import { ApiError } from '../api/client.js'
import { errorMessage } from '../i18n/i18n.js'

/** A failed form submission, split by where it is shown. */
export interface FormErrors {
  /** Messages keyed by the first segment of the field the server named (`members.0.userId` → `members`). */
  fields: Record<string, string>
  /** What no field of the form claims. */
  form: string | null
}

export const noErrors: FormErrors = { fields: {}, form: null }

/** What the person should read for a refusal, in their language (client/i18n/i18n.ts). */
export const messageOf = errorMessage

/** Places `error` beside one of `fields` when the server named it, otherwise on the form. */
export function formErrors(error: unknown, fields: readonly string[]): FormErrors {
  if (error instanceof ApiError && error.field) {
    const field = error.field.split('.')[0]
    if (fields.includes(field)) return { fields: { [field]: errorMessage(error) }, form: null }
  }
  return { fields: {}, form: errorMessage(error) }
}

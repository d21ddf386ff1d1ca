/** Turns an API refusal into what a form shows: a message beside the field it names, or one for the form. */
import { ApiError } from '../api/client.js'
import { t } from '../i18n/i18n.js'

/** A failed form submission, split by where it is shown. */
export interface FormErrors {
  /** Messages keyed by the first segment of the field the server named (`members.0.userId` → `members`). */
  fields: Record<string, string>
  /** What no field of the form claims. */
  form: string | null
}

export const noErrors: FormErrors = { fields: {}, form: null }

/**
 * The server writes validation messages as `field: message`; beside that field the prefix only
 * repeats what the label says.
 */
function withoutPrefix(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message
}

/** What the person should read for a refusal that has no field: calm words for 403 and 404. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'forbidden') return t('accounts.forbidden')
    if (error.code === 'not_found') return t('accounts.notFound')
    if (error.code === 'too_large') return t('accounts.tooLarge')
    if (error.status === 0) return t('accounts.unreachable', { message: error.message })
    return error.message
  }
  return error instanceof Error ? error.message : String(error)
}

/** Places `error` beside one of `fields` when the server named it, otherwise on the form. */
export function formErrors(error: unknown, fields: readonly string[]): FormErrors {
  if (error instanceof ApiError && error.field) {
    const field = error.field.split('.')[0]
    if (fields.includes(field)) return { fields: { [field]: withoutPrefix(error.message, error.field) }, form: null }
  }
  return { fields: {}, form: messageOf(error) }
}

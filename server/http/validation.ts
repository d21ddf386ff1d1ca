/**
 * Turns a failed zod validation into 400 with the error body naming the first offending field and
 * a reason from shared/errors.ts (too long, required…), so the client can say it in the reader's language.
 */
import type { Context } from 'hono'
import type { ZodError } from 'zod'
import { ErrorReason, type ErrorParams } from '../../shared/errors.js'
import { invalidInput, notFound } from '../errors.js'

type ValidationResult = { success: true } | { success: false; error: ZodError; target?: string; data?: unknown }
type Issue = ZodError['issues'][number]

/** The value at `path` in what was sent (undefined when it is not there). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input
  for (const key of path)
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined
  return value
}

/**
 * The reason and numbers of one zod issue about `value` (what was sent there); a refine names its
 * own reason in its params.
 */
export function reasonOf(issue: Issue, field: string, value: unknown): { reason: ErrorReason; params?: ErrorParams } {
  switch (issue.code) {
    case 'too_big': {
      const max = Number(issue.maximum)
      if (issue.origin === 'string') return { reason: 'too_long', params: { max } }
      if (issue.origin === 'array' || issue.origin === 'set') return { reason: 'too_many', params: { max } }
      return { reason: 'number_too_large', params: { max } }
    }
    case 'too_small': {
      const min = Number(issue.minimum)
      if (issue.origin === 'string') return min <= 1 ? { reason: 'required' } : { reason: 'too_short', params: { min } }
      if (issue.origin === 'array' || issue.origin === 'set') return { reason: 'too_few', params: { min } }
      return { reason: 'number_too_small', params: { min } }
    }
    case 'invalid_type':
      return { reason: value === undefined || value === null ? 'required' : 'invalid' }
    case 'invalid_format':
      return { reason: field === 'username' ? 'username_format' : 'invalid' }
    case 'custom': {
      const { reason, ...params } = (issue.params ?? {}) as { reason?: unknown } & ErrorParams
      const known = ErrorReason.safeParse(reason)
      return known.success ? { reason: known.data, params } : { reason: 'invalid' }
    }
    default:
      return { reason: 'invalid' }
  }
}

export function validationHook(result: ValidationResult, c: Context) {
  if (result.success) return
  const issue = result.error.issues[0]
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : (result.target ?? 'body')
  // A malformed id in a path is answered like an unknown one: nothing can be learned from the difference.
  if (result.target === 'param') return c.json(notFound('resource').toBody(), 404)
  // The sentence names the input a form shows: the first segment (members.0.userId → members).
  const name = String(issue?.path[0] ?? result.target ?? 'body')
  const { reason, params } = issue
    ? reasonOf(issue, name, valueAt(result.data, issue.path))
    : { reason: 'invalid' as const, params: undefined }
  return c.json(
    invalidInput(field, issue?.message ?? 'invalid', { reason, params: { ...params, field: name } }).toBody(),
    400,
  )
}

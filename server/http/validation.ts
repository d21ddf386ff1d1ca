/** Turns a failed zod validation into 400 with the error body naming the first offending field. */
import type { Context } from 'hono'
import type { ZodError } from 'zod'
import { invalidInput, notFound } from '../errors.js'

type ValidationResult = { success: true } | { success: false; error: ZodError; target?: string }

export function validationHook(result: ValidationResult, c: Context) {
  if (result.success) return
  const issue = result.error.issues[0]
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : (result.target ?? 'body')
  // A malformed id in a path is answered like an unknown one: nothing can be learned from the difference.
  if (result.target === 'param') return c.json(notFound('resource').toBody(), 404)
  return c.json(invalidInput(field, issue?.message ?? 'invalid').toBody(), 400)
}

/** The closed set of error codes the API answers with, and the error body's shape. */
import { z } from 'zod'

export const ErrorCode = z.enum([
  'invalid_input',
  'not_found',
  'forbidden',
  'unauthenticated',
  /** The right password of a disabled account: 403, so the person knows to ask an administrator. */
  'account_disabled',
  'conflict',
  /** The document's workflow state moved (another approval, return or reopening came first): reload and look again. */
  'workflow_conflict',
  'rate_limited',
  /** A document has as many comment threads as allowed (MAX_THREADS_PER_DOCUMENT). */
  /** The approval already has a register entry: correct it rather than registering it again. */
  'already_registered',
  'too_many_threads',
  /** A thread has as many comments as allowed (MAX_COMMENTS_PER_THREAD). */
  'too_many_comments',
  /** A comment was edited as often as allowed (MAX_COMMENT_EDITS). */
  'too_many_edits',
  /** A request body over its limit (MAX_JSON_BODY_BYTES, MAX_UPLOAD_BYTES): 413. */
  'too_large',
  'internal',
  /** A comparison or export larger than the server takes on. */
  'export_too_large',
  /** A comparison or export that took longer than the server allows. */
  'export_timeout',
])
export type ErrorCode = z.infer<typeof ErrorCode>

/** Every non-2xx JSON answer has this body; `field` names the offending input where there is one. */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    field: z.string().optional(),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBody>

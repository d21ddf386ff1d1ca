/** The closed set of error codes the API answers with, and the error body's shape. */
import { z } from 'zod'

export const ErrorCode = z.enum([
  'invalid_input',
  'not_found',
  'forbidden',
  'unauthenticated',
  'conflict',
  'rate_limited',
  'internal',
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

/**
 * AppError: every failure the API reports, with a code (and, where the code alone does not say why,
 * a reason) from shared/errors.ts and an English message for logs and scripts.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorBody, ErrorCode, ErrorParams, ErrorReason } from '../shared/errors.js'

/** What an error says beyond its code: the input it is about, why, and what the sentence is filled with. */
export interface Refusal {
  field?: string
  reason?: ErrorReason
  params?: ErrorParams
  /** Extra response headers, such as Retry-After. */
  headers?: Record<string, string>
}

export class AppError extends Error {
  readonly field?: string
  readonly reason?: ErrorReason
  readonly params?: ErrorParams
  readonly headers: Record<string, string>

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    { field, reason, params, headers = {} }: Refusal = {},
  ) {
    super(message)
    this.name = 'AppError'
    this.field = field
    this.reason = reason
    this.params = params
    this.headers = headers
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field ? { field: this.field } : {}),
        ...(this.reason ? { reason: this.reason } : {}),
        ...(this.params ? { params: this.params } : {}),
      },
    }
  }
}

/** 400 about one input: `reason` (default `invalid`) and its params say what is wrong with it. */
export const invalidInput = (
  field: string,
  message: string,
  { reason = 'invalid', params }: Pick<Refusal, 'reason' | 'params'> = {},
) => new AppError(400, 'invalid_input', `${field}: ${message}`, { field, reason, params: { field, ...params } })
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`)
export const forbidden = (message: string, reason?: ErrorReason, params?: ErrorParams) =>
  new AppError(403, 'forbidden', message, { reason, params })
export const conflict = (message: string, refusal: Refusal = {}) =>
  new AppError(409, 'conflict', refusal.field ? `${refusal.field}: ${message}` : message, refusal)
export const unauthenticated = (message = 'sign in first') =>
  new AppError(401, 'unauthenticated', message, { reason: 'sign_in_first' })
export const rateLimited = (message: string, retryAfterMs: number) =>
  new AppError(429, 'rate_limited', message, {
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
  })

const size = (bytes: number) =>
  bytes % 1048576 === 0 ? `${bytes / 1048576} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`
/** 413: a request body over its limit (the message in both languages: no client may be there to map it). */
export const tooLarge = (maxBytes: number) =>
  new AppError(
    413,
    'too_large',
    `请求内容过大，上限为 ${size(maxBytes)} / request body too large: the limit is ${size(maxBytes)}`,
  )

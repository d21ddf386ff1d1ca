/** AppError: every failure the API reports, with a code from shared/errors.ts and a human message. */
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorBody, ErrorCode } from '../shared/errors.js'

export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Extra response headers, such as Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'AppError'
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } }
  }
}

export const invalidInput = (field: string, message: string) =>
  new AppError(400, 'invalid_input', `${field}: ${message}`, field)
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`)
export const forbidden = (message: string) => new AppError(403, 'forbidden', message)
export const conflict = (message: string, field?: string) =>
  new AppError(409, 'conflict', field ? `${field}: ${message}` : message, field)
export const unauthenticated = (message = 'sign in first') => new AppError(401, 'unauthenticated', message)
export const rateLimited = (message: string, retryAfterMs: number) =>
  new AppError(429, 'rate_limited', message, undefined, {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
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

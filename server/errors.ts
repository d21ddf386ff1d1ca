/** AppError: every failure the API reports, with a code from shared/errors.ts and a human message. */
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorBody, ErrorCode } from '../shared/errors.js'

export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
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
export const conflict = (message: string) => new AppError(409, 'conflict', message)

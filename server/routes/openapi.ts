/** Small builders shared by the route modules' OpenAPI descriptions. */
import { OpenAPIHono } from '@hono/zod-openapi'
import type { ZodType } from 'zod'
import { ErrorBody } from '../../shared/errors.js'
import type { AppEnv } from '../http/session.js'
import { validationHook } from '../http/validation.js'

export const json = <T extends ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

export const jsonBody = <T extends ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
})

const error = (description: string) => json(ErrorBody, description)
export const errors = {
  400: error('Invalid input; `field` names it'),
  401: error('Not signed in'),
  403: error('Signed in, but not allowed'),
  404: error('Not found, or not visible to the caller'),
  409: error('Conflicts with the current state'),
  413: error('Request body over its limit (MAX_JSON_BODY_BYTES, MAX_UPLOAD_BYTES)'),
  429: error('Too many attempts; see Retry-After'),
} as const

/** What a route that builds a file or a comparison in the worker pool (domain/heavy-work.ts) may also answer. */
export const exportErrors = {
  413: error('Too much to export or compare at once (EXPORT_MAX_CHARS): export_too_large'),
  503: error('Stopped at the time budget (EXPORT_TIMEOUT_SECONDS): export_timeout'),
} as const

/** A sub-app whose validation failures answer 400 naming the field. */
export const routes = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

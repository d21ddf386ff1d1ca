/** The one typed HTTP client of the Jianyi API (`hc<AppType>`), and ApiError for its refusals. */
import { hc, type ClientResponse } from 'hono/client'
import type { AppType } from '../../server/app.js'
import type { ErrorBody, ErrorCode, ErrorParams, ErrorReason } from '../../shared/errors.js'
import { loadPageMessages } from '../i18n/i18n.js'

/**
 * A non-2xx answer, with the code, reason, message and offending field the server put in its error
 * body. People read `errorMessage(error)` (client/i18n/i18n.ts), never `message`, which is the server's English.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError'

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly reason?: ErrorReason,
    readonly params?: ErrorParams,
  ) {
    super(message)
  }

  /**
   * Reads the error body of a failed response. A body that is not one of ours (a proxy's HTML
   * page, a dropped connection) still becomes an ApiError, so callers handle one error type.
   * Resolves once the whole catalogue is at hand: the sentences of refusals (`reason.*`, the names
   * of inputs) are not among the strings the first chunk carries (vite.config.ts openingMessages),
   * and `errorMessage` reads them as soon as the caller catches the error.
   */
  static async from(response: Response | ClientResponse<unknown>): Promise<ApiError> {
    // Without them (offline, a newer server without the chunk) the reader gets the general sentence.
    const words = loadPageMessages().catch(() => undefined)
    let body: unknown
    try {
      body = await response.json()
    } catch {
      body = undefined
    }
    await words
    if (isErrorBody(body)) {
      const { code, message, field, reason, params } = body.error
      return new ApiError(response.status, code, message, field, reason, params)
    }
    const code: ErrorCode =
      response.status === 404 ? 'not_found' : response.status >= 500 ? 'internal' : 'invalid_input'
    return new ApiError(response.status, code, `${response.status} ${response.statusText}`.trim())
  }
}

/**
 * A structural check instead of `ErrorBody.safeParse`: the server serializes every error in one
 * place, and parsing with zod here would put zod (~25 kB gzipped) into the browser bundle.
 */
function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null) return false
  const error = (body as { error?: unknown }).error
  if (typeof error !== 'object' || error === null) return false
  const { code, message, field, reason, params } = error as Record<string, unknown>
  return (
    typeof code === 'string' &&
    typeof message === 'string' &&
    (field === undefined || typeof field === 'string') &&
    (reason === undefined || typeof reason === 'string') &&
    (params === undefined || (typeof params === 'object' && params !== null))
  )
}

/** A typed client against `baseUrl` ('/' in the browser; the server's URL in tests and scripts). */
export function createApiClient(baseUrl: string) {
  return hc<AppType>(baseUrl)
}

/** The client the app uses: same origin as the page. */
export const api = createApiClient('/')

type SuccessCode = 200 | 201 | 202 | 203 | 204 | 205 | 206

/** The body type of the successful answers of a response union; undefined for 204. */
type SuccessBody<R> =
  R extends ClientResponse<infer Body, infer Status, infer _Format>
    ? Status extends SuccessCode
      ? Status extends 204
        ? undefined
        : Body
      : never
    : never

/**
 * Awaits a client call and returns its parsed body, or throws ApiError.
 * @example const { documents } = await call(api.api.documents.$get())
 */
export async function call<R extends ClientResponse<unknown, number>>(pending: Promise<R>): Promise<SuccessBody<R>> {
  let response: R
  try {
    response = await pending
  } catch (cause) {
    // fetch rejects only when no answer arrived at all (offline, server down).
    throw new ApiError(0, 'internal', cause instanceof Error ? cause.message : String(cause))
  }
  if (!response.ok) throw await ApiError.from(response)
  if (response.status === 204) return undefined as SuccessBody<R>
  return (await response.json()) as SuccessBody<R>
}

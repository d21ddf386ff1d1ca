/**
 * Request body limits, enforced before anything reads a body: a declared Content-Length over the
 * limit is refused before one byte is read, and a body without one (chunked) is counted as it
 * streams in and refused as soon as it passes the limit — the server never holds more than the
 * limit of any body.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { BodyLimits } from '../config.js'
import { tooLarge } from '../errors.js'

// JSON routes read only application/json bodies (hono's validator skips any other type unread),
// so the larger upload limit cannot be used to make a JSON route buffer more than its own.
const uploadTypes = new Set(['multipart/form-data', 'application/octet-stream'])

const isUpload = (c: Context) =>
  uploadTypes.has((c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase())

/** Refuses bodies over their limit with 413 `too_large`. */
export function limitBodies(limits: BodyLimits): MiddlewareHandler {
  // The unread rest of the body is @hono/node-server's: it discards at most 64 MiB or 500 ms of it
  // after the answer, then closes the connection.
  const refuse = (maxBytes: number) => (c: Context) => {
    const error = tooLarge(maxBytes)
    return c.json(error.toBody(), error.status)
  }
  const json = bodyLimit({ maxSize: limits.jsonBytes, onError: refuse(limits.jsonBytes) })
  const upload = bodyLimit({ maxSize: limits.uploadBytes, onError: refuse(limits.uploadBytes) })
  return (c, next) => (isUpload(c) ? upload(c, next) : json(c, next))
}

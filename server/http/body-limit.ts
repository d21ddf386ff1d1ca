/**
 * Request body limits, enforced before anything reads a body: a declared Content-Length over the
 * limit is refused before one byte is read, and a body without one (chunked) is counted as it
 * streams in and refused as soon as it passes the limit — the server never holds more than the
 * limit of any body. Upload bodies are not gathered here at all (routes that stream them, like
 * 调研材料, hold only what passes through).
 */
import type { Context, MiddlewareHandler, Next } from 'hono'
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
  return (c, next) => (isUpload(c) ? limitUpload(limits.uploadBytes, c, next) : json(c, next))
}

/**
 * An upload is never gathered here: a declared Content-Length over the limit is refused unread; a
 * body without one is counted as the route reads it, and the read that passes the limit fails.
 * Whatever the route made of that failure (a route that streams the body stops there and removes
 * what it wrote; one that parses it whole sees a malformed body), the answer is 413.
 */
async function limitUpload(maxBytes: number, c: Context, next: Next): Promise<Response | void> {
  const request = c.req.raw
  if (!request.body) return next()
  const length = request.headers.get('content-length')
  if (length !== null && !request.headers.has('transfer-encoding')) {
    if (Number.parseInt(length, 10) > maxBytes) return refusal(maxBytes)
    return next()
  }
  let size = 0
  let over = false
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.length
        if (size > maxBytes) {
          over = true
          controller.error(tooLarge(maxBytes))
        } else controller.enqueue(chunk)
      },
    }),
  )
  c.req.raw = new Request(request, { body: counted, duplex: 'half' } as RequestInit)
  await next()
  if (over) c.res = refusal(maxBytes)
}

function refusal(maxBytes: number): Response {
  const error = tooLarge(maxBytes)
  return new Response(JSON.stringify(error.toBody()), {
    status: error.status,
    headers: { 'content-type': 'application/json' },
  })
}

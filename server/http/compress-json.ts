/**
 * gzip or deflate for JSON answers of the API over about a kilobyte (thread lists, versions, the
 * OpenAPI document); small ones go as they are, where compressing costs more than it saves.
 * Hono's compress() judges size by Content-Length, which c.json() does not set, so the JSON is
 * measured here first (it is already a string in memory). Exports are left alone: PDF and DOCX
 * are compressed already.
 */
import type { MiddlewareHandler } from 'hono'
import { compress } from 'hono/compress'

const JSON_TYPE = /^application\/json\b/
const THRESHOLD_BYTES = 1024

export function compressJson(): MiddlewareHandler {
  const compressing = compress({ threshold: THRESHOLD_BYTES, contentTypeFilter: JSON_TYPE })
  return (c, next) =>
    compressing(c, async () => {
      await next()
      const type = c.res.headers.get('Content-Type') ?? ''
      if (!JSON_TYPE.test(type) || c.res.headers.has('Content-Length') || !c.res.body) return
      const body = new Uint8Array(await c.res.arrayBuffer())
      c.res = new Response(body, c.res)
      c.res.headers.set('Content-Length', String(body.byteLength))
    })
}

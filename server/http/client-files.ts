/**
 * Serving the built client. The build writes a brotli and a gzip copy beside every text file
 * (vite.config.ts), so a request is answered from the smallest copy the browser accepts without
 * compressing anything per request. Files under assets/ carry a content hash in their names and
 * are cached for a year; everything else (index.html, which names the current assets) is
 * revalidated on every visit by its ETag, so a new build reaches every browser at once.
 */
import { serveStatic } from '@hono/node-server/serve-static'
import type { Context, MiddlewareHandler } from 'hono'
import { statSync } from 'node:fs'
import { relative, sep } from 'node:path'

const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'

/** The file each request was answered from (the .br or .gz copy when one was chosen). */
const servedFiles = new WeakMap<Context, string>()

/** Serves `clientDir` with compression, cache headers and ETags; `fallback` answers every path with index.html. */
export function clientFiles(clientDir: string, { fallback }: { fallback: boolean }): MiddlewareHandler {
  const root = relative(process.cwd(), clientDir)
  const serve = serveStatic({
    root,
    precompressed: true,
    ...(fallback ? { path: 'index.html' } : {}),
    onFound: (path, c) => void servedFiles.set(c, path),
  })
  const assetsDir = `${root}${sep}assets${sep}`

  return async (c, next) => {
    let passedOn = false
    const response = await serve(c, async () => {
      passedOn = true
    })
    const served = servedFiles.get(c)
    if (passedOn || !response || !served) return next()

    const stats = statSync(served, { throwIfNoEntry: false })
    const headers = response.headers
    headers.set('Cache-Control', served.startsWith(assetsDir) ? IMMUTABLE : REVALIDATE)
    // Which copy is sent depends on Accept-Encoding, for uncompressed answers too.
    if (!/accept-encoding/i.test(headers.get('Vary') ?? '')) headers.append('Vary', 'Accept-Encoding')
    if (!stats) return response
    // Size and time of the copy sent: each encoding has its own tag, as HTTP requires.
    const etag = `W/"${stats.size.toString(36)}-${Math.floor(stats.mtimeMs).toString(36)}"`
    headers.set('ETag', etag)
    if (ifNoneMatch(c.req.header('If-None-Match'), etag)) {
      await response.body?.cancel()
      return new Response(null, {
        status: 304,
        headers: { ETag: etag, 'Cache-Control': headers.get('Cache-Control')!, Vary: headers.get('Vary')! },
      })
    }
    return response
  }
}

/** Weak comparison (RFC 9110 §13.1.2), as If-None-Match uses. */
function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '')
  return header.split(',').some((tag) => opaque(tag) === opaque(etag))
}

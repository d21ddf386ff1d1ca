/**
 * Cross-site request refusal, for every method: a state-changing request, and a GET whose answer
 * has effects of its own (an export is written to the audit chain in the caller's name). Another
 * site may make a browser send any of them with our user's cookie — a form, a plain link, an
 * image — so each is checked for where it came from, with the best evidence the browser gives:
 *
 * 1. Origin, when present (every cross-origin request, every POST): it must be ours or allowed.
 * 2. Otherwise Fetch Metadata (Sec-Fetch-Site, every current browser): `same-origin` or `none`
 *    (typed in, a bookmark) pass; `same-site` and `cross-site` come from another page's link.
 * 3. Otherwise Referer, when present: its origin must be ours or allowed.
 * 4. Otherwise the request did not come from another site's page in a browser (curl, scripts, an
 *    old browser's direct navigation): it passes; it carries no cookie it was not given.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { forbidden } from '../errors.js'

/** True when the Origin header is absent, names this server's own host, or is explicitly allowed. */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: string[]): boolean {
  if (origin === undefined) return true
  if (allowed.includes(origin)) return true
  try {
    return host !== undefined && new URL(origin).host === host
  } catch {
    return false
  }
}

function refererOrigin(referer: string): string {
  try {
    return new URL(referer).origin
  } catch {
    return 'null'
  }
}

/** Whether a request was sent by a page of another site (see above). */
function fromAnotherSite(c: Context, allowed: string[]): boolean {
  const host = c.req.header('host')
  const origin = c.req.header('origin')
  if (origin !== undefined) return !isAllowedOrigin(origin, host, allowed)
  const site = c.req.header('sec-fetch-site')
  if (site !== undefined) return site !== 'same-origin' && site !== 'none'
  const referer = c.req.header('referer')
  if (referer !== undefined) return !isAllowedOrigin(refererOrigin(referer), host, allowed)
  return false
}

export function originCheck(allowed: string[]): MiddlewareHandler {
  return async (c, next) => {
    if (fromAnotherSite(c, allowed)) throw forbidden('cross-site request refused', 'cross_site')
    await next()
  }
}

/** The session cookie: read on every request, set at login, cleared at logout. */
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Deps } from '../domain/deps.js'
import { resolveSession } from '../domain/sessions.js'
import { unauthenticated } from '../errors.js'
import type { Actor } from '../policy.js'

export const sessionCookie = 'jianyi_session'

export interface AppEnv {
  Variables: { actor: Actor | null }
}

/** Resolves the cookie's session into `c.var.actor` (null when absent, expired or disabled). */
export function sessionMiddleware(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('actor', await resolveSession(deps, getCookie(c, sessionCookie)))
    await next()
  }
}

/** The signed-in actor, or 401. */
export function requireActor(c: Context<AppEnv>): Actor {
  const actor = c.get('actor')
  if (!actor) throw unauthenticated()
  return actor
}

/** Secure cookies when the page is served over https (directly or behind a TLS proxy). */
function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'
}

export function setSessionCookie(c: Context, sessionId: string, maxAgeSeconds: number): void {
  setCookie(c, sessionCookie, sessionId, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    path: '/',
    maxAge: maxAgeSeconds,
  })
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, sessionCookie, { path: '/', secure: isHttps(c) })
}

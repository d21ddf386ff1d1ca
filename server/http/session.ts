/** The session cookie: read on every request, set at login, cleared at logout. */
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Deps } from '../domain/deps.js'
import { resolveSession } from '../domain/sessions.js'
import { unauthenticated } from '../errors.js'
import { clientUsesHttps } from './client-address.js'
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

/**
 * Secure when the client reached us over https, directly or through a trusted TLS proxy
 * (`trustedHops`, TRUST_PROXY): X-Forwarded-Proto from anyone else is ignored.
 */
export function setSessionCookie(c: Context, sessionId: string, maxAgeSeconds: number, trustedHops: number): void {
  setCookie(c, sessionCookie, sessionId, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: clientUsesHttps(c, trustedHops),
    path: '/',
    maxAge: maxAgeSeconds,
  })
}

export function clearSessionCookie(c: Context, trustedHops: number): void {
  deleteCookie(c, sessionCookie, { path: '/', secure: clientUsesHttps(c, trustedHops) })
}

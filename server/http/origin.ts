/**
 * Cross-site request refusal: a browser always sends Origin on state-changing requests and on
 * websocket upgrades, so one that names another site is refused. Requests without Origin come
 * from non-browser clients, which carry no ambient cookies of our users.
 */
import type { MiddlewareHandler } from 'hono'
import { forbidden } from '../errors.js'

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

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

export function originCheck(allowed: string[]): MiddlewareHandler {
  return async (c, next) => {
    if (!safeMethods.has(c.req.method) && !isAllowedOrigin(c.req.header('origin'), c.req.header('host'), allowed)) {
      throw forbidden('cross-origin request refused')
    }
    await next()
  }
}

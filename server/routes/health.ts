/** /api/health: whether this instance can serve, for load balancers and monitoring. */
import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { Health as HealthBody } from '../../shared/schema.js'
import type { Health } from '../domain/health.js'
import { socketAddress } from '../http/client-address.js'
import type { AppEnv } from '../http/session.js'
import { canAdminister } from '../policy.js'
import { routes } from './openapi.js'

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary:
    'Whether this instance can serve; 503 when its stores or broker fail. The problems are listed only for administrators and for callers on this host',
  responses: {
    200: { content: { 'application/json': { schema: HealthBody } }, description: 'Healthy' },
    503: { content: { 'application/json': { schema: HealthBody } }, description: 'Unhealthy' },
  },
})

const loopback = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/

/**
 * The problems name documents and quote database errors: only an administrator, or someone on the
 * server's own host (a monitoring probe, the operator's curl), may read them. "On this host" is the
 * TCP peer, never X-Forwarded-For; and a request a proxy forwarded (it carries X-Forwarded-For) is
 * not local even when that proxy runs on this host.
 */
function maySeeProblems(c: Context<AppEnv>): boolean {
  const actor = c.get('actor')
  if (actor && canAdminister(actor.user)) return true
  return loopback.test(socketAddress(c) ?? '') && c.req.header('x-forwarded-for') === undefined
}

export function healthRoutes(state: Health) {
  return routes().openapi(health, (c) => {
    const problems = state.current()
    if (problems.length === 0) return c.json({ ok: true }, 200)
    return c.json(maySeeProblems(c) ? { ok: false, problems } : { ok: false }, 503)
  })
}

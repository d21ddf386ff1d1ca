/** /api/health: whether this instance can serve, for load balancers and monitoring. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { Health as HealthBody } from '../../shared/schema.js'
import type { Health } from '../domain/health.js'

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'Whether this instance can serve; 503 with the problems when its stores or broker fail',
  responses: {
    200: { content: { 'application/json': { schema: HealthBody } }, description: 'Healthy' },
    503: { content: { 'application/json': { schema: HealthBody } }, description: 'Unhealthy, with the problems' },
  },
})

export function healthRoutes(state: Health) {
  return new OpenAPIHono().openapi(health, (c) => {
    const problems = state.current()
    return problems.length === 0 ? c.json({ ok: true }, 200) : c.json({ ok: false, problems }, 503)
  })
}

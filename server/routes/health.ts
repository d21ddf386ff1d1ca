/** /api/health: liveness for load balancers and monitoring. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { Health } from '../../shared/schema.js'

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'Whether this instance can serve',
  responses: { 200: { content: { 'application/json': { schema: Health } }, description: 'Healthy' } },
})

export function healthRoutes() {
  return new OpenAPIHono().openapi(health, (c) => c.json({ ok: true }, 200))
}

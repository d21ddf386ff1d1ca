/** /api/documents/:id/citations and /citable: 来源 and 引用 of a document. */
import { createRoute } from '@hono/zod-openapi'
import { Citable, Citations, CitationsQuery } from '../../shared/citations.js'
import { DocumentParams } from '../../shared/schema.js'
import { citable, resolveCitations } from '../domain/citations.js'
import type { Deps } from '../domain/deps.js'
import { requireActor } from '../http/session.js'
import { errors, json, routes } from './openapi.js'

const resolve = createRoute({
  method: 'get',
  path: '/documents/{id}/citations',
  tags: ['citations'],
  summary: "What the document's citations point at, as the caller may see them (来源)",
  request: { params: DocumentParams, query: CitationsQuery },
  responses: { 200: json(Citations, 'The citations'), 400: errors[400], 401: errors[401], 404: errors[404] },
})

const list = createRoute({
  method: 'get',
  path: '/documents/{id}/citable',
  tags: ['citations'],
  summary: "The materials and other documents of the document's group the caller may cite",
  request: { params: DocumentParams },
  responses: { 200: json(Citable, 'What may be cited'), 401: errors[401], 404: errors[404] },
})

export function citationRoutes(deps: Deps) {
  return routes()
    .openapi(resolve, async (c) =>
      c.json(
        {
          citations: await resolveCitations(
            deps,
            requireActor(c),
            c.req.valid('param').id,
            c.req.valid('query').targets,
          ),
        },
        200,
      ),
    )
    .openapi(list, async (c) => c.json(await citable(deps, requireActor(c), c.req.valid('param').id), 200))
}

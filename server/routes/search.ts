/** /api/search: words across the documents the caller may open. */
import { createRoute } from '@hono/zod-openapi'
import { SearchQuery, SearchResults } from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import { search } from '../domain/search.js'
import { requireActor } from '../http/session.js'
import { errors, json, routes } from './openapi.js'

const find = createRoute({
  method: 'get',
  path: '/search',
  tags: ['search'],
  summary:
    'Find words in the live text, the saved versions and the comment threads of every document the caller may open',
  request: { query: SearchQuery },
  responses: { 200: json(SearchResults, 'Documents holding the words'), 400: errors[400], 401: errors[401] },
})

export function searchRoutes(deps: Deps) {
  return routes().openapi(find, async (c) => c.json(await search(deps, requireActor(c), c.req.valid('query').q), 200))
}

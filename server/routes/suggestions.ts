/** /api/documents/:id/suggestions: proposed changes (修订) — threads whose words someone proposes to replace. */
import { createRoute } from '@hono/zod-openapi'
import {
  CreateSuggestionBody,
  DecideSuggestionBody,
  DecideSuggestionsBody,
  DecideSuggestionsResult,
  DocumentParams,
  ThreadParams,
  ThreadView,
  UpdateSuggestionBody,
} from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import * as suggestions from '../domain/suggestions.js'
import { requireActor } from '../http/session.js'
import { errors, json, jsonBody, routes } from './openapi.js'

const base = '/documents/{id}/suggestions'
const suggestionResponses = { 200: json(ThreadView, 'The suggestion as it is now'), ...errors }

const create = createRoute({
  method: 'post',
  path: base,
  tags: ['suggestions'],
  summary:
    'Propose replacing the words of a range (or inserting at one position) given as Yjs relative positions; the server anchors it',
  request: { params: DocumentParams, ...jsonBody(CreateSuggestionBody) },
  responses: { 201: json(ThreadView, 'The new suggestion'), ...errors },
})

const update = createRoute({
  method: 'put',
  path: `${base}/{threadId}`,
  tags: ['suggestions'],
  summary: "Change one's own open suggestion: its range and the words proposed",
  request: { params: ThreadParams, ...jsonBody(UpdateSuggestionBody) },
  responses: suggestionResponses,
})

const withdraw = createRoute({
  method: 'delete',
  path: `${base}/{threadId}`,
  tags: ['suggestions'],
  summary: "Withdraw one's own open suggestion (it stays on record as withdrawn)",
  request: { params: ThreadParams },
  responses: suggestionResponses,
})

const decide = createRoute({
  method: 'post',
  path: `${base}/{threadId}/decision`,
  tags: ['suggestions'],
  summary: 'Accept (the text changes, as one server transaction) or reject an open suggestion',
  request: { params: ThreadParams, ...jsonBody(DecideSuggestionBody) },
  responses: suggestionResponses,
})

const decideMany = createRoute({
  method: 'post',
  path: `${base}/decisions`,
  tags: ['suggestions'],
  summary: 'Accept or reject every open suggestion, or every open one by an author',
  request: { params: DocumentParams, ...jsonBody(DecideSuggestionsBody) },
  responses: { 200: json(DecideSuggestionsResult, 'What was decided and what was skipped'), ...errors },
})

export function suggestionRoutes(deps: Deps) {
  return routes()
    .openapi(create, async (c) => {
      const actor = requireActor(c)
      const { anchor, insert, note } = c.req.valid('json')
      return c.json(await suggestions.createSuggestion(deps, actor, c.req.valid('param').id, anchor, insert, note), 201)
    })
    .openapi(update, async (c) => {
      const actor = requireActor(c)
      const { id, threadId } = c.req.valid('param')
      const { anchor, insert } = c.req.valid('json')
      return c.json(await suggestions.updateSuggestion(deps, actor, id, threadId, anchor, insert), 200)
    })
    .openapi(withdraw, async (c) => {
      const actor = requireActor(c)
      const { id, threadId } = c.req.valid('param')
      return c.json(await suggestions.withdrawSuggestion(deps, actor, id, threadId), 200)
    })
    .openapi(decide, async (c) => {
      const actor = requireActor(c)
      const { id, threadId } = c.req.valid('param')
      const { decision, rationale } = c.req.valid('json')
      return c.json(await suggestions.decideSuggestion(deps, actor, id, threadId, decision, rationale), 200)
    })
    .openapi(decideMany, async (c) => {
      const actor = requireActor(c)
      const { decision, authorId, rationale } = c.req.valid('json')
      return c.json(
        await suggestions.decideSuggestions(deps, actor, c.req.valid('param').id, decision, { authorId, rationale }),
        200,
      )
    })
}

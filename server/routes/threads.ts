/** /api/documents/:id/threads: comment threads on a document. */
import { createRoute } from '@hono/zod-openapi'
import {
  CommentParams,
  CreateThreadBody,
  DispositionBody,
  DocumentParams,
  EditCommentBody,
  MarkReadBody,
  ReplyBody,
  ResolveBody,
  ThreadList,
  ThreadParams,
  ThreadView,
} from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import * as threads from '../domain/threads.js'
import { requireActor } from '../http/session.js'
import { errors, json, jsonBody, routes } from './openapi.js'

const base = '/documents/{id}/threads'
const threadResponses = { 200: json(ThreadView, 'The thread as it is now'), ...errors }

const list = createRoute({
  method: 'get',
  path: base,
  tags: ['threads'],
  summary: 'Every thread with its comments, and the participants, in one request',
  request: { params: DocumentParams },
  responses: { 200: json(ThreadList, 'The threads'), 401: errors[401], 404: errors[404] },
})

const create = createRoute({
  method: 'post',
  path: base,
  tags: ['threads'],
  summary: 'Open a thread on a range given as Yjs relative positions; the server anchors it',
  request: { params: DocumentParams, ...jsonBody(CreateThreadBody) },
  responses: { 201: json(ThreadView, 'The new thread'), ...errors },
})

const replyRoute = createRoute({
  method: 'post',
  path: `${base}/{threadId}/comments`,
  tags: ['threads'],
  summary: 'Reply in a thread',
  request: { params: ThreadParams, ...jsonBody(ReplyBody) },
  responses: { 201: json(ThreadView, 'The thread with the reply'), ...errors },
})

const edit = createRoute({
  method: 'patch',
  path: `${base}/{threadId}/comments/{commentId}`,
  tags: ['threads'],
  summary: "Edit one's own comment (its earlier text is kept in its history)",
  request: { params: CommentParams, ...jsonBody(EditCommentBody) },
  responses: threadResponses,
})

const remove = createRoute({
  method: 'delete',
  path: `${base}/{threadId}/comments/{commentId}`,
  tags: ['threads'],
  summary: "Delete one's own comment, leaving a tombstone",
  request: { params: CommentParams },
  responses: threadResponses,
})

const resolve = createRoute({
  method: 'put',
  path: `${base}/{threadId}/resolution`,
  tags: ['threads'],
  summary: 'Resolve or reopen a thread (its author, a convener, the chair)',
  request: { params: ThreadParams, ...jsonBody(ResolveBody) },
  responses: threadResponses,
})

const disposition = createRoute({
  method: 'put',
  path: `${base}/{threadId}/disposition`,
  tags: ['threads'],
  summary: 'Record how the opinion was handled (意见处理; conveners)',
  request: { params: ThreadParams, ...jsonBody(DispositionBody) },
  responses: threadResponses,
})

const markRead = createRoute({
  method: 'post',
  path: '/documents/{id}/mentions/read',
  tags: ['threads'],
  summary: 'Mark mentions of the caller as read',
  request: { params: DocumentParams, ...jsonBody(MarkReadBody) },
  responses: { 204: { description: 'Marked' }, 400: errors[400], 401: errors[401], 404: errors[404] },
})

export function threadRoutes(deps: Deps) {
  return routes()
    .openapi(list, async (c) => c.json(await threads.listThreads(deps, requireActor(c), c.req.valid('param').id), 200))
    .openapi(create, async (c) => {
      const actor = requireActor(c)
      const { anchor, body } = c.req.valid('json')
      return c.json(await threads.createThread(deps, actor, c.req.valid('param').id, anchor, body), 201)
    })
    .openapi(replyRoute, async (c) => {
      const actor = requireActor(c)
      const { id, threadId } = c.req.valid('param')
      return c.json(await threads.reply(deps, actor, id, threadId, c.req.valid('json').body), 201)
    })
    .openapi(edit, async (c) => {
      const actor = requireActor(c)
      const { id, threadId, commentId } = c.req.valid('param')
      return c.json(await threads.editComment(deps, actor, id, threadId, commentId, c.req.valid('json').body), 200)
    })
    .openapi(remove, async (c) => {
      const actor = requireActor(c)
      const { id, threadId, commentId } = c.req.valid('param')
      return c.json(await threads.deleteComment(deps, actor, id, threadId, commentId), 200)
    })
    .openapi(resolve, async (c) => {
      const actor = requireActor(c)
      const { id, threadId } = c.req.valid('param')
      return c.json(await threads.setResolved(deps, actor, id, threadId, c.req.valid('json').resolved), 200)
    })
    .openapi(disposition, async (c) => {
      const actor = requireActor(c)
      const { id, threadId } = c.req.valid('param')
      const { kind, rationale } = c.req.valid('json')
      return c.json(await threads.dispose(deps, actor, id, threadId, kind, rationale), 200)
    })
    .openapi(markRead, async (c) => {
      const actor = requireActor(c)
      await threads.markRead(deps, actor, c.req.valid('param').id, c.req.valid('json').commentIds)
      return c.body(null, 204)
    })
}

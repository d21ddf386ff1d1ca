/** /api/documents: the drafts, and the commenters invited to each. */
import { createRoute } from '@hono/zod-openapi'
import {
  CreateDocumentBody,
  DocumentList,
  DocumentParams,
  DocumentView,
  Invitation,
  InvitationList,
  InvitationParams,
  InviteBody,
  RenameDocumentBody,
  ChangeKindBody,
} from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import * as documents from '../domain/documents.js'
import * as invitations from '../domain/invitations.js'
import { requireActor } from '../http/session.js'
import { errors, json, jsonBody, routes } from './openapi.js'

const list = createRoute({
  method: 'get',
  path: '/documents',
  tags: ['documents'],
  summary: 'The drafts the caller may read, most recently updated first',
  responses: { 200: json(DocumentList, 'The drafts'), 401: errors[401] },
})

const create = createRoute({
  method: 'post',
  path: '/documents',
  tags: ['documents'],
  summary: "Create a draft in a group (the group's conveners)",
  request: jsonBody(CreateDocumentBody),
  responses: { 201: json(DocumentView, 'The new draft'), 400: errors[400], 401: errors[401], 403: errors[403] },
})

const get = createRoute({
  method: 'get',
  path: '/documents/{id}',
  tags: ['documents'],
  summary: "One draft, with the caller's access",
  request: { params: DocumentParams },
  responses: { 200: json(DocumentView, 'The draft'), 401: errors[401], 404: errors[404] },
})

const rename = createRoute({
  method: 'patch',
  path: '/documents/{id}',
  tags: ['documents'],
  summary: "Rename a draft (the group's conveners)",
  request: { params: DocumentParams, ...jsonBody(RenameDocumentBody) },
  responses: {
    200: json(DocumentView, 'The renamed draft'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
  },
})

const changeKind = createRoute({
  method: 'put',
  path: '/documents/{id}/kind',
  tags: ['documents'],
  summary: "Change a draft's kind (改文种; the group's conveners, while it is 起草中); its text stays as it is",
  description:
    '409 kind_not_draft unless 起草中, kind_has_history for a 建议案 submitted in an earlier round, ' +
    'kind_minutes_linked for a 纪要 the schedule links to. Audited (kind_change).',
  request: { params: DocumentParams, ...jsonBody(ChangeKindBody) },
  responses: {
    200: json(DocumentView, 'The draft, of its new kind'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
})

const remove = createRoute({
  method: 'delete',
  path: '/documents/{id}',
  tags: ['documents'],
  summary: "Delete a draft and close its open editors (the group's conveners)",
  request: { params: DocumentParams },
  responses: { 204: { description: 'Deleted' }, 401: errors[401], 403: errors[403], 404: errors[404] },
})

const listInvitations = createRoute({
  method: 'get',
  path: '/documents/{id}/invitations',
  tags: ['invitations'],
  summary: 'Commenters invited to a draft (its conveners)',
  request: { params: DocumentParams },
  responses: { 200: json(InvitationList, 'The invitations'), 401: errors[401], 403: errors[403], 404: errors[404] },
})

const invite = createRoute({
  method: 'post',
  path: '/documents/{id}/invitations',
  tags: ['invitations'],
  summary: 'Invite a commenter account to read and comment on a draft, optionally until a date',
  request: { params: DocumentParams, ...jsonBody(InviteBody) },
  responses: { 201: json(Invitation, 'The invitation'), ...errors },
})

const revoke = createRoute({
  method: 'delete',
  path: '/documents/{id}/invitations/{userId}',
  tags: ['invitations'],
  summary: "Revoke an invitation; the commenter's open editor closes",
  request: { params: InvitationParams },
  responses: { 204: { description: 'Revoked' }, 401: errors[401], 403: errors[403], 404: errors[404] },
})

export function documentRoutes(deps: Deps) {
  return routes()
    .openapi(list, async (c) => c.json({ documents: await documents.visibleDocuments(deps, requireActor(c)) }, 200))
    .openapi(create, async (c) => {
      const actor = requireActor(c)
      const { title, groupId, template, kind } = c.req.valid('json')
      return c.json(await documents.createDocument(deps, actor, title, groupId, template, kind), 201)
    })
    .openapi(get, async (c) => c.json(await documents.getDocument(deps, requireActor(c), c.req.valid('param').id), 200))
    .openapi(rename, async (c) => {
      const actor = requireActor(c)
      return c.json(
        await documents.renameDocument(deps, actor, c.req.valid('param').id, c.req.valid('json').title),
        200,
      )
    })
    .openapi(changeKind, async (c) => {
      const actor = requireActor(c)
      return c.json(await documents.changeKind(deps, actor, c.req.valid('param').id, c.req.valid('json').kind), 200)
    })
    .openapi(remove, async (c) => {
      await documents.deleteDocument(deps, requireActor(c), c.req.valid('param').id)
      return c.body(null, 204)
    })
    .openapi(listInvitations, async (c) => {
      const actor = requireActor(c)
      return c.json({ invitations: await invitations.listInvitations(deps, actor, c.req.valid('param').id) }, 200)
    })
    .openapi(invite, async (c) => {
      const actor = requireActor(c)
      const { username, until } = c.req.valid('json')
      return c.json(await invitations.invite(deps, actor, c.req.valid('param').id, username, until ?? null), 201)
    })
    .openapi(revoke, async (c) => {
      const actor = requireActor(c)
      const { id, userId } = c.req.valid('param')
      await invitations.revoke(deps, actor, id, userId)
      return c.body(null, 204)
    })
}

/** /api/documents: the drafts. Handlers validate, call one domain function, and answer JSON. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { ErrorBody } from '../../shared/errors.js'
import {
  CreateDocumentBody,
  DocumentList,
  DocumentMeta,
  DocumentParams,
  RenameDocumentBody,
} from '../../shared/schema.js'
import * as documents from '../domain/documents.js'
import { validationHook } from '../http/validation.js'

const json = <T>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description })
const errors = {
  400: json(ErrorBody, 'Invalid input; `field` names it'),
  404: json(ErrorBody, 'No such document'),
}

const list = createRoute({
  method: 'get',
  path: '/documents',
  tags: ['documents'],
  summary: 'List drafts, most recently updated first',
  responses: { 200: json(DocumentList, 'The drafts') },
})

const create = createRoute({
  method: 'post',
  path: '/documents',
  tags: ['documents'],
  summary: 'Create a draft',
  request: { body: { content: { 'application/json': { schema: CreateDocumentBody } }, required: true } },
  responses: { 201: json(DocumentMeta, 'The new draft'), 400: errors[400] },
})

const get = createRoute({
  method: 'get',
  path: '/documents/{id}',
  tags: ['documents'],
  summary: 'One draft',
  request: { params: DocumentParams },
  responses: { 200: json(DocumentMeta, 'The draft'), ...errors },
})

const rename = createRoute({
  method: 'patch',
  path: '/documents/{id}',
  tags: ['documents'],
  summary: 'Rename a draft',
  request: {
    params: DocumentParams,
    body: { content: { 'application/json': { schema: RenameDocumentBody } }, required: true },
  },
  responses: { 200: json(DocumentMeta, 'The renamed draft'), ...errors },
})

const remove = createRoute({
  method: 'delete',
  path: '/documents/{id}',
  tags: ['documents'],
  summary: 'Delete a draft and close its open editors',
  request: { params: DocumentParams },
  responses: { 204: { description: 'Deleted' }, ...errors },
})

export function documentRoutes(deps: documents.DocumentDeps) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(list, async (c) => c.json({ documents: await documents.listDocuments(deps) }, 200))
    .openapi(create, async (c) => c.json(await documents.createDocument(deps, c.req.valid('json').title), 201))
    .openapi(get, async (c) => c.json(await documents.getDocument(deps, c.req.valid('param').id), 200))
    .openapi(rename, async (c) => {
      const { id } = c.req.valid('param')
      return c.json(await documents.renameDocument(deps, id, c.req.valid('json').title), 200)
    })
    .openapi(remove, async (c) => {
      await documents.deleteDocument(deps, c.req.valid('param').id)
      return c.body(null, 204)
    })
}

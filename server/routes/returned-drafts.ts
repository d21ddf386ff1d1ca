/** /api/documents/:id/returned-drafts: 导入修订稿 — a returned .docx's revisions and comments taken in as suggestions and threads. */
import { createRoute, z } from '@hono/zod-openapi'
import { ErrorBody } from '../../shared/errors.js'
import {
  DocumentParams,
  ReturnedDraftReport,
  ReturnedDraftSenders,
  ReturnedDraftUnit,
  UserId,
} from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import { importReturnedDraft, returnedDraftSenders } from '../domain/returned-draft.js'
import { invalidInput } from '../errors.js'
import { requireActor } from '../http/session.js'
import { errors, json, routes } from './openapi.js'

/** The upload: the file, and from whom it came — an invited commenter's account or an outside unit, exactly one. */
const ReturnedDraftForm = z.object({
  file: z
    .custom<File>((value) => value instanceof File, { message: 'file is required', params: { reason: 'required' } })
    .openapi({ type: 'string', format: 'binary', description: 'The returned .docx' }),
  fromUserId: UserId.optional().openapi({ description: 'An invited commenter of the document' }),
  fromUnit: ReturnedDraftUnit.optional().openapi({ description: 'An outside unit, e.g. 市财政局' }),
})

const importRoute = createRoute({
  method: 'post',
  path: '/documents/{id}/returned-drafts',
  tags: ['suggestions'],
  summary:
    'Take a returned .docx in (导入修订稿): its Word revisions become open suggestions and its comments threads, placed by their words in the draft as it is now; the text does not change',
  request: {
    params: DocumentParams,
    body: { content: { 'multipart/form-data': { schema: ReturnedDraftForm } }, required: true },
  },
  responses: {
    201: json(ReturnedDraftReport, 'What was made, and every change that could not be placed'),
    ...errors,
    415: json(ErrorBody, 'The file is not a .docx: not_docx'),
    503: json(ErrorBody, 'Stopped at the time budget (EXPORT_TIMEOUT_SECONDS)'),
  },
})

const sendersRoute = createRoute({
  method: 'get',
  path: '/documents/{id}/returned-drafts/senders',
  tags: ['suggestions'],
  summary: 'Whom a returned draft may be attributed to as an account: the invited commenters of the document',
  request: { params: DocumentParams },
  responses: { 200: json(ReturnedDraftSenders, 'The invited commenters'), ...errors },
})

export function returnedDraftRoutes(deps: Deps) {
  return routes()
    .openapi(sendersRoute, async (c) => {
      const people = await returnedDraftSenders(deps, requireActor(c), c.req.valid('param').id)
      return c.json({ people }, 200)
    })
    .openapi(importRoute, async (c) => {
      const actor = requireActor(c)
      const { file, fromUserId, fromUnit } = c.req.valid('form')
      if ((fromUserId === undefined) === (fromUnit === undefined))
        throw invalidInput(
          fromUserId === undefined ? 'fromUserId' : 'fromUnit',
          'give either fromUserId (an invited commenter) or fromUnit (an outside unit)',
          {
            reason: 'returned_draft_from',
          },
        )
      const from = fromUnit !== undefined ? { unit: fromUnit } : { userId: fromUserId! }
      const bytes = new Uint8Array(await file.arrayBuffer())
      const report = await importReturnedDraft(deps, actor, c.req.valid('param').id, { name: file.name, bytes }, from)
      return c.json(report, 201)
    })
}

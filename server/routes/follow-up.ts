/**
 * /api/documents/:id/follow-up: 办理跟踪 of a sent 建议案 — 领导批示, 转办, 办理反馈, 成果转化. The
 * group's secretaries record (multipart: the entry as JSON, and a PDF, PNG or JPEG for a 批示 or a
 * 办理反馈) and remove entries; the group's members, chairs and secretaries read them. Files are
 * served as attachments of the kind their content was recognised as, never as a page: nosniff and
 * a sandboxing Content-Security-Policy.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { ErrorBody } from '../../shared/errors.js'
import { FollowUpBody, FollowUpEntry, FollowUpParams, FollowUpTimeline } from '../../shared/follow-up.js'
import { DocumentParams } from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import * as followUp from '../domain/follow-up.js'
import { contentDisposition, safeFileName } from '../http/attachment.js'
import { declaredLength, formSchema, readMultipart, streamedForm } from '../http/multipart.js'
import { requireActor } from '../http/session.js'
import { validationHook } from '../http/validation.js'
import { errors, json, routes } from './openapi.js'

/** The entry as JSON text: a form carries strings, and the entry is one of four shapes. */
const EntryField = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown
    } catch {
      ctx.addIssue({ code: 'custom', message: 'entry must be JSON', params: { reason: 'invalid' } })
      return z.NEVER
    }
  })
  .pipe(FollowUpBody)

const FollowUpForm = z.object({
  entry: EntryField.openapi({
    type: 'string',
    description: 'The entry as JSON: {kind: instruction|referral|feedback|outcome, date: YYYY-MM-DD, …}',
  }),
  file: z
    .custom<File>((value) => value instanceof File, { message: 'file must be a file' })
    .optional()
    .openapi({ type: 'string', format: 'binary', description: 'A 批示 page or a reply letter: PDF, PNG or JPEG' }),
})

/** The form's fields but the file, which arrives through followUpFileReceiver. */
const FollowUpFields = FollowUpForm.omit({ file: true })

/** The form as documented; its file never passes through a validator, which would read it whole. */
const addForm = formSchema(
  { entry: 'The entry as JSON: {kind: instruction|referral|feedback|outcome, date: YYYY-MM-DD, …}' },
  { description: 'A 批示 page or a reply letter: PDF, PNG or JPEG', required: false },
)

const list = createRoute({
  method: 'get',
  path: '/documents/{id}/follow-up',
  tags: ['follow-up'],
  summary: "办理跟踪: a document's 批示, 转办, 办理反馈 and 成果转化 (the group's members, chairs, secretaries)",
  request: { params: DocumentParams },
  responses: { 200: json(FollowUpTimeline, 'The entries by date'), 401: errors[401], 404: errors[404] },
})

const add = createRoute({
  method: 'post',
  path: '/documents/{id}/follow-up',
  tags: ['follow-up'],
  summary: "Record a 批示, 转办, 办理反馈 or 成果转化 (the group's secretaries, once the proposal is sent)",
  description:
    'A file (批示 or 办理反馈 only) is taken by its content: PDF, PNG or JPEG. The body is limited by ' +
    'MAX_UPLOAD_BYTES (413 before it is read); an empty file is 400 file_empty, any other kind 415 ' +
    'follow_up_type; nothing is stored then. 409 follow_up_not_sent before the 报送登记.',
  request: {
    params: DocumentParams,
    body: { content: { 'multipart/form-data': { schema: FollowUpForm } }, required: true },
  },
  responses: {
    201: json(FollowUpEntry, 'The entry as stored'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    413: errors[413],
    415: json(ErrorBody, 'Not a PDF, PNG or JPEG (reason follow_up_type)'),
  },
})

const file = createRoute({
  method: 'get',
  path: '/documents/{id}/follow-up/{entryId}/file',
  tags: ['follow-up'],
  summary: "An entry's file, as an attachment of the kind its content was recognised as",
  request: { params: FollowUpParams },
  responses: {
    200: {
      content: Object.fromEntries(
        ['application/pdf', 'image/png', 'image/jpeg'].map((type) => [
          type,
          { schema: { type: 'string' as const, format: 'binary' } },
        ]),
      ),
      description: 'The file, with a UTF-8 file name (RFC 5987)',
    },
    401: errors[401],
    404: errors[404],
  },
})

const remove = createRoute({
  method: 'delete',
  path: '/documents/{id}/follow-up/{entryId}',
  tags: ['follow-up'],
  summary: "Remove an entry recorded by mistake (the group's secretaries; audited)",
  request: { params: FollowUpParams },
  responses: {
    204: { description: 'Removed' },
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
})

/** `maxBytes`: the upload limit (MAX_UPLOAD_BYTES), which the timeline tells the client. */
export function followUpRoutes(deps: Deps, maxBytes: number) {
  return routes()
    .openapi(list, async (c) => {
      const found = await followUp.timeline(deps, requireActor(c), c.req.valid('param').id)
      return c.json({ ...found, maxBytes }, 200)
    })
    .openapi(streamedForm(add, addForm), async (c) => {
      const actor = requireActor(c)
      const documentId = c.req.valid('param').id
      // The rule before the body: a file nobody may record is not read.
      await followUp.checkRecordable(deps, actor, documentId)
      const receiver = followUp.followUpFileReceiver({ maxBytes, sizeHint: declaredLength(c) })
      const form = await readMultipart(c.req.raw, { file: receiver.file })
      const fields = FollowUpFields.safeParse(form)
      if (!fields.success) return validationHook({ success: false, error: fields.error, target: 'form' }, c)!
      const stored = await followUp.recordFollowUp(deps, actor, documentId, fields.data.entry, receiver.upload())
      return c.json(stored, 201)
    })
    .openapi(file, async (c) => {
      const { id, entryId } = c.req.valid('param')
      const found = await followUp.followUpFile(deps, requireActor(c), id, entryId)
      c.header('Content-Type', found.mediaType)
      c.header('Content-Disposition', contentDisposition(safeFileName(found.fileName)))
      c.header('X-Content-Type-Options', 'nosniff')
      c.header('Content-Security-Policy', "default-src 'none'; sandbox")
      c.header('Cache-Control', 'private, no-store')
      return c.body(found.bytes as Uint8Array<ArrayBuffer>, 200)
    })
    .openapi(remove, async (c) => {
      const { id, entryId } = c.req.valid('param')
      await followUp.removeFollowUp(deps, requireActor(c), id, entryId)
      return c.body(null, 204)
    })
}

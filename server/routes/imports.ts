/** /api/documents/import: 导入Word, a new draft started from a .docx (server/domain/word-import.ts). */
import { createRoute, z } from '@hono/zod-openapi'
import { ErrorBody } from '../../shared/errors.js'
import { DocumentKind, DocumentTitle, GroupId, ImportWordResult } from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import { importWordDraft } from '../domain/word-import.js'
import { requireActor } from '../http/session.js'
import { errors, exportErrors, json, routes } from './openapi.js'

/** The form: the .docx, the group the draft is for, and a title that replaces the one the file has. */
const ImportWordForm = z.object({
  file: z
    .instanceof(File, { message: 'file must be a .docx file' })
    .openapi({ type: 'string', format: 'binary', description: 'The Word file (.docx)' }),
  groupId: GroupId,
  title: z
    .preprocess((value) => (value === '' ? undefined : value), DocumentTitle.optional())
    .openapi({ type: 'string', description: 'Replaces the title recognised in the file' }),
  kind: z
    .preprocess((value) => (value === '' ? undefined : value), DocumentKind.optional())
    .openapi({
      type: 'string',
      description: 'What the draft is (proposal, report, minutes, plan); a proposal unless said',
    }),
})

const importWord = createRoute({
  method: 'post',
  path: '/documents/import',
  tags: ['documents'],
  summary: "Start a draft from a Word file (导入Word; the group's conveners)",
  description:
    'Reads the .docx in the heavy-work pool: title, 主送机关, headings (styles and typed numbers, numbers removed), ' +
    'lists, tables; pictures and notes are left out and counted in the report. The body is limited by ' +
    'MAX_UPLOAD_BYTES (413 before it is read).',
  request: { body: { content: { 'multipart/form-data': { schema: ImportWordForm } }, required: true } },
  responses: {
    201: json(ImportWordResult, 'The new draft and what was recognised in the file'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    413: errors[413],
    415: json(ErrorBody, 'The file is not a .docx (reason not_docx)'),
    503: exportErrors[503],
  },
})

export const importRoutes = (deps: Deps) =>
  routes().openapi(importWord, async (c) => {
    const actor = requireActor(c)
    const { file, groupId, title, kind } = c.req.valid('form')
    const bytes = new Uint8Array(await file.arrayBuffer())
    return c.json(await importWordDraft(deps, actor, { bytes, fileName: file.name, groupId, title, kind }), 201)
  })

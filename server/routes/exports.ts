/** Exports (approved, drafts, redlines) and the submission register (报送登记). */
import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import {
  ApprovedExportQuery,
  DocumentParams,
  DraftExportQuery,
  ExportParams,
  RedlineQuery,
  RegisterBody,
  RegisterCorrectionBody,
  RegisterEntry,
  RegisterEntryParams,
  RegisterList,
  VersionExportParams,
} from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import * as exports from '../domain/exports.js'
import { contentDisposition, safeFileName } from '../http/attachment.js'
import { requireActor } from '../http/session.js'
import { errors, exportErrors, json, jsonBody, routes } from './openapi.js'

const file = (description: string) => ({
  content: { 'application/octet-stream': { schema: { type: 'string' as const, format: 'binary' } } },
  description,
})

const approved = createRoute({
  method: 'get',
  path: '/documents/{id}/export/{format}',
  tags: ['export'],
  summary:
    'The approved version as the official submission: DOCX per GB/T 9704, PDF, Markdown or text (secretary, chair)',
  request: { params: ExportParams, query: ApprovedExportQuery },
  responses: { 200: file('The file, with a UTF-8 file name (RFC 5987)'), ...errors, ...exportErrors },
})

const version = createRoute({
  method: 'get',
  path: '/documents/{id}/versions/{number}/export/{format}',
  tags: ['export'],
  summary:
    'Any version as a marked draft (草稿 / 征求意见稿), a DOCX optionally with the open suggestions as Word revisions; DOCX and PDF for members, Markdown and text for readers',
  request: { params: VersionExportParams, query: DraftExportQuery },
  responses: { 200: file('The file'), ...errors, ...exportErrors },
})

const redline = createRoute({
  method: 'get',
  path: '/documents/{id}/redline',
  tags: ['export'],
  summary: 'DOCX of version `to` against version `from` with Word revision marks attributed to the group',
  request: { params: DocumentParams, query: RedlineQuery },
  responses: { 200: file('The redline'), ...errors, ...exportErrors },
})

const record = createRoute({
  method: 'post',
  path: '/documents/{id}/register',
  tags: ['register'],
  summary: 'Record that the approved version was sent: 文号, 主送机关, date, sender (secretary)',
  request: { params: DocumentParams, ...jsonBody(RegisterBody) },
  responses: { 201: json(RegisterEntry, 'The entry'), ...errors },
})

const correct = createRoute({
  method: 'post',
  path: '/register/{entryId}/correction',
  tags: ['register'],
  summary: 'Correct a register entry: a new entry replaces it for later exports; audited with the reason (secretary)',
  request: { params: RegisterEntryParams, ...jsonBody(RegisterCorrectionBody) },
  responses: { 201: json(RegisterEntry, 'The correcting entry'), ...errors },
})

const list = createRoute({
  method: 'get',
  path: '/register',
  tags: ['register'],
  summary: 'The submission register (secretaries, chairs)',
  responses: { 200: json(RegisterList, 'Every entry the caller may see'), 401: errors[401], 403: errors[403] },
})

const csv = createRoute({
  method: 'get',
  path: '/register.csv',
  tags: ['register'],
  summary: 'The submission register as CSV in UTF-8 with a BOM',
  responses: {
    200: { content: { 'text/csv': { schema: { type: 'string' as const } } }, description: 'CSV' },
    401: errors[401],
    403: errors[403],
    ...exportErrors,
  },
})

function send(c: Context, exported: exports.ExportFile) {
  c.header('Content-Type', exported.mediaType)
  c.header('Content-Disposition', contentDisposition(safeFileName(exported.fileName)))
  return c.body(exported.bytes as Uint8Array<ArrayBuffer> | string, 200)
}

export function exportRoutes(deps: Deps) {
  return routes()
    .openapi(approved, async (c) => {
      const { id, format } = c.req.valid('param')
      const { version, attachments } = c.req.valid('query')
      return send(c, await exports.exportApproved(deps, requireActor(c), id, format, version, attachments))
    })
    .openapi(version, async (c) => {
      const { id, number, format } = c.req.valid('param')
      const { mark, suggestions, attachments } = c.req.valid('query')
      return send(
        c,
        await exports.exportVersion(deps, requireActor(c), id, number, format, mark, suggestions, attachments),
      )
    })
    .openapi(redline, async (c) => {
      const { from, to } = c.req.valid('query')
      return send(c, await exports.exportRedlineDocx(deps, requireActor(c), c.req.valid('param').id, from, to))
    })
    .openapi(record, async (c) => {
      const actor = requireActor(c)
      return c.json(await exports.recordSending(deps, actor, c.req.valid('param').id, c.req.valid('json')), 201)
    })
    .openapi(correct, async (c) => {
      const actor = requireActor(c)
      const { entryId } = c.req.valid('param')
      return c.json(await exports.correctRegisterEntry(deps, actor, entryId, c.req.valid('json')), 201)
    })
    .openapi(list, async (c) => c.json({ entries: await exports.listRegister(deps, requireActor(c)) }, 200))
    .openapi(csv, async (c) => send(c, await exports.registerCsv(deps, requireActor(c))))
}

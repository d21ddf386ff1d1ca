/** /api/documents/:id/opinions.{csv,docx}: the 意见采纳情况表 of a document. */
import { createRoute } from '@hono/zod-openapi'
import { DocumentParams } from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import { exportOpinionTable } from '../domain/opinion-table.js'
import { contentDisposition, safeFileName } from '../http/attachment.js'
import { requireActor } from '../http/session.js'
import { errors, exportErrors, routes } from './openapi.js'

const download = (extension: 'csv' | 'docx', mediaType: string) =>
  createRoute({
    method: 'get',
    path: `/documents/{id}/opinions.${extension}`,
    tags: ['threads'],
    summary: `意见采纳情况表 as ${extension.toUpperCase()} (conveners and the chair)`,
    request: { params: DocumentParams },
    responses: {
      200: { content: { [mediaType]: { schema: { type: 'string', format: 'binary' } } }, description: 'The table' },
      401: errors[401],
      403: errors[403],
      404: errors[404],
      ...exportErrors,
    },
  })

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

export function opinionRoutes(deps: Deps) {
  const answer = (format: 'csv' | 'docx') => download(format, format === 'csv' ? 'text/csv' : docxType)
  return routes()
    .openapi(answer('csv'), async (c) => {
      const file = await exportOpinionTable(deps, requireActor(c), c.req.valid('param').id, 'csv')
      c.header('Content-Type', file.mediaType)
      c.header('Content-Disposition', contentDisposition(safeFileName(file.fileName)))
      return c.body(file.bytes as string, 200)
    })
    .openapi(answer('docx'), async (c) => {
      const file = await exportOpinionTable(deps, requireActor(c), c.req.valid('param').id, 'docx')
      c.header('Content-Type', file.mediaType)
      c.header('Content-Disposition', contentDisposition(safeFileName(file.fileName)))
      return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200)
    })
}

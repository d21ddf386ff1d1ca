/** /api/documents/:id/opinions.{csv,docx}: the 意见采纳情况表 of a document. */
import { createRoute } from '@hono/zod-openapi'
import { DocumentParams } from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import { opinionCsv, opinionRows } from '../domain/opinion-table.js'
import { opinionTableDocx } from '../export/opinion-table-docx.js'
import { contentDisposition, safeFileName } from '../http/attachment.js'
import { requireActor } from '../http/session.js'
import { errors, routes } from './openapi.js'

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
    },
  })

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

export function opinionRoutes(deps: Deps) {
  return routes()
    .openapi(download('csv', 'text/csv'), async (c) => {
      const { title, rows } = await opinionRows(deps, requireActor(c), c.req.valid('param').id)
      c.header('Content-Type', 'text/csv; charset=utf-8')
      c.header('Content-Disposition', contentDisposition(safeFileName(`${title}-意见采纳情况表.csv`)))
      return c.body(opinionCsv(rows), 200)
    })
    .openapi(download('docx', docxType), async (c) => {
      const { title, rows } = await opinionRows(deps, requireActor(c), c.req.valid('param').id)
      c.header('Content-Type', docxType)
      c.header('Content-Disposition', contentDisposition(safeFileName(`${title}-意见采纳情况表.docx`)))
      return c.body((await opinionTableDocx(title, rows)) as Uint8Array<ArrayBuffer>, 200)
    })
}

/**
 * /api/statistics?year=YYYY: 年度统计 of the 建议案 in the groups the caller serves (chairs,
 * secretaries); `format=csv` or `format=docx` answers the same tables as an attachment.
 */
import { createRoute } from '@hono/zod-openapi'
import { StatisticsQuery, YearStatistics } from '../../shared/statistics.js'
import type { Deps } from '../domain/deps.js'
import * as statistics from '../domain/statistics.js'
import { contentDisposition, safeFileName } from '../http/attachment.js'
import { requireActor } from '../http/session.js'
import { errors, routes } from './openapi.js'

const get = createRoute({
  method: 'get',
  path: '/statistics',
  tags: ['statistics'],
  summary: '年度统计: a year of 建议案 by stage, durations, opinions per group (chairs, secretaries)',
  description:
    'format=json (default) answers YearStatistics; format=csv (UTF-8 with a BOM) and format=docx answer the same ' +
    'tables as an attachment. 400 names `year` when it is not a year 2000–2100.',
  request: { query: StatisticsQuery },
  responses: {
    200: {
      content: {
        'application/json': { schema: YearStatistics },
        'text/csv': { schema: { type: 'string' as const } },
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
          schema: { type: 'string' as const, format: 'binary' },
        },
      },
      description: 'The statistics, or the tables as a file',
    },
    400: errors[400],
    401: errors[401],
    403: errors[403],
  },
})

export function statisticsRoutes(deps: Deps) {
  return routes().openapi(get, async (c) => {
    const { year, format } = c.req.valid('query')
    const actor = requireActor(c)
    if (format === 'json') return c.json(await statistics.statisticsOf(deps, actor, year), 200)
    const file = await statistics.statisticsFile(deps, actor, year, format)
    c.header('Content-Type', file.mediaType)
    c.header('Content-Disposition', contentDisposition(safeFileName(file.fileName)))
    c.header('Cache-Control', 'private, no-store')
    return c.body(file.bytes as Uint8Array<ArrayBuffer> | string, 200)
  })
}

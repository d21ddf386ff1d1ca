/**
 * /api/groups/:id/materials: 调研材料 — files a group gathered (PDF, DOCX, XLSX, PNG, JPEG), with a
 * title, a source and a date. Files are served as attachments of the kind their content was
 * recognised as, never as a page: nosniff and a sandboxing Content-Security-Policy, so even a
 * file a browser would misread cannot run in the site's origin. Previews are images only.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { ErrorBody } from '../../shared/errors.js'
import {
  Material,
  MaterialDate,
  MaterialList,
  MaterialParams,
  MaterialSource,
  MaterialTitle,
} from '../../shared/materials.js'
import { GroupParams } from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import * as materials from '../domain/materials.js'
import { contentDisposition, safeFileName } from '../http/attachment.js'
import { declaredLength, formSchema, readMultipart, streamedForm } from '../http/multipart.js'
import { requireActor } from '../http/session.js'
import { validationHook } from '../http/validation.js'
import { errors, exportErrors, json, routes } from './openapi.js'

const MaterialForm = z.object({
  file: z
    .custom<File>((value) => value instanceof File, { message: 'file is required', params: { reason: 'required' } })
    .openapi({ type: 'string', format: 'binary', description: 'The file: PDF, DOCX, XLSX, PNG or JPEG (by content)' }),
  title: MaterialTitle,
  source: MaterialSource.openapi({ description: 'Which department or visit it came from' }),
  date: MaterialDate.openapi({ description: 'The day it dates from, YYYY-MM-DD' }),
})

/** The form's fields but the file, which is streamed to the store (server/http/multipart.ts). */
const MaterialFields = MaterialForm.omit({ file: true })

/** The form as documented; its file never passes through a validator, which would read it whole. */
const addForm = formSchema(
  {
    title: 'The title',
    source: 'Which department or visit it came from',
    date: 'The day it dates from, YYYY-MM-DD',
  },
  { description: 'The file: PDF, DOCX, XLSX, PNG or JPEG (by content)', required: true },
)

const binary = (mediaTypes: string[], description: string) => ({
  content: Object.fromEntries(
    mediaTypes.map((type) => [type, { schema: { type: 'string' as const, format: 'binary' } }]),
  ),
  description,
})

const list = createRoute({
  method: 'get',
  path: '/groups/{id}/materials',
  tags: ['materials'],
  summary: "A group's research materials (its members; whoever may read one of its documents)",
  request: { params: GroupParams },
  responses: { 200: json(MaterialList, 'The materials, latest date first'), 401: errors[401], 404: errors[404] },
})

const add = createRoute({
  method: 'post',
  path: '/groups/{id}/materials',
  tags: ['materials'],
  summary: 'Add a research material (the group’s members)',
  description:
    'The kind is read from the content (PDF, DOCX, XLSX, PNG, JPEG), never from the name. The body is ' +
    'limited by MAX_UPLOAD_BYTES (413 before it is read); an empty file is 400 file_empty, any other kind ' +
    '415 material_type; nothing is stored then.',
  request: {
    params: GroupParams,
    body: { content: { 'multipart/form-data': { schema: MaterialForm } }, required: true },
  },
  responses: {
    201: json(Material, 'The material as stored'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    413: errors[413],
    415: json(ErrorBody, 'Not one of the kinds taken (reason material_type)'),
  },
})

const file = createRoute({
  method: 'get',
  path: '/groups/{id}/materials/{materialId}/file',
  tags: ['materials'],
  summary: 'The file, as an attachment of the kind its content was recognised as',
  request: { params: MaterialParams },
  responses: {
    200: binary(['application/octet-stream'], 'The file, with a UTF-8 file name (RFC 5987)'),
    401: errors[401],
    404: errors[404],
  },
})

const preview = createRoute({
  method: 'get',
  path: '/groups/{id}/materials/{materialId}/preview',
  tags: ['materials'],
  summary: 'A picture of the material: an image itself, a PDF’s first page as PNG (404 for other kinds)',
  request: { params: MaterialParams },
  responses: {
    200: binary(['image/png', 'image/jpeg'], 'The picture'),
    401: errors[401],
    404: errors[404],
    503: exportErrors[503],
  },
})

const remove = createRoute({
  method: 'delete',
  path: '/groups/{id}/materials/{materialId}',
  tags: ['materials'],
  summary: 'Remove a research material (the group’s members)',
  request: { params: MaterialParams },
  responses: { 204: { description: 'Removed' }, 401: errors[401], 403: errors[403], 404: errors[404] },
})

/**
 * Headers of every file served here: the Content-Type of the recognised kind, no sniffing, no
 * caching (a reader whose access ends keeps no copy), and a policy under which a file opened as a
 * page runs nothing and loads nothing.
 */
function fileHeaders(c: Context, mediaType: string, disposition: string) {
  c.header('Content-Type', mediaType)
  c.header('Content-Disposition', disposition)
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('Content-Security-Policy', "default-src 'none'; sandbox")
  c.header('Cache-Control', 'private, no-store')
}

/** `maxBytes`: the upload limit (MAX_UPLOAD_BYTES), which the list tells the client. */
export function materialRoutes(deps: Deps, maxBytes: number) {
  return routes()
    .openapi(list, async (c) => {
      const listed = await materials.listMaterials(deps, requireActor(c), c.req.valid('param').id)
      return c.json({ ...listed, maxBytes }, 200)
    })
    .openapi(streamedForm(add, addForm), async (c) => {
      // The rule before the body: 404 or 403 without reading any of it.
      const upload = await materials.startMaterialUpload(deps, requireActor(c), c.req.valid('param').id, {
        maxBytes,
        sizeHint: declaredLength(c),
      })
      try {
        const form = await readMultipart(c.req.raw, { file: (field, fileName) => upload.file(field, fileName) })
        const fields = MaterialFields.safeParse(form)
        if (!fields.success) return validationHook({ success: false, error: fields.error, target: 'form' }, c)!
        return c.json(await upload.finish(fields.data), 201)
      } finally {
        // Refused at any step (type, size, fields, a broken body): what arrived is not kept.
        await upload.discard()
      }
    })
    .openapi(file, async (c) => {
      const { id, materialId } = c.req.valid('param')
      const found = await materials.materialFile(deps, requireActor(c), id, materialId)
      fileHeaders(c, found.mediaType, contentDisposition(safeFileName(materials.downloadName(found.material))))
      return c.body(found.bytes as Uint8Array<ArrayBuffer>, 200)
    })
    .openapi(preview, async (c) => {
      const { id, materialId } = c.req.valid('param')
      const picture = await materials.materialPreview(deps, requireActor(c), id, materialId)
      fileHeaders(c, picture.mediaType, 'inline')
      return c.body(picture.bytes as Uint8Array<ArrayBuffer>, 200)
    })
    .openapi(remove, async (c) => {
      const { id, materialId } = c.req.valid('param')
      await materials.removeMaterial(deps, requireActor(c), id, materialId)
      return c.body(null, 204)
    })
}

/**
 * 调研材料: files a research group gathered (reports, tables, photos of a visit), kept with the group
 * beside its drafts. What crosses the wire about them: their description, the list a group page
 * shows, and the kinds of file the server takes — checked by their content, never by name.
 */
import { z } from 'zod'
import { textLimits, type TextLimit } from './text-limits.js'

/** The kinds of file a material may be: recognised by their first bytes (and a zip's parts). */
export const MaterialType = z.enum(['pdf', 'docx', 'xlsx', 'png', 'jpeg'])
export type MaterialType = z.infer<typeof MaterialType>

/** The Content-Type a material of each kind is served with. */
export const materialMediaTypes: Record<MaterialType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpeg: 'image/jpeg',
}

/** The extension a downloaded material's name ends in (whatever the uploaded name said). */
export const materialExtensions: Record<MaterialType, string> = {
  pdf: '.pdf',
  docx: '.docx',
  xlsx: '.xlsx',
  png: '.png',
  jpeg: '.jpg',
}

/** Kinds with a picture to show: images as they are, a PDF's first page. */
export const hasPreview = (type: MaterialType): boolean => type !== 'docx' && type !== 'xlsx'

export const MaterialId = z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'must be a material id')

const limited = (limit: TextLimit, name: string) =>
  z
    .string()
    .trim()
    .min(1, `${name} must not be empty`)
    .refine((text) => limit.length(text) <= limit.max, {
      message: `${name} must be at most ${limit.max} characters`,
      params: { reason: 'too_long', max: limit.max },
    })

export const MaterialTitle = limited(textLimits.materialTitle, 'title')
/** Where it came from: a department, a visit (市农业农村局, 3月赴某县调研). */
export const MaterialSource = limited(textLimits.materialSource, 'source')
/** The day the material dates from (its report's date, the day of the visit). */
export const MaterialDate = z.iso.date('date must be a date YYYY-MM-DD')

/** A material's description, as stored and listed. */
export const Material = z.object({
  id: MaterialId,
  groupId: z.string(),
  title: z.string(),
  source: z.string(),
  date: z.string(),
  type: MaterialType,
  /** The uploaded file's name, cleaned (server/import/file-name.ts). */
  fileName: z.string(),
  /** Bytes of the file. */
  size: z.number().int().nonnegative(),
  /** SHA-256 of the file, hex: what the audit entry names, and a check on restore. */
  sha256: z.string(),
  addedBy: z.string(),
  addedAt: z.string(),
})
export type Material = z.infer<typeof Material>

export const MaterialParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{16}$/), materialId: MaterialId })

/** A group's materials, newest date first, with what the reader may do with them. */
export const MaterialList = z.object({
  materials: z.array(Material),
  /** Whether the reader may add and remove materials (the group's members). */
  canChange: z.boolean(),
  /** The largest file the server takes (MAX_UPLOAD_BYTES, less room for the form around it). */
  maxBytes: z.number().int().positive(),
})
export type MaterialList = z.infer<typeof MaterialList>

/**
 * 引用 and 来源 on the wire: what a document's citations point at, as its reader may see them, and
 * what an editor may cite. A target the reader may not read is answered as unreadable, with no
 * title: its existence, like its name, stays private.
 */
import { z } from 'zod'
import { documentKinds } from './document-kinds.js'
import { MaterialType } from './materials.js'
import { DocumentId, DocumentStatus } from './schema.js'

/** `material:ID` or `document:ID` (shared/editor/citation-targets.ts reads it). */
export const CitationTargetText = z
  .string()
  .regex(/^(material|document):[A-Za-z0-9_-]{16}$/, 'must be a citation target')

export const CitedMaterial = z.object({
  target: CitationTargetText,
  readable: z.literal(true),
  kind: z.literal('material'),
  groupId: z.string(),
  materialId: z.string(),
  title: z.string(),
  source: z.string(),
  date: z.string(),
  type: MaterialType,
})

export const CitedDocument = z.object({
  target: CitationTargetText,
  readable: z.literal(true),
  kind: z.literal('document'),
  documentId: DocumentId,
  title: z.string(),
  documentKind: z.enum(documentKinds),
  status: DocumentStatus,
})

export const Citation = z.discriminatedUnion('kind', [
  CitedMaterial,
  CitedDocument,
  z.object({ target: CitationTargetText, readable: z.literal(false), kind: z.enum(['material', 'document']) }),
])
export type Citation = z.infer<typeof Citation>

/** At most this many targets resolved in one request (a draft citing more is asked in parts). */
export const MAX_CITATIONS_PER_REQUEST = 100

const targetPattern = '(?:material|document):[A-Za-z0-9_-]{16}'

export const CitationsQuery = z.object({
  /** Targets separated by commas, at most MAX_CITATIONS_PER_REQUEST. */
  targets: z
    .string()
    .regex(
      new RegExp(`^${targetPattern}(?:,${targetPattern}){0,${MAX_CITATIONS_PER_REQUEST - 1}}$`),
      `targets must be up to ${MAX_CITATIONS_PER_REQUEST} of material:ID or document:ID, separated by commas`,
    )
    .transform((text) => [...new Set(text.split(','))]),
})

export const Citations = z.object({ citations: z.array(Citation) })
export type Citations = z.infer<typeof Citations>

/** What words of a document may cite: the readable materials and other documents of its group. */
export const Citable = z.object({
  materials: z.array(CitedMaterial),
  documents: z.array(CitedDocument),
})
export type Citable = z.infer<typeof Citable>

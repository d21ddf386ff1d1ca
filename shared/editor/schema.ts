/** The document schema shared by the editor and the server (which reads and seeds documents). */
import { getSchema, type AnyExtension } from '@tiptap/core'
import StarterKit from '@tiptap/starter-kit'
import { Citation } from './citation.js'
import { tableExtensions } from './table.js'

// Here too, for the editor; the server takes it from content-field.ts so as not to load TipTap.
export { contentField } from './content-field.js'

/**
 * Schema-level extensions: what a document may contain. Yjs replaces StarterKit's own undo. Tables
 * (table.ts) are TableKit's nodes without their editing plugin, which the editor loads when a table
 * appears. Citations (引用) point at the group's materials and documents.
 */
export const documentExtensions = (): AnyExtension[] => [
  StarterKit.configure({ undoRedo: false }),
  ...tableExtensions(),
  Citation,
]

export const documentSchema = getSchema(documentExtensions())

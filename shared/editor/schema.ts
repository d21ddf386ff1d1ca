/** The document schema shared by the editor and the server (which reads and seeds documents). */
import { getSchema, type AnyExtension } from '@tiptap/core'
import StarterKit from '@tiptap/starter-kit'
import { TableKit } from '@tiptap/extension-table'
import { Citation } from './citation.js'

// Here too, for the editor; the server takes it from content-field.ts so as not to load TipTap.
export { contentField } from './content-field.js'

/**
 * Schema-level extensions: what a document may contain. Yjs replaces StarterKit's own undo. Tables
 * (investigation reports carry tables of figures) have no column resizing: widths are the export's,
 * laid out per GB/T 9704, not something a writer drags. Citations (引用) point at the group's
 * materials and documents.
 */
export const documentExtensions = (): AnyExtension[] => [
  StarterKit.configure({ undoRedo: false }),
  TableKit.configure({ table: { resizable: false } }),
  Citation,
]

export const documentSchema = getSchema(documentExtensions())

/** The document schema shared by the editor and the server (which reads and seeds documents). */
import { getSchema, type AnyExtension } from '@tiptap/core'
import StarterKit from '@tiptap/starter-kit'

/** Name of the Y.XmlFragment that holds the text (TipTap Collaboration's default). */
export const contentField = 'default'

/** Schema-level extensions: what a document may contain. Yjs replaces StarterKit's own undo. */
export const documentExtensions = (): AnyExtension[] => [StarterKit.configure({ undoRedo: false })]

export const documentSchema = getSchema(documentExtensions())

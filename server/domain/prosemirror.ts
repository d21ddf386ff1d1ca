/**
 * ProseMirror on the server: TipTap's document schema and y-tiptap's converters between a Y.Doc
 * and ProseMirror JSON. They are the largest code the server holds (TipTap, StarterKit and
 * prosemirror-view come with them), and only saving a version, restoring one or creating a draft
 * from a template needs them, so they are imported on first use: a server at rest, or one that
 * only relays edits, never loads them (docs/performance.md, memory at rest).
 */
import type * as Y from 'yjs'

export interface ProseMirrorKit {
  /** The ProseMirror JSON of the draft a Y.Doc holds. */
  toJson(doc: Y.Doc): Record<string, unknown>
  /** A new Y.Doc holding `content` as its draft. */
  toYDoc(content: Record<string, unknown>): Y.Doc
  /** Makes the draft of `doc` be `content`, as a diff against what it holds (concurrent edits merge). */
  replaceContent(doc: Y.Doc, content: Record<string, unknown>): void
}

let loading: Promise<ProseMirrorKit> | undefined

export function proseMirror(): Promise<ProseMirrorKit> {
  loading ??= load()
  return loading
}

async function load(): Promise<ProseMirrorKit> {
  const [yTiptap, { contentField, documentSchema }] = await Promise.all([
    import('@tiptap/y-tiptap'),
    import('../../shared/editor/schema.js'),
  ])
  return {
    toJson: (doc) => yTiptap.yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(contentField)) as Record<string, unknown>,
    toYDoc: (content) => yTiptap.prosemirrorJSONToYDoc(documentSchema, content, contentField),
    replaceContent: (doc, content) =>
      yTiptap.prosemirrorJSONToYXmlFragment(documentSchema, content, doc.getXmlFragment(contentField)),
  }
}

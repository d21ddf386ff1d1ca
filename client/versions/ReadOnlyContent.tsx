/**
 * A version's ProseMirror JSON in a non-editable TipTap editor with the documents' own schema, its
 * headings numbered by the editor's own extension: the reader shows the numbers the editor and the
 * export show.
 */
import type { JSONContent } from '@tiptap/core'
import { EditorContent, useEditor } from '@tiptap/react'
import { documentExtensions } from '../../shared/editor/schema.js'
import { HeadingNumbers } from '../editor/extensions/heading-numbers.js'

export function ReadOnlyContent({ content }: { content: Record<string, unknown> }) {
  const editor = useEditor(
    {
      extensions: [...documentExtensions(), HeadingNumbers],
      content: content as JSONContent,
      editable: false,
      editorProps: {
        attributes: { class: 'sheet__content', 'data-testid': 'version-content', 'aria-readonly': 'true' },
      },
    },
    [content],
  )
  return <EditorContent editor={editor} />
}

/**
 * A version's ProseMirror JSON in a non-editable TipTap editor with the documents' own schema, its
 * headings numbered by the editor's own extension: the reader shows the numbers the editor and the
 * export show. Asked to, it proofreads the text as the editor does and brings the first problem
 * into view: that is where the 送审 and 审定 dialogs send a person who wants to see what is flagged.
 */
import { useEffect } from 'react'
import type { JSONContent } from '@tiptap/core'
import { EditorContent, useEditor } from '@tiptap/react'
import type { RuleId } from '../../shared/editor/proofreading/index.js'
import { documentExtensions } from '../../shared/editor/schema.js'
import { HeadingNumbers } from '../editor/extensions/heading-numbers.js'
import { Proofreading } from '../editor/extensions/proofreading.js'

interface ReadOnlyContentProps {
  content: Record<string, unknown>
  /** The proofreading rules to underline by; none: no proofreading. */
  proofread?: ReadonlySet<RuleId>
}

export function ReadOnlyContent({ content, proofread }: ReadOnlyContentProps) {
  const editor = useEditor(
    {
      extensions: [
        ...documentExtensions(),
        HeadingNumbers,
        ...(proofread ? [Proofreading.configure({ enabled: proofread })] : []),
      ],
      content: content as JSONContent,
      editable: false,
      editorProps: {
        attributes: { class: 'sheet__content', 'data-testid': 'version-content', 'aria-readonly': 'true' },
      },
    },
    [content, proofread],
  )

  useEffect(() => {
    if (!proofread) return
    // The text is in the page once the view is mounted, which is after this render.
    const frame = requestAnimationFrame(() => {
      if (editor.isDestroyed) return
      const first = editor.view.dom.querySelector('.proof-issue')
      first?.classList.add('proof-issue--first')
      first?.scrollIntoView({ block: 'center' })
    })
    return () => cancelAnimationFrame(frame)
  }, [editor, proofread])

  return <EditorContent editor={editor} />
}

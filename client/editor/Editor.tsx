/** The TipTap editor bound to a collaboration session: Yjs content, Yjs undo, everyone's carets. */
import { useEffect } from 'react'
import { EditorContent, useEditor } from '@tiptap/react'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { contentField, documentExtensions } from '../../shared/editor/schema.js'
import type { Identity } from '../app/identity.js'
import type { CollabSession } from '../collab/session.js'
import { Toolbar } from './Toolbar.js'

interface EditorProps {
  session: CollabSession
  identity: Identity
  title: string
  /** What the server lets this user do; it drops a read-only socket's edits in any case. */
  editable: boolean
  /** Shown in place of the toolbar when the document cannot be changed. */
  readOnlyNotice: string | null
}

export function Editor({ session, identity, title, editable, readOnlyNotice }: EditorProps) {
  const editor = useEditor(
    {
      extensions: [
        // The schema the server reads and seeds with (StarterKit without its own undo: the
        // Collaboration extension brings a Yjs undo that undoes only this person's changes).
        ...documentExtensions(),
        Collaboration.configure({ document: session.doc, field: contentField }),
        CollaborationCaret.configure({ provider: session.provider, user: { name: identity.name, color: identity.color } }),
      ],
      editable,
      editorProps: {
        attributes: {
          class: 'sheet__content',
          'data-testid': 'editor-content',
          // The title is known only after the editor exists; the header carries it.
          'aria-labelledby': 'sheet-title',
          spellcheck: 'false',
        },
      },
    },
    // One editor per session: the Yjs binding cannot move to another Y.Doc.
    [session],
  )

  useEffect(() => {
    if (editor.isEditable !== editable) editor.setEditable(editable)
  }, [editor, editable])

  // A new colour reaches the others through awareness, without rebuilding the editor.
  useEffect(() => {
    editor.commands.updateUser({ name: identity.name, color: identity.color })
  }, [editor, identity])

  return (
    <div className="editor">
      {readOnlyNotice ? (
        <p className="read-only" data-testid="read-only">
          {readOnlyNotice}
        </p>
      ) : (
        <Toolbar editor={editor} disabled={!editable} />
      )}
      <article className="sheet">
        <header id="sheet-title" className="sheet__title">
          {title || '\u00a0'}
        </header>
        <EditorContent editor={editor} />
      </article>
    </div>
  )
}

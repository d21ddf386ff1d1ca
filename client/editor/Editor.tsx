/** The TipTap editor bound to a collaboration session: Yjs content, Yjs undo, everyone's carets. */
import { useEffect } from 'react'
import { EditorContent, useEditor } from '@tiptap/react'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { contentField, documentExtensions } from '../../shared/editor/schema.js'
import type { DocumentAccess } from '../../shared/schema.js'
import type { Identity } from '../app/identity.js'
import type { CollabSession } from '../collab/session.js'
import { CommentButton } from '../comments/CommentButton.js'
import { CommentsSidebar } from '../comments/CommentsSidebar.js'
import { useCommentsStore } from '../comments/comments-store.js'
import { CommentHighlights } from './extensions/comment-highlights.js'
import { Toolbar } from './Toolbar.js'

interface EditorProps {
  session: CollabSession
  identity: Identity
  title: string
  /** What the server lets this user do; it drops a read-only socket's edits in any case. */
  editable: boolean
  /** Shown in place of the toolbar when the document cannot be changed. */
  readOnlyNotice: string | null
  /** The user's rights (comments are offered on `comment`, also to read-only users); null until known. */
  access: DocumentAccess | null
}

export function Editor({ session, identity, title, editable, readOnlyNotice, access }: EditorProps) {
  const comments = useCommentsStore(session)
  const editor = useEditor(
    {
      extensions: [
        // The schema the server reads and seeds with (StarterKit without its own undo: the
        // Collaboration extension brings a Yjs undo that undoes only this person's changes).
        ...documentExtensions(),
        Collaboration.configure({ document: session.doc, field: contentField }),
        CollaborationCaret.configure({ provider: session.provider, user: { name: identity.name, color: identity.color } }),
        CommentHighlights.configure({ store: comments }),
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

  // Read-only readers (the chair, invited commenters) may still comment: the button goes with them.
  const commentButton = access?.comment ? <CommentButton editor={editor} store={comments} /> : null

  return (
    <div className="commented-editor">
      <div className="editor">
        {readOnlyNotice ? (
          <div className="read-only-bar">
            <p className="read-only" data-testid="read-only">
              {readOnlyNotice}
            </p>
            {commentButton}
          </div>
        ) : (
          <Toolbar editor={editor} disabled={!editable} extra={commentButton} />
        )}
        <article className="sheet">
          <header id="sheet-title" className="sheet__title">
            {title || '\u00a0'}
          </header>
          <EditorContent editor={editor} />
        </article>
      </div>
      <CommentsSidebar store={comments} editor={editor} access={access} />
    </div>
  )
}

/** 评论: opens a thread on the selected words (also Ctrl+Alt+M); offered to whoever may comment. */
import { useEditorState } from '@tiptap/react'
import type { Editor } from '@tiptap/core'
import { t } from '../i18n/i18n.js'
import type { CommentsStore } from './comments-store.js'
import { startThread } from './start-thread.js'

export function CommentButton({ editor, store }: { editor: Editor; store: CommentsStore }) {
  const hasSelection = useEditorState({ editor, selector: ({ editor }) => !editor.state.selection.empty })
  const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl'
  return (
    <button
      type="button"
      className="tool tool--comment"
      title={`${t(hasSelection ? 'comments.add' : 'comments.selectFirst')} (${mod}+Alt+M)`}
      disabled={!hasSelection}
      data-testid="comment-button"
      // Keep the selection in the editor: a focused button would take it away before it is read.
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => startThread(editor, store)}
    >
      <svg className="tool__icon" width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
        <path
          d="M2 2.5h12v8.5H6.5L3.5 14v-3H2z"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.4"
          strokeLinejoin="round"
        />
      </svg>
      {t('comments.add')}
    </button>
  )
}

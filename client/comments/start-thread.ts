/** Opening a thread on what the reader selected, in an editable editor or a read-only one alike. */
import type { Editor } from '@tiptap/core'
import { anchorOfRange } from './anchors.js'
import type { CommentsStore } from './comments-store.js'

/**
 * The selected range. ProseMirror follows the browser's selection in a read-only view too; the
 * browser's own selection is the fallback for the moment before ProseMirror has read it.
 */
export function selectedRange(editor: Editor): { from: number; to: number } | null {
  const { from, to, empty } = editor.state.selection
  if (!empty) return { from, to }
  const view = editor.view
  const selection = view.dom.ownerDocument.getSelection()
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null
  const range = selection.getRangeAt(0)
  if (!view.dom.contains(range.startContainer) || !view.dom.contains(range.endContainer)) return null
  try {
    const a = view.posAtDOM(range.startContainer, range.startOffset)
    const b = view.posAtDOM(range.endContainer, range.endOffset)
    return a < b ? { from: a, to: b } : null
  } catch {
    return null
  }
}

/** Starts a draft thread on the selected words; false when nothing (no text) is selected. */
export function startThread(editor: Editor, store: CommentsStore): boolean {
  const range = selectedRange(editor)
  const made = range && anchorOfRange(editor.state, range.from, range.to)
  if (!made) return false
  store.startDraft(made)
  return true
}

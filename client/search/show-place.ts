/**
 * Shows words of the text to the reader: in the middle of the window and selected — through the
 * editor's focus when it takes typing, through the page's own selection when it does not (a reader,
 * or a 修订 editor before the reader's rights have arrived).
 */
import type { Editor } from '@tiptap/react'

export function showPlace(editor: Editor, place: { from: number; to: number }): void {
  if (editor.isDestroyed) return
  const { view } = editor
  const start = view.domAtPos(place.from)
  const end = view.domAtPos(place.to)
  if (editor.isEditable) editor.commands.focus()
  else {
    const range = document.createRange()
    range.setStart(start.node, start.offset)
    range.setEnd(end.node, end.offset)
    const selection = window.getSelection()
    selection?.removeAllRanges()
    selection?.addRange(range)
  }
  const element = start.node instanceof Element ? start.node : start.node.parentElement
  element?.scrollIntoView({ block: 'center' })
}

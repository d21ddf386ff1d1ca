/**
 * The bars that stay on screen over the text as it scrolls: the toolbar (or the read-only bar) that
 * sticks to the window's top and the count bar that sticks to its bottom, found as the sticky
 * children of the editor's `.editor` box. Whatever the editor shows or scrolls to lands clear of them.
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'

export interface StickyInsets {
  /** How far down from the window's top the top bar covers, in CSS pixels. */
  top: number
  /** How far up from the window's bottom the bottom bar covers. */
  bottom: number
}

export function stickyInsets(view: EditorView): StickyInsets {
  const insets = { top: 0, bottom: 0 }
  const frame = view.dom.closest('.editor')
  for (const child of frame?.children ?? []) {
    const style = getComputedStyle(child)
    if (style.position !== 'sticky') continue
    const rect = child.getBoundingClientRect()
    if (style.top !== 'auto') insets.top = Math.max(insets.top, rect.bottom)
    else if (style.bottom !== 'auto') insets.bottom = Math.max(insets.bottom, window.innerHeight - rect.top)
  }
  return insets
}

/** Room left between a bar and the line scrolled to: a caret's name (one line of UI text) fits in it. */
const gap = 24

/**
 * Scrolls the window so that the cursor is below the top bar and above the bottom bar, where
 * ProseMirror alone would stop 5 px from the window's edge, under the toolbar.
 */
function scrollSelectionClear(view: EditorView): boolean {
  let line: { top: number; bottom: number }
  try {
    line = view.coordsAtPos(view.state.selection.head)
  } catch {
    return false
  }
  const insets = stickyInsets(view)
  const overTop = line.top - (insets.top + gap)
  const underBottom = line.bottom - (window.innerHeight - insets.bottom - gap)
  if (overTop < 0) window.scrollBy(0, overTop)
  else if (underBottom > 0) window.scrollBy(0, underBottom)
  return true
}

/** Typing, arrow keys and every `scrollIntoView()` bring the cursor into view clear of the sticky bars. */
export const StickyBars = Extension.create({
  name: 'stickyBars',
  addProseMirrorPlugins() {
    return [new Plugin({ key: new PluginKey('stickyBars'), props: { handleScrollToSelection: scrollSelectionClear } })]
  },
})

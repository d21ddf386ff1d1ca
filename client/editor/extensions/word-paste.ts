/**
 * Pasting from Word or WPS keeps the structure 导入Word keeps (server/import/word-draft.ts): Word's
 * headings (h1–h4, MsoHeading classes, outline levels) and typed numbers at the start of pasted
 * paragraphs (一、 （一） 1. （1）, shared/editor/typed-numbering.ts) become headings of that level with
 * the number removed, since the editor numbers headings itself; Word's own list numbers become
 * lists, tables stay tables. The HTML is read with the browser's DOMParser, never with patterns.
 *
 * In 修订 the paste is the suggestion extension's (suggesting.ts: the plain text, proposed): nothing
 * here changes it then. The rules themselves (word-structure.ts) load at the first paste.
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { suggestionsKey } from './suggestion-marks.js'

const suggesting = (state: EditorState): boolean => suggestionsKey.getState(state)?.mode === 'suggest'

type Structure = typeof import('./word-structure.js')

/** The paste rules (word-structure.ts), loaded at the first paste: most visits paste nothing. */
let structure: Structure | null = null
let loading: Promise<Structure> | null = null
/** Set while a held paste is pasted again, so that it is not held a second time. */
let replaying = false

const loadStructure = (): Promise<Structure> =>
  (loading ??= import('./word-structure.js').then(
    (module) => (structure = module),
    (error: unknown) => {
      loading = null
      throw error
    },
  ))

/**
 * The first paste, before the rules have come: what the clipboard holds is read now (it is readable
 * only during the event) and pasted through the same path once they are there, a moment later.
 */
function pasteWhenReady(view: EditorView, event: ClipboardEvent): boolean {
  const html = event.clipboardData?.getData('text/html') ?? ''
  const text = event.clipboardData?.getData('text/plain') ?? ''
  if (!html && !text) return false
  const paste = () => {
    if (view.isDestroyed) return
    replaying = true
    try {
      if (html) view.pasteHTML(html)
      else view.pasteText(text)
    } finally {
      replaying = false
    }
  }
  // Unloadable (offline, a newer server): pasted as it is, as without these rules.
  loadStructure().then(paste, paste)
  return true
}

export const WordPaste = Extension.create({
  name: 'wordPaste',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('wordPaste'),
        props: {
          handlePaste: (view, event) =>
            !structure && !replaying && !suggesting(view.state) ? pasteWhenReady(view, event) : false,
          transformPastedHTML: (html, view) =>
            !structure || suggesting(view.state) || !structure.isWordHtml(html) ? html : structure.wordHtml(html),
          transformPasted: (slice, view) =>
            !structure || suggesting(view.state) ? slice : structure.structurePasted(slice, view.state.schema),
        },
      }),
    ]
  },
})

/**
 * 修订 mode: what typing does when it must not change the text. Typing at a caret proposes an
 * insertion, typing over selected words a replacement, Backspace and Delete a deletion (growing
 * by a character with each press; Backspace first takes back one's own proposed words), Enter a
 * paragraph break within the proposed words, paste an insertion of the plain text. Keystrokes at
 * the place where one's suggestion ends grow that one suggestion. The state (the drafts, the mode)
 * and the painting live in suggestion-marks.ts; saving is comments/suggestion-sync.ts.
 *
 * The shared document never changes here: every local transaction that would change it (or the
 * marks typed next) is filtered out unless it comes from y-sync, so that others' edits still
 * arrive. A commenter's socket is read-only, and a stray write would be refused by the server and
 * make the editor reload; a member in 修订 is not editing either. Undo and redo are refused too,
 * as they would write to Yjs directly.
 *
 * Chinese input: while a composition runs nothing is applied and the DOM is left to the input
 * method (ProseMirror would otherwise redraw the paragraph under it after each DOM read, which
 * ends the composition); the committed text becomes part of the suggestion at compositionend, and
 * the paragraph is redrawn then, so that the text shows once, as the suggestion.
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, TextSelection, type EditorState } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { textLimits } from '../../../shared/text-limits.js'
import { anchorOfPoint, anchorOfRange } from '../../comments/anchors.js'
import type { DraftSuggestion } from '../../comments/suggestion-sync.js'
import { t, type MessageKey } from '../../i18n/i18n.js'
import { dispatchMeta, shownIdOf, suggestionsKey, syncOf, type SuggestionsMeta } from './suggestion-marks.js'

const suggesting = (state: EditorState): boolean => suggestionsKey.getState(state)?.mode === 'suggest'

let keys = 0
const newKey = () => `${Date.now().toString(36)}-${++keys}`

const notify = (view: EditorView, message: MessageKey) => dispatchMeta(view, { notice: t(message) })

/** Whether [from, to) is words of one paragraph: in one text block, text only (no line break between). */
function oneParagraph(state: EditorState, from: number, to: number): boolean {
  const $from = state.doc.resolve(from)
  if (!$from.parent.isTextblock || !$from.sameParent(state.doc.resolve(to))) return false
  let textOnly = true
  state.doc.nodesBetween(from, to, (node) => {
    if (node.isInline && !node.isText) textOnly = false
    return !node.isInline
  })
  return textOnly
}

/** The position one character (a whole code point) before `pos` in its paragraph's text; null at its start. */
function charBefore(state: EditorState, pos: number): number | null {
  const $pos = state.doc.resolve(pos)
  if (!$pos.parent.isTextblock || !$pos.nodeBefore?.isText) return null
  const two = state.doc.textBetween(Math.max($pos.start(), pos - 2), pos)
  return two.length === 2 && /^[\uD800-\uDBFF][\uDC00-\uDFFF]$/.test(two) ? pos - 2 : pos - 1
}

/** The position one character after `pos` in its paragraph's text; null at its end. */
function charAfter(state: EditorState, pos: number): number | null {
  const $pos = state.doc.resolve(pos)
  if (!$pos.parent.isTextblock || !$pos.nodeAfter?.isText) return null
  const two = state.doc.textBetween(pos, Math.min($pos.end(), pos + 2))
  return two.length === 2 && /^[\uD800-\uDBFF][\uDC00-\uDFFF]$/.test(two) ? pos + 2 : pos + 1
}

/**
 * Catches up with a selection the browser made a moment ago (a click, Shift+arrows) that
 * ProseMirror reads only on the selectionchange event, which may come after the next keydown: a
 * keystroke in 修订 acts on what the person sees selected. Public API only: the DOM selection
 * through posAtDOM.
 */
function catchUpSelection(view: EditorView): void {
  const selection = (view.root as Document).getSelection?.()
  const { anchorNode, focusNode } = selection ?? {}
  if (!selection || !anchorNode || !focusNode || !view.dom.contains(anchorNode) || !view.dom.contains(focusNode)) return
  let anchor: number
  let head: number
  try {
    anchor = view.posAtDOM(anchorNode, selection.anchorOffset)
    head = view.posAtDOM(focusNode, selection.focusOffset)
  } catch {
    return
  }
  const current = view.state.selection
  if (anchor === current.anchor && head === current.head) return
  const { doc } = view.state
  view.dispatch(view.state.tr.setSelection(TextSelection.between(doc.resolve(anchor), doc.resolve(head))))
}

/** A string without its last character (code point). */
const withoutLast = (text: string) => Array.from(text).slice(0, -1).join('')

interface Continued {
  draft: DraftSuggestion
  from: number
  to: number
}

/**
 * The suggestion a keystroke at `pos` continues: the one being typed when the caret is at either
 * end of it, else another of one's drafts, or one's own open suggestion ending there.
 */
function continuedAt(state: EditorState, pos: number): Continued | null {
  const s = suggestionsKey.getState(state)
  if (!s) return null
  const at = (draft: DraftSuggestion, ends: 'either' | 'end', id = shownIdOf(draft)): Continued | null => {
    const place = s.painting.places.get(id)
    if (place?.kind !== 'range') return null
    return place.to === pos || (ends === 'either' && place.from === pos)
      ? { draft, from: place.from, to: place.to }
      : null
  }
  const current = s.current ? s.drafts.get(s.current) : undefined
  const found = current && !current.withdrawn ? at(current, 'either') : null
  if (found) return found
  for (const draft of s.drafts.values()) {
    const other = draft !== current && !draft.withdrawn ? at(draft, 'end') : null
    if (other) return other
  }
  const drafted = new Set([...s.drafts.values()].map((draft) => draft.threadId))
  for (const shown of s.painting.shown.values()) {
    if (shown.authorId !== s.me?.id || !shown.threadId || drafted.has(shown.threadId)) continue
    const draft: DraftSuggestion = {
      key: newKey(),
      threadId: shown.threadId,
      anchor: shown.anchor,
      insert: shown.insert,
      withdrawn: false,
    }
    const own = at(draft, 'end', shown.id)
    if (own) return own
  }
  return null
}

/** Shows `draft` as the suggestion being typed (or none, when it was withdrawn), the caret at `caret`, and saves it. */
function commit(view: EditorView, draft: DraftSuggestion, caret: number): void {
  const s = suggestionsKey.getState(view.state)
  if (!s) return
  if (textLimits.suggestion.length(draft.insert) > textLimits.suggestion.max) {
    notify(view, 'suggestions.tooLong')
    return
  }
  const drafts = new Map(s.drafts)
  drafts.set(draft.key, draft)
  const meta: SuggestionsMeta = { drafts, current: draft.withdrawn ? null : draft.key, notice: null }
  const tr = view.state.tr.setMeta(suggestionsKey, meta)
  tr.setSelection(TextSelection.create(tr.doc, caret)).scrollIntoView()
  view.dispatch(tr)
  const sync = syncOf(view)
  if (draft.withdrawn) sync?.withdraw(draft)
  else sync?.change(draft)
}

/** A new suggestion replacing [from, to) by `insert` (a deletion when empty). */
function replaceRange(view: EditorView, from: number, to: number, insert: string, caret: number): void {
  if (!oneParagraph(view.state, from, to)) return notify(view, 'suggestions.oneParagraph')
  const made = anchorOfRange(view.state, from, to)
  if (!made) return notify(view, 'suggestions.noText')
  commit(view, { key: newKey(), threadId: null, anchor: made.anchor, insert, withdrawn: false }, caret)
}

/** Typed (or pasted, or composed) `text` over [from, to): a replacement, or an insertion at a caret. */
export function proposeText(view: EditorView, from: number, to: number, typed: string): void {
  const text = typed.replace(/\r\n?/g, '\n')
  if (text === '') return
  if (from !== to) return replaceRange(view, from, to, text, to)
  const continued = continuedAt(view.state, from)
  if (continued) {
    commit(view, { ...continued.draft, insert: continued.draft.insert + text }, continued.to)
    return
  }
  const anchor = anchorOfPoint(view.state, from)
  if (!anchor) return notify(view, 'suggestions.noText')
  // The caret stays at the point, after the proposed words (their widget sits before it).
  commit(view, { key: newKey(), threadId: null, anchor, insert: text, withdrawn: false }, from)
}

/** Backspace: takes back one's last proposed character, else proposes deleting the character before. */
function backspace(view: EditorView): void {
  const { state } = view
  const { from, to, empty } = state.selection
  if (!empty) return replaceRange(view, from, to, '', from)
  const continued = continuedAt(state, from)
  if (continued) {
    const { draft } = continued
    if (draft.insert !== '' && from === continued.to) {
      const insert = withoutLast(draft.insert)
      const withdrawn = insert === '' && continued.from === continued.to
      commit(view, { ...draft, insert, withdrawn }, continued.to)
      return
    }
    const before = charBefore(state, continued.from)
    if (before === null) return notify(view, 'suggestions.paragraphStart')
    const made = anchorOfRange(state, before, continued.to)
    if (!made) return notify(view, 'suggestions.noText')
    commit(view, { ...draft, anchor: made.anchor }, before)
    return
  }
  const before = charBefore(state, from)
  if (before === null) return notify(view, 'suggestions.paragraphStart')
  replaceRange(view, before, from, '', before)
}

/** Delete: proposes deleting the character after the caret (after one's suggestion, when it ends there). */
function forwardDelete(view: EditorView): void {
  const { state } = view
  const { from, to, empty } = state.selection
  if (!empty) return replaceRange(view, from, to, '', to)
  const continued = continuedAt(state, from)
  if (continued) {
    const after = charAfter(state, continued.to)
    if (after === null) return notify(view, 'suggestions.paragraphEnd')
    const made = anchorOfRange(state, continued.from, after)
    if (!made) return notify(view, 'suggestions.noText')
    commit(view, { ...continued.draft, anchor: made.anchor }, after)
    return
  }
  const after = charAfter(state, from)
  if (after === null) return notify(view, 'suggestions.paragraphEnd')
  replaceRange(view, from, after, '', after)
}

/**
 * ProseMirror's view of the DOM is internal, and there is no public way to leave the DOM to an input
 * method while a DOM change is not applied: ProseMirror redraws what it read, which ends the
 * composition. So during a composition the top node's "redraw" flag is set to clean (the changed
 * paragraph keeps its own), and once it has ended the paragraph the composition was in is marked to
 * be built anew, which puts the DOM back to what the state and its decorations say, however the
 * input method and any redraw meanwhile left it (ProseMirror keeps a composed text node it finds in
 * the paragraph's text: typing 投入 right after a struck 亩均投入 looks like those very words).
 */
type ViewInternals = { docView?: { dirty?: unknown; markDirty?: unknown } }
const NOT_DIRTY = 0

function holdDom(view: EditorView): boolean {
  const docView = (view as unknown as ViewInternals).docView
  if (!docView || typeof docView.dirty !== 'number') return false
  docView.dirty = NOT_DIRTY
  return true
}

/**
 * Builds the paragraph around `pos` anew once ProseMirror has finished the composition itself (it
 * does so a moment after compositionend); not while another one runs, whose end will.
 */
function rebuildAfterComposition(view: EditorView, pos: number): void {
  setTimeout(() => {
    if (!view.composing) rebuildParagraph(view, pos)
  }, 50)
}

/** Builds the paragraph around `pos` anew from the state. */
function rebuildParagraph(view: EditorView, pos: number): void {
  const docView = (view as unknown as ViewInternals).docView
  if (view.isDestroyed || !docView || typeof docView.markDirty !== 'function') return
  const $pos = view.state.doc.resolve(Math.min(pos, view.state.doc.content.size))
  if ($pos.depth === 0) return
  ;(docView.markDirty as (from: number, to: number) => void).call(docView, $pos.before(), $pos.after())
  view.updateState(view.state)
}

export const suggestingKey = new PluginKey('suggesting')

export const Suggesting = Extension.create({
  name: 'suggesting',
  // Before every other extension: in 修订 a keystroke is a suggestion, never a command (input
  // rules, list keys, undo) that would change the text and be filtered out unseen.
  priority: 10_000,

  addProseMirrorPlugins() {
    /** The selection a composition began on: what its text replaces. */
    let composingOver: { from: number; to: number } | null = null
    /** The DOM was left to a composition: it is redrawn when the composition ends. */
    let held = false
    /** The text just committed, in case the browser reports it again as a DOM change. */
    let committed: { text: string; at: number } | null = null
    /**
     * The browser said that plain text is being inserted (beforeinput insertText): what it inserts
     * is typed text even while ProseMirror still believes a composition runs (an input method
     * can drop its composition without a compositionend).
     */
    let plainText = false

    return [
      new Plugin({
        key: suggestingKey,
        filterTransaction: (tr, state) => {
          if ((!tr.docChanged && !tr.storedMarksSet) || tr.getMeta(ySyncPluginKey) !== undefined) return true
          const s = suggestionsKey.getState(state)
          // Until the server has said that this person may edit, nothing local changes the text either.
          return s?.mode === 'edit' && s.rights.edit
        },
        props: {
          handleTextInput: (view, from, to, text) => {
            if (!suggesting(view.state)) return false
            const plain = plainText
            plainText = false
            if (view.composing && !plain) {
              held = holdDom(view) || held
              return true
            }
            if (committed && committed.text === text && performance.now() - committed.at < 100) {
              committed = null
              return true
            }
            proposeText(view, from, to, text)
            // An input method that dropped its composition inserts plain text: what it left goes.
            if (held) {
              held = false
              rebuildParagraph(view, view.state.selection.from)
            }
            return true
          },
          handleKeyDown: (view, event) => {
            if (!suggesting(view.state) || view.composing || event.isComposing) return false
            const mod = event.ctrlKey || event.metaKey
            // Undo and redo change Yjs directly: nothing here to undo.
            if (mod && !event.altKey && /^[zy]$/i.test(event.key)) return true
            const printable = event.key.length === 1 && !mod && !event.altKey
            if (printable || ['Backspace', 'Delete', 'Enter', 'Process'].includes(event.key)) catchUpSelection(view)
            const { selection } = view.state
            // A character typed over selected words: proposed here, so the browser never rewrites them.
            if (printable && !selection.empty) {
              proposeText(view, selection.from, selection.to, event.key)
              return true
            }
            if (event.key === 'Backspace') {
              backspace(view)
              return true
            }
            if (event.key === 'Delete') {
              forwardDelete(view)
              return true
            }
            if (event.key === 'Enter') {
              proposeText(view, selection.from, selection.to, '\n')
              return true
            }
            // An input method is about to compose over words of several paragraphs: start at the end instead.
            const composing = event.key === 'Process' || event.keyCode === 229
            if (composing && !selection.empty && !oneParagraph(view.state, selection.from, selection.to)) {
              const tr = view.state.tr.setSelection(TextSelection.create(view.state.doc, selection.to))
              view.dispatch(
                tr.setMeta(suggestionsKey, { notice: t('suggestions.oneParagraph') } satisfies SuggestionsMeta),
              )
            }
            return false
          },
          handlePaste: (view, event, slice) => {
            if (!suggesting(view.state)) return false
            catchUpSelection(view)
            const text =
              event.clipboardData?.getData('text/plain') || slice.content.textBetween(0, slice.content.size, '\n')
            proposeText(view, view.state.selection.from, view.state.selection.to, text)
            return true
          },
          // Dragging words around would move text: not a suggestion this editor makes.
          handleDrop: (view) => suggesting(view.state),
          handleDOMEvents: {
            beforeinput: (view, event) => {
              if (suggesting(view.state)) plainText = event.inputType === 'insertText'
              return false
            },
            compositionstart: (view) => {
              if (!suggesting(view.state)) return false
              catchUpSelection(view)
              const { from, to } = view.state.selection
              composingOver = { from, to }
              return false
            },
            compositionend: (view, event) => {
              if (!suggesting(view.state)) return false
              const over = composingOver ?? view.state.selection
              composingOver = null
              const text = event.data
              if (text) {
                committed = { text, at: performance.now() }
                if (over.from === over.to || oneParagraph(view.state, over.from, over.to)) {
                  proposeText(view, over.from, over.to, text)
                } else notify(view, 'suggestions.oneParagraph')
              }
              if (held) {
                held = false
                rebuildAfterComposition(view, over.from)
              }
              return false
            },
            cut: (view) => {
              if (!suggesting(view.state)) return false
              const { from, to, empty } = view.state.selection
              // ProseMirror copies the words first (its own deletion is filtered out); then they are proposed for deletion.
              if (!empty) queueMicrotask(() => replaceRange(view, from, to, '', from))
              return false
            },
          },
        },
      }),
    ]
  },
})

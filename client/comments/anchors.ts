/**
 * Thread anchors in the editor: a ProseMirror selection becomes a pair of Yjs relative positions
 * (what the server stores), and an anchor becomes a ProseMirror range again, live, while others type.
 *
 * Both ends point into a paragraph's Y.XmlText, exactly as server/domain/anchors.ts reads them:
 * `start` sticks to the first character of the range (assoc 0, right), `end` to the last one
 * (assoc -1, left), so text typed just before or just after the range stays outside it.
 */
import type { EditorState } from '@tiptap/pm/state'
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
  type ProsemirrorBinding,
} from '@tiptap/y-tiptap'
import { fromBase64, toBase64 } from 'lib0/buffer'
import * as Y from 'yjs'
import type { Anchor } from '../../shared/schema.js'

/** Where an anchor's words are in the editor now. */
export type AnchorRange =
  /**
   * The words, as ProseMirror positions (`to` exclusive). A suggestion's pure insertion is a
   * point: `from === to` (see resolveSuggestionAnchor); a comment's range always has `from < to`.
   */
  | { kind: 'range'; from: number; to: number }
  /** Every character of the range has been deleted. */
  | { kind: 'detached' }
  /** This editor does not have the characters yet (their update is still on its way). */
  | { kind: 'unknown' }

/** The ySyncPlugin's binding of the editor to its Y.XmlFragment; null before the first render. */
export function bindingOf(state: EditorState): ProsemirrorBinding | null {
  const binding = (ySyncPluginKey.getState(state) as { binding?: ProsemirrorBinding } | undefined)?.binding
  return binding && binding.mapping ? binding : null
}

const encode = (position: Y.RelativePosition): string => toBase64(Y.encodeRelativePosition(position))

/** The first and last text positions inside [from, to): anchors must point into text, never between blocks. */
export function textBounds(state: EditorState, from: number, to: number): { from: number; to: number } | null {
  let start = -1
  let end = -1
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isText) return true
    const s = Math.max(from, pos)
    const e = Math.min(to, pos + node.nodeSize)
    if (s < e) {
      if (start < 0) start = s
      end = e
    }
    return false
  })
  return start < 0 ? null : { from: start, to: end }
}

/**
 * The Y.XmlText and the index in it at ProseMirror position `pos`. y-tiptap's converter always
 * associates left (-1); it is used only to find the text and the index, and the caller chooses
 * the association.
 */
function textIndexAt(binding: ProsemirrorBinding, pos: number): { text: Y.XmlText; index: number } | null {
  const relative = absolutePositionToRelativePosition(pos, binding.type, binding.mapping)
  const absolute = Y.createAbsolutePositionFromRelativePosition(relative, binding.doc)
  if (!absolute || !(absolute.type instanceof Y.XmlText)) return null
  return { text: absolute.type, index: absolute.index }
}

/** The anchor of the text in [from, to), with the words it covers; null when the range holds no text. */
export function anchorOfRange(state: EditorState, from: number, to: number): { anchor: Anchor; quote: string } | null {
  const binding = bindingOf(state)
  const bounds = textBounds(state, from, to)
  if (!binding || !bounds) return null
  const start = textIndexAt(binding, bounds.from)
  const end = textIndexAt(binding, bounds.to)
  if (!start || !end) return null
  return {
    anchor: {
      start: encode(Y.createRelativePositionFromTypeIndex(start.text, start.index, 0)),
      end: encode(Y.createRelativePositionFromTypeIndex(end.text, end.index, -1)),
    },
    quote: state.doc.textBetween(bounds.from, bounds.to, '\n'),
  }
}

/**
 * The anchor of a pure insertion at `pos` (a suggestion that replaces no words): one position,
 * `start === end`, sticking to the character before it (assoc -1), so that what others type at
 * the same place goes after the proposed text, as server/domain/anchors.ts reads it. Null when
 * `pos` is not in a paragraph's text (an empty paragraph has none in Yjs).
 */
export function anchorOfPoint(state: EditorState, pos: number): Anchor | null {
  const binding = bindingOf(state)
  if (!binding || !state.doc.resolve(pos).parent.isTextblock) return null
  const at = textIndexAt(binding, pos)
  if (!at) return null
  const encoded = encode(Y.createRelativePositionFromTypeIndex(at.text, at.index, -1))
  return { start: encoded, end: encoded }
}

/** Whether an anchor is a point (a suggestion's pure insertion) rather than a range of words. */
export const isPointAnchor = (anchor: Anchor): boolean => anchor.start === anchor.end

/** Whether a type or any of its ancestors has been deleted: its text is gone from the document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Yjs type (their event types differ)
function isDeleted(type: Y.AbstractType<any>): boolean {
  for (let item = type._item; item; item = (item.parent as typeof type)._item) {
    if (item.deleted) return true
  }
  return false
}

type Position = number | 'gone' | 'unknown'

function positionOf(binding: ProsemirrorBinding, encoded: string): Position {
  let relative: Y.RelativePosition
  try {
    relative = Y.decodeRelativePosition(fromBase64(encoded))
  } catch {
    return 'gone'
  }
  const absolute = Y.createAbsolutePositionFromRelativePosition(relative, binding.doc)
  if (!absolute) return 'unknown'
  if (!(absolute.type instanceof Y.XmlText) || isDeleted(absolute.type)) return 'gone'
  // Where the text starts, asked with a position on the type itself: y-tiptap refuses item-based
  // positions that resolve to ProseMirror position ≤ 1 (its guard against misplaced carets after a
  // block move), which would lose an anchor on the document's very first characters.
  const textStart = relativePositionToAbsolutePosition(
    binding.doc,
    binding.type,
    Y.createRelativePositionFromTypeIndex(absolute.type, 0, -1),
    binding.mapping,
  )
  return textStart === null ? 'unknown' : textStart + absolute.index
}

/**
 * Whether y-tiptap has not rendered the document into the editor yet (the editor's first state):
 * no anchor has a place then, and reading one (decoding it, finding its item in the Y.Doc) is
 * wasted, 200 times over on a long draft just before its first render reads them all again.
 */
const notRendered = (binding: ProsemirrorBinding): boolean => binding.mapping.size === 0 && binding.type.length > 0

/** Where an anchor's words are now in the editor state bound to `binding`. */
export function resolveAnchor(binding: ProsemirrorBinding, state: EditorState, anchor: Anchor): AnchorRange {
  if (notRendered(binding)) return { kind: 'unknown' }
  const from = positionOf(binding, anchor.start)
  const to = positionOf(binding, anchor.end)
  if (from === 'unknown' || to === 'unknown') return { kind: 'unknown' }
  if (from === 'gone' || to === 'gone' || from >= to) return { kind: 'detached' }
  if (to > state.doc.content.size) return { kind: 'unknown' }
  return { kind: 'range', from, to }
}

/**
 * Where a suggestion's anchor is: a range of words like a comment's, or for a pure insertion a
 * point (`from === to`), which is detached only when its paragraph is gone.
 */
export function resolveSuggestionAnchor(binding: ProsemirrorBinding, state: EditorState, anchor: Anchor): AnchorRange {
  if (!isPointAnchor(anchor)) return resolveAnchor(binding, state, anchor)
  if (notRendered(binding)) return { kind: 'unknown' }
  const at = positionOf(binding, anchor.start)
  if (at === 'unknown') return { kind: 'unknown' }
  if (at === 'gone') return { kind: 'detached' }
  if (at > state.doc.content.size) return { kind: 'unknown' }
  return { kind: 'range', from: at, to: at }
}

/**
 * Comment anchors are pairs of Yjs relative positions: they name characters, not offsets, so a
 * thread stays on its words while others type before, inside or after them. This module reads
 * an anchor against a live document: the words it covers now, or that they are gone.
 */
import * as Y from 'yjs'
import { contentField } from '../../shared/editor/content-field.js'
import type { Anchor } from '../../shared/schema.js'

export interface AnchorReading {
  /** The text the anchor covers now, paragraphs joined by "\n". */
  text: string
  /** Every character of the range has been deleted. */
  detached: boolean
}

export class AnchorError extends Error {
  override name = 'AnchorError'
}

function decode(encoded: string): Y.RelativePosition {
  try {
    return Y.decodeRelativePosition(Buffer.from(encoded, 'base64'))
  } catch {
    throw new AnchorError('not a relative position')
  }
}

/** The characters of a paragraph's text, without its formatting. */
export const textOf = (node: Y.XmlText): string =>
  (node.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('')

/**
 * Reads an anchor. Returns null when the document does not know the positions yet (they were
 * made on a client whose edits have not arrived); throws AnchorError when they are not positions
 * in the document's text at all.
 */
export function readAnchor(doc: Y.Doc, anchor: Anchor): AnchorReading | null {
  const fragment = doc.getXmlFragment(contentField)
  const start = Y.createAbsolutePositionFromRelativePosition(decode(anchor.start), doc)
  const end = Y.createAbsolutePositionFromRelativePosition(decode(anchor.end), doc)
  if (!start || !end) return null
  if (!(start.type instanceof Y.XmlText) || !(end.type instanceof Y.XmlText)) {
    throw new AnchorError('an anchor must point into the text')
  }
  let text = ''
  let collecting = false
  let sawStart = false
  let sawEnd = false
  for (const node of fragment.createTreeWalker(() => true)) {
    if (!(node instanceof Y.XmlText)) {
      // A new block: its text starts a new line of the quote.
      if (collecting && text !== '' && !text.endsWith('\n')) text += '\n'
      continue
    }
    const content = textOf(node)
    let from = 0
    let to = content.length
    if (node === start.type) {
      sawStart = true
      collecting = true
      from = start.index
    }
    if (node === end.type) {
      sawEnd = true
      to = end.index
    }
    if (collecting && to > from) text += content.slice(from, to)
    if (sawEnd) break
  }
  if (!sawStart || !sawEnd) throw new AnchorError('an anchor must point into the document text')
  const trimmed = text.replace(/\n+$/, '')
  return { text: trimmed, detached: trimmed === '' }
}

/** Why a suggestion's anchor cannot be used as it is. */
export type SuggestionAnchorProblem = 'anchor_invalid' | 'suggestion_spans_paragraphs'

export class SuggestionAnchorError extends AnchorError {
  override name = 'SuggestionAnchorError'

  constructor(
    readonly reason: SuggestionAnchorProblem,
    message: string,
  ) {
    super(message)
  }
}

/** Where a suggestion's anchor lies now: characters `from`..`to` of one paragraph's text. */
export interface SuggestionAnchorReading {
  /** The paragraph's text (a Y.XmlText of the live tree). */
  text: Y.XmlText
  from: number
  to: number
  /** A pure insertion: start and end are one position. */
  point: boolean
  /** The words covered now ('' for a point, or when they were all deleted). */
  quote: string
  /** A range whose words are all gone; a point whose paragraph is gone throws instead (never read as here). */
  detached: boolean
}

/** Whether a text is still part of the document's tree (neither it nor a block around it was deleted). */
function inTree(text: Y.XmlText, fragment: Y.XmlFragment): boolean {
  let item = text._item
  while (item && !item.deleted) {
    const parent = item.parent
    if (parent === fragment) return true
    if (!(parent instanceof Y.AbstractType)) return false
    item = parent._item
  }
  return false
}

/** Whether the document has seen the item or type a relative position names (it may have been deleted since). */
function seen(doc: Y.Doc, relative: Y.RelativePosition): boolean {
  const id = relative.item ?? relative.type
  return id !== null && Y.getState(doc.store, id.client) > id.clock
}

function textPosition(doc: Y.Doc, fragment: Y.XmlFragment, encoded: string) {
  const relative = decode(encoded)
  const position = Y.createAbsolutePositionFromRelativePosition(relative, doc)
  // A position the document has seen but cannot place was in a paragraph deleted (and collected) since.
  if (!position && seen(doc, relative))
    throw new SuggestionAnchorError('anchor_invalid', 'the paragraph of the suggestion was deleted')
  if (!position) return null
  if (!(position.type instanceof Y.XmlText) || !inTree(position.type, fragment))
    throw new SuggestionAnchorError('anchor_invalid', 'a suggestion must point into the text of a paragraph')
  return { text: position.type, index: position.index }
}

/**
 * Reads a suggestion's anchor: a range of one paragraph's text (start on its first character,
 * end after its last) or, when start and end are the same encoded position, a point. Null when
 * the document does not know the positions yet; throws SuggestionAnchorError when they do not lie
 * in the text of the document (a paragraph deleted since counts: its point has nowhere to go) or
 * span paragraphs.
 */
export function readSuggestionAnchor(doc: Y.Doc, anchor: Anchor): SuggestionAnchorReading | null {
  const fragment = doc.getXmlFragment(contentField)
  const point = anchor.start === anchor.end
  const start = textPosition(doc, fragment, anchor.start)
  const end = point ? start : textPosition(doc, fragment, anchor.end)
  if (!start || !end) return null
  if (start.text !== end.text)
    throw new SuggestionAnchorError(
      'suggestion_spans_paragraphs',
      'the words of a suggestion must lie in one paragraph',
    )
  const from = start.index
  // Words deleted from the range make its ends meet; they never cross.
  const to = Math.max(from, end.index)
  const quote = point ? '' : textOf(start.text).slice(from, to)
  return { text: start.text, from, to, point, quote, detached: !point && from === to }
}

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

const textOf = (node: Y.XmlText): string =>
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

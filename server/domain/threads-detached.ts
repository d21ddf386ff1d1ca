/**
 * Which threads have lost their words, for the thread list: every thread's anchor read against one
 * walk over the document's text. Reading each anchor on its own (readAnchor) walks the text from
 * the document's start to the anchor's end and copies the characters of every paragraph on the way,
 * once per thread: for 200 threads on a 300-paragraph draft that is about 30,000 paragraph copies,
 * on the path of every editor that opens the draft.
 *
 * The answer is readAnchor's `detached` exactly: an anchor whose positions this document does not
 * know yet, that points outside the text, or whose end comes before its start is detached, as is
 * one whose range holds no character any more.
 */
import * as Y from 'yjs'
import { contentField } from '../../shared/editor/content-field.js'
import type { Anchor } from '../../shared/schema.js'
import { textOf } from './anchors.js'

/** The document's texts in order, with the characters before each one (as readAnchor counts them). */
interface TextIndex {
  order: Map<Y.XmlText, number>
  lengths: number[]
  /** before[i]: characters of texts 0 … i−1. */
  before: number[]
}

function indexTexts(doc: Y.Doc): TextIndex {
  const order = new Map<Y.XmlText, number>()
  const lengths: number[] = []
  const before: number[] = []
  let total = 0
  for (const node of doc.getXmlFragment(contentField).createTreeWalker(() => true)) {
    if (!(node instanceof Y.XmlText)) continue
    const length = textOf(node).length
    order.set(node, lengths.length)
    lengths.push(length)
    before.push(total)
    total += length
  }
  return { order, lengths, before }
}

function position(doc: Y.Doc, encoded: string): Y.AbsolutePosition | null {
  try {
    return Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(encoded, 'base64')), doc)
  } catch {
    return null
  }
}

function isDetached(doc: Y.Doc, texts: TextIndex, anchor: Anchor): boolean {
  const start = position(doc, anchor.start)
  const end = position(doc, anchor.end)
  if (!start || !end || !(start.type instanceof Y.XmlText) || !(end.type instanceof Y.XmlText)) return true
  const s = texts.order.get(start.type)
  const e = texts.order.get(end.type)
  // A text no longer in the tree, or an end before the start: readAnchor never meets the start.
  if (s === undefined || e === undefined || e < s) return true
  if (s === e) return Math.min(end.index, texts.lengths[s]) <= start.index
  const fromStart = Math.max(0, texts.lengths[s] - start.index)
  const between = texts.before[e] - texts.before[s + 1]
  const toEnd = Math.min(Math.max(0, end.index), texts.lengths[e])
  return fromStart + between + toEnd === 0
}

/** `detached` of each anchor, by key, read against `doc` as it is now. */
export function detachedAnchors<K>(doc: Y.Doc, anchors: Iterable<[K, Anchor]>): Map<K, boolean> {
  let texts: TextIndex | null = null
  const result = new Map<K, boolean>()
  for (const [key, anchor] of anchors) {
    texts ??= indexTexts(doc)
    result.set(key, isDetached(doc, texts, anchor))
  }
  return result
}

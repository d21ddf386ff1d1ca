/**
 * Accepting a suggestion, on the Yjs document itself: the anchored words are deleted and the
 * proposed ones typed in their place, as y-tiptap would have written them had their author typed
 * them (ProseMirror's blocks are Y.XmlElements holding Y.XmlText; marks are text attributes). Run
 * inside one server transaction, so that it merges with whatever is being typed meanwhile.
 */
import * as Y from 'yjs'
import type { Anchor } from '../../shared/schema.js'
import { readSuggestionAnchor, SuggestionAnchorError } from './anchors.js'

/** Why a suggestion could not be applied: its words are gone, or the server lacks its positions. */
export class SuggestionNotApplicable extends Error {
  override name = 'SuggestionNotApplicable'

  constructor(readonly why: 'detached' | 'not_synced') {
    super(why === 'detached' ? 'the words of the suggestion were deleted' : 'the server lacks the positions')
  }
}

type Attributes = Record<string, unknown>
interface DeltaOp {
  insert: unknown
  attributes?: Attributes
}

/** The formatting of the character at `index` ({} past the end, or for an embed). */
function formatAt(text: Y.XmlText, index: number): Attributes {
  let at = 0
  for (const op of text.toDelta() as DeltaOp[]) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1
    if (index < at + length) return { ...(op.attributes ?? {}) }
    at += length
  }
  return {}
}

/** What was typed from `index` to the end of a text, with its formatting. */
function tailOf(text: Y.XmlText, index: number): { insert: string; attributes: Attributes }[] {
  const tail: { insert: string; attributes: Attributes }[] = []
  let at = 0
  for (const op of text.toDelta() as DeltaOp[]) {
    if (typeof op.insert !== 'string') continue
    const end = at + op.insert.length
    if (end > index) tail.push({ insert: op.insert.slice(Math.max(0, index - at)), attributes: op.attributes ?? {} })
    at = end
  }
  return tail
}

/** The formatting new words take: that of the character before them, as typing there would. */
function typedFormat(text: Y.XmlText, from: number, to: number): Attributes {
  if (from > 0) return formatAt(text, from - 1)
  // At a paragraph's start: the first replaced word's, else the first word after.
  return formatAt(text, from < to ? from : 0)
}

/** Blocks whose own text takes line breaks (a code block): "\n" stays a character there. */
const keepsLineBreaks = new Set(['codeBlock'])
/** Blocks split together with the paragraph they hold, as Enter in a list item splits the item. */
const splitsWithParagraph = new Set(['listItem', 'taskItem'])

function copyOf(element: Y.XmlElement): Y.XmlElement {
  const copy = new Y.XmlElement(element.nodeName)
  for (const [name, value] of Object.entries(element.getAttributes())) copy.setAttribute(name, value as string)
  return copy
}

/**
 * Splits the block holding `text` after character `index` into the block and `lines.length` new
 * ones: each new block holds a line, the last one also the rest of the original (its formatting,
 * and anything after the text in the block, kept).
 */
function splitAfter(text: Y.XmlText, index: number, lines: string[], format: Attributes): void {
  const paragraph = text.parent
  if (!(paragraph instanceof Y.XmlElement)) return
  const outer = paragraph.parent
  // What is split: the paragraph, or the list item around it.
  const unit = outer instanceof Y.XmlElement && splitsWithParagraph.has(outer.nodeName) ? outer : paragraph
  const container = unit.parent as Y.XmlElement | Y.XmlFragment

  // The rest of the paragraph after the split point: its text, then any inline nodes after it.
  // Copied before they are deleted: a deleted type has no content to copy.
  const tail = tailOf(text, index)
  const textAt = paragraph.toArray().indexOf(text)
  const after = paragraph
    .toArray()
    .slice(textAt + 1)
    .map((node) => node.clone() as Y.XmlElement | Y.XmlText)
  const afterInUnit =
    unit === paragraph
      ? []
      : unit
          .toArray()
          .slice(unit.toArray().indexOf(paragraph) + 1)
          .map((node) => node.clone() as Y.XmlElement | Y.XmlText)
  const tailLength = tail.reduce((n, op) => n + op.insert.length, 0)
  if (tailLength > 0) text.delete(index, tailLength)
  if (after.length > 0) paragraph.delete(textAt + 1, after.length)
  if (afterInUnit.length > 0) unit.delete(unit.length - afterInUnit.length, afterInUnit.length)

  const unitAt = container.toArray().indexOf(unit)
  const units = lines.map(() => copyOf(unit))
  container.insert(unitAt + 1, units)
  units.forEach((newUnit, i) => {
    const newParagraph = unit === paragraph ? newUnit : copyOf(paragraph)
    if (newUnit !== newParagraph) newUnit.insert(0, [newParagraph])
    const newText = new Y.XmlText()
    newParagraph.insert(0, [newText])
    newText.insert(0, lines[i], format)
    if (i < lines.length - 1) return
    for (const op of tail) newText.insert(newText.length, op.insert, op.attributes)
    if (after.length > 0) newParagraph.insert(1, after)
    if (afterInUnit.length > 0) newUnit.insert(1, afterInUnit)
  })
}

/**
 * Replaces the words `anchor` covers by `insert` (paragraphs split by "\n"), in the caller's
 * transaction. Reads the anchor first and changes nothing when it cannot be applied: a
 * transaction that throws half-way would still be committed.
 */
export function applySuggestion(doc: Y.Doc, anchor: Anchor, insert: string): void {
  let reading
  try {
    reading = readSuggestionAnchor(doc, anchor)
  } catch (error) {
    // Its paragraph was deleted, or the range now spans paragraphs (Backspace joined them).
    if (error instanceof SuggestionAnchorError) throw new SuggestionNotApplicable('detached')
    throw error
  }
  if (!reading) throw new SuggestionNotApplicable('not_synced')
  if (reading.detached) throw new SuggestionNotApplicable('detached')
  const { text, from, to } = reading
  const format = typedFormat(text, from, to)
  const paragraph = text.parent
  const split = !(paragraph instanceof Y.XmlElement && keepsLineBreaks.has(paragraph.nodeName))
  const [first, ...rest] = split ? insert.split('\n') : [insert]
  // Typed first, then the old words deleted: the new words go right before the first old one, never
  // among the deleted ones, so that whatever someone typed there meanwhile stays after them.
  if (first !== '') text.insert(from, first, format)
  if (to > from) text.delete(from + first.length, to - from)
  if (rest.length > 0) splitAfter(text, from + first.length, rest, format)
}

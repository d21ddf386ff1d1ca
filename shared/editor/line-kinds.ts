/**
 * What each line of a document's plain text is (heading with its number, paragraph, list item…), so
 * that a diff — computed over plain text, one line per text block — can be set like the sheet.
 * Walks ProseMirror JSON exactly as `textBlocks` in text.ts does, and numbers headings with the
 * editor's and the export's one counter (heading-numbers.ts).
 */
import { HeadingCounter, headingLevelOf } from './heading-numbers.js'
import { containers, type JsonNode } from './text.js'

export type LineKind =
  | {
      type: 'heading'
      level: number
      /** Its number as the editor and the export print it (一、 （一） 1. （1）); null for an empty heading. */
      number: string | null
    }
  | { type: 'listItem'; marker: string }
  | { type: 'quote' }
  | {
      type: 'cell'
      /** Which table of the document (1-based), and the cell's row and position in that row (1-based). */
      table: number
      row: number
      column: number
    }
  | { type: 'paragraph' }

type Context = { marker?: string; quote?: boolean; cell?: { table: number; row: number; column: number } }

const inlineText = (node: JsonNode): string =>
  (node.content ?? []).map((child) => (child.type === 'text' ? (child.text ?? '') : '')).join('')

/** One kind per line of `plainText(root)`, in order. */
export function lineKinds(root: JsonNode): LineKind[] {
  const kinds: LineKind[] = []
  const headings = new HeadingCounter()
  let tables = 0
  const walk = (node: JsonNode, context: Context) => {
    if (node.type === 'text') {
      kinds.push({ type: 'paragraph' })
      return
    }
    if (containers.has(node.type)) {
      const children = node.content ?? []
      if (node.type === 'orderedList') {
        const start = typeof node.attrs?.start === 'number' ? node.attrs.start : 1
        children.forEach((child, index) => walk(child, { ...context, marker: `${start + index}.` }))
      } else if (node.type === 'bulletList') {
        children.forEach((child) => walk(child, { ...context, marker: '•' }))
      } else if (node.type === 'table' && !context.cell) {
        const table = ++tables
        children.forEach((row, r) =>
          (row.content ?? []).forEach((cell, c) => walk(cell, { cell: { table, row: r + 1, column: c + 1 } })),
        )
      } else if (node.type === 'listItem') {
        // Only the item's first line carries its marker.
        children.forEach((child, index) => walk(child, { ...context, marker: index === 0 ? context.marker : '' }))
      } else {
        children.forEach((child) => walk(child, { ...context, quote: context.quote || node.type === 'blockquote' }))
      }
      return
    }
    // A text block: one line, plus one more for each hard break in it.
    const lines = 1 + (node.content ?? []).filter((child) => child.type === 'hardBreak').length
    // Headings in a cell are not sections: unnumbered (heading-numbers.ts), a cell line like any other.
    const kind: LineKind = context.cell
      ? { type: 'cell', ...context.cell }
      : node.type === 'heading'
        ? { type: 'heading', level: headingLevelOf(node), number: headings.number(node.attrs?.level, inlineText(node)) }
        : context.marker !== undefined
          ? { type: 'listItem', marker: context.marker }
          : context.quote
            ? { type: 'quote' }
            : { type: 'paragraph' }
    for (let i = 0; i < lines; i++) {
      // Only the first line of a heading or list item carries its number or marker.
      if (i === 0) kinds.push(kind)
      else if (kind.type === 'listItem') kinds.push({ type: 'listItem', marker: '' })
      else if (kind.type === 'heading') kinds.push({ ...kind, number: null })
      else kinds.push(kind)
    }
  }
  walk(root, {})
  return kinds
}

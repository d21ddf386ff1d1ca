/**
 * What each line of a document's plain text is (heading, paragraph, list item…), so that a diff —
 * which the server computes over plain text, one line per text block — can be set like the sheet.
 * Walks ProseMirror JSON exactly as `textBlocks` in shared/editor/text.ts does.
 */
import type { JsonNode } from '../../shared/editor/text.js'

export type LineKind =
  { type: 'heading'; level: number } | { type: 'listItem'; marker: string } | { type: 'quote' } | { type: 'paragraph' }

/** The same containers as shared/editor/text.ts: they produce no line of their own. */
const containers = new Set(['doc', 'bulletList', 'orderedList', 'listItem', 'blockquote'])

export function lineKinds(root: JsonNode): LineKind[] {
  const kinds: LineKind[] = []
  const walk = (node: JsonNode, context: { marker?: string; quote?: boolean }) => {
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
    const kind: LineKind =
      node.type === 'heading'
        ? { type: 'heading', level: typeof node.attrs?.level === 'number' ? node.attrs.level : 1 }
        : context.marker !== undefined
          ? { type: 'listItem', marker: context.marker }
          : context.quote
            ? { type: 'quote' }
            : { type: 'paragraph' }
    for (let i = 0; i < lines; i++)
      kinds.push(i === 0 || kind.type !== 'listItem' ? kind : { type: 'listItem', marker: '' })
  }
  walk(root, {})
  return kinds
}

/** Plain text of ProseMirror JSON content, as versions, diffs and 字数 (char-count.ts) see it. */

/**
 * A ProseMirror node as JSON (the editor's schema, StarterKit): how versions store content and
 * exports read it. Unknown node and mark types are tolerated.
 */
export type JsonNode = {
  type: string
  attrs?: Record<string, unknown>
  content?: JsonNode[]
  text?: string
  marks?: { type: string; attrs?: Record<string, unknown> }[]
}

/** Table nodes (TipTap's TableKit): a cell holds blocks, so each paragraph in a cell is a line. */
export const tableNodes: ReadonlySet<string> = new Set(['table', 'tableRow', 'tableCell', 'tableHeader'])

/** Nodes whose children are blocks, not text: they produce no line of their own. */
export const containers: ReadonlySet<string> = new Set([
  'doc',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
  ...tableNodes,
])

/** One line per text block (paragraph, heading, code block), in document order. */
export function textBlocks(node: JsonNode): string[] {
  if (node.type === 'text') return [node.text ?? '']
  if (containers.has(node.type)) return (node.content ?? []).flatMap(textBlocks)
  const inline = (node.content ?? [])
    .map((child) => (child.type === 'text' ? (child.text ?? '') : child.type === 'hardBreak' ? '\n' : ''))
    .join('')
  return [inline]
}

/** The text of a document, blocks joined by "\n". */
export const plainText = (content: JsonNode): string => textBlocks(content).join('\n')

/** Plain text of ProseMirror JSON content, as versions, diffs and character counts see it. */

export interface JsonNode {
  type: string
  text?: string
  content?: JsonNode[]
  attrs?: Record<string, unknown>
}

/** Nodes whose children are blocks, not text: they produce no line of their own. */
const containers = new Set(['doc', 'bulletList', 'orderedList', 'listItem', 'blockquote'])

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

/** Characters of text, line breaks excluded. */
export const charCount = (content: JsonNode): number => plainText(content).replace(/\n/g, '').length

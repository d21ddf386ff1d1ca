/**
 * The 字数 of the document in the editor, as shared/editor/char-count.ts defines it for every other
 * place (`countDocument` over ProseMirror JSON): the sum of its text blocks' counts, a hard break
 * separating words. Counts are kept per text block: a block's node object stays the same while its
 * text does, so typing recounts one block.
 */
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { addCounts, countText, emptyCount, type CharCount } from '../../shared/editor/char-count.js'

const blockCounts = new WeakMap<ProseMirrorNode, CharCount>()

/** The text of a block as shared/editor/text.ts reads it from JSON: a hard break is a line break. */
const blockText = (node: ProseMirrorNode): string => node.textBetween(0, node.content.size, undefined, '\n')

export function countEditorDocument(doc: ProseMirrorNode): CharCount {
  let total = emptyCount
  doc.descendants((node) => {
    if (!node.isTextblock) return true
    let count = blockCounts.get(node)
    if (!count) {
      count = countText(blockText(node))
      blockCounts.set(node, count)
    }
    total = addCounts(total, count)
    return false
  })
  return total
}

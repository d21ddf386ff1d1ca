/** Where a document's text cites what (引用), read from the editor's state. */
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { citationMark, readCitationTarget, writeCitationTarget } from '../../shared/editor/citation-targets.js'

/** Each target cited, once, in the order first cited, with the first words citing it. */
export function citedPlaces(doc: ProseMirrorNode): { target: string; from: number; to: number; words: string }[] {
  const places = new Map<string, { target: string; from: number; to: number; words: string }>()
  doc.descendants((node, pos) => {
    if (!node.isText) return
    for (const mark of node.marks) {
      if (mark.type.name !== citationMark) continue
      const parsed = readCitationTarget(mark.attrs.target)
      if (!parsed) continue
      const target = writeCitationTarget(parsed)
      const found = places.get(target)
      // Cited words split by other marks (bold) are one place while they touch.
      if (found && found.to === pos) {
        found.to = pos + node.nodeSize
        found.words += node.text ?? ''
      } else if (!found) places.set(target, { target, from: pos, to: pos + node.nodeSize, words: node.text ?? '' })
    }
  })
  return [...places.values()]
}

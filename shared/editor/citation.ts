/**
 * 引用: words of a document that cite a material (调研材料) or another document of the group — the
 * 来源 a draft draws on. The mark keeps only what it points at (citation-targets.ts), never a
 * title: the title is asked of the server when shown, so a reader learns nothing of a target they
 * may not read, and a renamed material shows its new name.
 */
import { Mark, mergeAttributes } from '@tiptap/core'
import { citationMark, readCitationTarget, writeCitationTarget } from './citation-targets.js'

const targetOf = (element: HTMLElement): string | null => {
  const target = readCitationTarget(element.getAttribute('data-citation'))
  return target ? writeCitationTarget(target) : null
}

export const Citation = Mark.create({
  name: citationMark,
  // Typing after cited words is not part of the citation.
  inclusive: false,
  addAttributes() {
    return {
      target: {
        default: null,
        parseHTML: targetOf,
        renderHTML: (attributes) => ({ 'data-citation': attributes.target as string }),
      },
    }
  },
  parseHTML() {
    return [{ tag: 'span[data-citation]', getAttrs: (element) => (targetOf(element) ? null : false) }]
  },
  renderHTML({ HTMLAttributes }) {
    return ['span', mergeAttributes(HTMLAttributes, { class: 'citation' }), 0]
  },
})

/**
 * Shows each heading's number (一、 （一） 1. （1）) in front of it, computed from the document's
 * structure on every change, local or remote: inserting, moving or deleting a section renumbers
 * the rest at once, also when two people restructure at the same time. The numbers are node
 * decorations (a data attribute that CSS prints), never text: nobody types or stores them.
 */
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { headingNumbersKey, outlineOf, type NumbersState } from './outline-headings.js'

function numbersOf(doc: ProseMirrorNode): NumbersState {
  const headings = outlineOf(doc)
  const decorations = headings.flatMap((heading) =>
    heading.number === null
      ? []
      : [
          Decoration.node(heading.pos, heading.end, {
            'data-heading-number': heading.number,
            class: 'numbered-heading',
          }),
        ],
  )
  return { headings, decorations: DecorationSet.create(doc, decorations) }
}

export const HeadingNumbers = Extension.create({
  name: 'headingNumbers',

  addProseMirrorPlugins() {
    return [
      new Plugin<NumbersState>({
        key: headingNumbersKey,
        state: {
          init: (_config, state) => numbersOf(state.doc),
          apply: (tr, previous) => (tr.docChanged ? numbersOf(tr.doc) : previous),
        },
        props: {
          decorations: (state) => headingNumbersKey.getState(state)?.decorations,
        },
      }),
    ]
  },
})

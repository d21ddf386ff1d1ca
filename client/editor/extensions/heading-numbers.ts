/**
 * Shows each heading's number (一、 （一） 1. （1）) in front of it, computed from the document's
 * structure on every change, local or remote: inserting, moving or deleting a section renumbers
 * the rest at once, also when two people restructure at the same time. The numbers are node
 * decorations (a data attribute that CSS prints), never text: nobody types or stores them.
 */
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { HeadingCounter, headingLevelOf, type HeadingLevel } from '../../../shared/editor/heading-numbers.js'

/** A heading as the outline lists it. */
export interface OutlineHeading {
  /** Position before the heading node. */
  pos: number
  /** Position after it. */
  end: number
  level: HeadingLevel
  /** Its number, or null for an empty heading (which the export neither numbers nor prints). */
  number: string | null
  text: string
}

interface NumbersState {
  headings: OutlineHeading[]
  decorations: DecorationSet
}

export const headingNumbersKey = new PluginKey<NumbersState>('headingNumbers')

/** Every heading of the document in order, numbered as shared/editor/heading-numbers.ts numbers them for the export. */
export function outlineOf(doc: ProseMirrorNode): OutlineHeading[] {
  const counter = new HeadingCounter()
  const headings: OutlineHeading[] = []
  doc.descendants((node, pos) => {
    if (node.type.name === 'heading') {
      const text = node.textContent
      headings.push({
        pos,
        end: pos + node.nodeSize,
        level: headingLevelOf(node),
        number: counter.number(node.attrs.level, text),
        text,
      })
    }
    // Headings are blocks: no need to walk through the text of paragraphs.
    return !node.isTextblock
  })
  return headings
}

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

/** The headings of an editor state, in order, with their numbers. */
export const headingsOf = (state: EditorState): OutlineHeading[] => headingNumbersKey.getState(state)?.headings ?? []

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

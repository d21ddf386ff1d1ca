/**
 * Shows each heading's number (一、 （一） 1. （1）) in front of it, computed from the document's
 * structure whenever a change touches a heading, local or remote: inserting, moving or deleting a section renumbers
 * the rest at once, also when two people restructure at the same time. The numbers are node
 * decorations (a data attribute that CSS prints), never text: nobody types or stores them.
 */
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { changedRange } from './changed-range.js'
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

/** Whether a heading lies in [from, to) of `doc`. */
function holdsHeading(doc: ProseMirrorNode, from: number, to: number): boolean {
  let found = false
  doc.nodesBetween(from, to, (node) => {
    if (node.type.name === 'heading') found = true
    return !found && !node.isTextblock
  })
  return found
}

/**
 * The numbers after a change. A change that neither touches a heading nor adds or removes one
 * (typing in a paragraph, as almost every keystroke does) keeps the numbers: the headings after it
 * only move, and when none moves the state stays the very same object, so the outline does not
 * render again. Anything else numbers the document afresh, which reads only its headings.
 */
function renumbered(tr: Transaction, previous: NumbersState): NumbersState {
  const range = changedRange(tr.before, tr.doc)
  if (!range) return previous
  const { from, toOld, toNew, delta, mapping } = range
  if (holdsHeading(tr.before, from, toOld) || holdsHeading(tr.doc, from, toNew)) return numbersOf(tr.doc)
  if (delta === 0 || !previous.headings.some((heading) => heading.pos >= toOld)) return previous
  return {
    headings: previous.headings.map((heading) =>
      heading.pos >= toOld ? { ...heading, pos: heading.pos + delta, end: heading.end + delta } : heading,
    ),
    decorations: previous.decorations.map(mapping, tr.doc),
  }
}

/** The plugin that numbers the headings (exported for the tests, which run it without a view). */
export const headingNumbersPlugin = (): Plugin<NumbersState> =>
  new Plugin<NumbersState>({
    key: headingNumbersKey,
    state: {
      init: (_config, state) => numbersOf(state.doc),
      apply: (tr, previous) => (tr.docChanged ? renumbered(tr, previous) : previous),
    },
    props: {
      decorations: (state) => headingNumbersKey.getState(state)?.decorations,
    },
  })

export const HeadingNumbers = Extension.create({
  name: 'headingNumbers',

  addProseMirrorPlugins() {
    return [headingNumbersPlugin()]
  },
})

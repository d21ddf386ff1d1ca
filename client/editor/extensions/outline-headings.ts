/**
 * The headings of a document as the heading-numbers extension computes them: its plugin key, the
 * pure computation and the reader of an editor state. The outline panel reads them from here.
 */
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { PluginKey, type EditorState } from '@tiptap/pm/state'
import type { DecorationSet } from '@tiptap/pm/view'
import {
  HeadingCounter,
  headingLevelOf,
  holdsSections,
  type HeadingLevel,
} from '../../../shared/editor/heading-numbers.js'

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

/** The plugin's state: the headings and the decorations that print their numbers. */
export interface NumbersState {
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
    // Headings are blocks: no need to walk through the text of paragraphs. Nor into tables, whose
    // headings are captions of cells, not sections (the export leaves them unnumbered too).
    return !node.isTextblock && holdsSections(node.type.name)
  })
  return headings
}

/** The headings of an editor state, in order, with their numbers. */
export const headingsOf = (state: EditorState): OutlineHeading[] => headingNumbersKey.getState(state)?.headings ?? []

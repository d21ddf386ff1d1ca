/** The flat list of headings as a tree: each heading holds the deeper ones that follow it. */
import type { OutlineHeading } from '../editor/extensions/outline-headings.js'

export interface OutlineNode {
  heading: OutlineHeading
  children: OutlineNode[]
}

/** A heading that skips a level (一、 then 1.) hangs under the nearest shallower one before it. */
export function outlineTree(headings: readonly OutlineHeading[]): OutlineNode[] {
  const roots: OutlineNode[] = []
  const open: OutlineNode[] = []
  for (const heading of headings) {
    const node: OutlineNode = { heading, children: [] }
    while (open.length > 0 && open[open.length - 1].heading.level >= heading.level) open.pop()
    if (open.length === 0) roots.push(node)
    else open[open.length - 1].children.push(node)
    open.push(node)
  }
  return roots
}

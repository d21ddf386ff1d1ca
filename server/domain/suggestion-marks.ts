/**
 * Open suggestions (修订) placed into a version's text, for a DOCX that carries them as Word
 * revisions (server/export/docx.ts). Each suggestion's anchor is read in the version's own Yjs
 * state: anchors name characters, so a suggestion made after the version was saved still finds its
 * words when the version already had them. One whose words the version lacks, or that overlaps a
 * suggestion already placed, is left out and counted: Word cannot show two revisions of one word.
 */
import * as Y from 'yjs'
import type { Thread } from '../../shared/schema.js'
import { revisionMarks, revisionTimestamp } from '../export/revisions.js'
import { proseMirror } from './prosemirror.js'

interface Placement {
  text: Y.XmlText
  from: number
  to: number
  insert: string
  author: string
  date: string
}

function position(doc: Y.Doc, encoded: string): Y.AbsolutePosition | null {
  try {
    return Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(encoded, 'base64')), doc)
  } catch {
    return null
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Yjs type (their event types differ)
function isDeleted(type: Y.AbstractType<any>): boolean {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  for (let item = type._item; item; item = (item.parent as Y.AbstractType<any>)._item) {
    if (item.deleted) return true
  }
  return false
}

/** Where the suggestion's words are in `doc`, or null when the version does not hold them. */
function placementOf(doc: Y.Doc, thread: Thread, author: string): Placement | null {
  const suggestion = thread.suggestion
  if (!suggestion) return null
  const start = position(doc, thread.anchor.start)
  const end = thread.anchor.end === thread.anchor.start ? start : position(doc, thread.anchor.end)
  if (!start || !end || start.type !== end.type || !(start.type instanceof Y.XmlText)) return null
  if (isDeleted(start.type)) return null
  const point = thread.anchor.end === thread.anchor.start
  if (!point && end.index <= start.index) return null
  return {
    text: start.type,
    from: start.index,
    to: point ? start.index : end.index,
    insert: suggestion.insert,
    author,
    date: revisionTimestamp(suggestion.updatedAt),
  }
}

/** The formatting of the character before `index` (bold, italic…), which inserted words continue. */
function attributesBefore(text: Y.XmlText, index: number): Record<string, unknown> {
  if (index === 0) return {}
  let offset = 0
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1
    if (index - 1 < offset + length) return { ...op.attributes }
    offset += length
  }
  return {}
}

const overlaps = (a: Placement, b: Placement) => a.text === b.text && a.from <= b.to && b.from <= a.to

/**
 * The version's ProseMirror JSON with each open suggestion that can be placed in it: the words it
 * would delete marked for deletion, the words it proposes inserted and marked for insertion, both
 * with the author's name and the time of the proposal.
 */
export async function withOpenSuggestions(
  state: Uint8Array,
  threads: Thread[],
  names: ReadonlyMap<string, string>,
): Promise<{ content: Record<string, unknown>; placed: number; unplaced: number }> {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  const open = threads.filter((t) => t.suggestion?.status === 'open')
  const placements: Placement[] = []
  for (const thread of open) {
    const placement = placementOf(doc, thread, names.get(thread.authorId) ?? '')
    if (placement && !placements.some((p) => overlaps(p, placement))) placements.push(placement)
  }
  // From the end of each text backwards, so that every placement's offsets are still those read above.
  placements.sort((a, b) => b.from - a.from)
  doc.transact(() => {
    for (const p of placements) {
      const stamp = { author: p.author, date: p.date }
      if (p.insert)
        p.text.insert(p.to, p.insert, { ...attributesBefore(p.text, p.to), [revisionMarks.insertion]: stamp })
      if (p.to > p.from) p.text.format(p.from, p.to - p.from, { [revisionMarks.deletion]: stamp })
    }
  })
  const content = (await proseMirror()).toJson(doc)
  doc.destroy()
  return { content, placed: placements.length, unplaced: open.length - placements.length }
}

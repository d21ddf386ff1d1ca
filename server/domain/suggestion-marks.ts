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
import { readSuggestionAnchor, SuggestionAnchorError, type SuggestionAnchorReading } from './anchors.js'
import { proseMirror } from './prosemirror.js'

interface Placement {
  text: Y.XmlText
  from: number
  to: number
  insert: string
  author: string
  date: string
}

/** Where the suggestion's words are in `doc`, or null when the version does not hold them. */
function placementOf(doc: Y.Doc, thread: Thread, author: string): Placement | null {
  if (!thread.suggestion) return null
  let reading: SuggestionAnchorReading | null
  try {
    reading = readSuggestionAnchor(doc, thread.anchor)
  } catch (error) {
    // A paragraph the version does not hold, or positions outside its text: nothing to mark.
    if (error instanceof SuggestionAnchorError) return null
    throw error
  }
  if (!reading || reading.detached) return null
  return {
    text: reading.text,
    from: reading.from,
    to: reading.to,
    insert: thread.suggestion.insert,
    author,
    date: revisionTimestamp(thread.suggestion.updatedAt),
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

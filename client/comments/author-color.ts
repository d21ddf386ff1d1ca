/** The colours of people's comments: the same for every reader of a document, and distinct while they can be. */
import { PALETTE, suggestColor } from '../app/identity.js'

/**
 * A colour per user id, from the caret palette. Each user starts at the slot their id hashes to
 * and takes the next free one, going through the ids in sorted order: every reader gets the same
 * participants from the server, hence the same colours, and no two people share one until there
 * are more people than colours. (A caret colour is a personal choice and may differ per browser.)
 */
export function authorColors(userIds: Iterable<string>): Map<string, string> {
  const colors = new Map<string, string>()
  let taken = new Set<string>()
  for (const id of [...new Set(userIds)].sort()) {
    if (taken.size === PALETTE.length) taken = new Set()
    let slot = PALETTE.indexOf(suggestColor(id))
    while (taken.has(PALETTE[slot])) slot = (slot + 1) % PALETTE.length
    taken.add(PALETTE[slot])
    colors.set(id, PALETTE[slot])
  }
  return colors
}

/** The colour of one person; someone outside the map (no longer a participant) gets their hashed one. */
export const authorColor = (colors: ReadonlyMap<string, string>, userId: string): string => colors.get(userId) ?? suggestColor(userId)

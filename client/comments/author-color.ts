/** The colours of people's comments: the same for every reader of a document, and distinct while they can be. */
import { PALETTE, suggestColor } from '../collab/identity.js'

/** The caret palette reordered so that neighbours differ most: a small group gets red, blue, green, purple… */
const DISTINCT = ['#c0392b', '#2471a3', '#1e8449', '#6c3483', '#d35400', '#117a65', '#ad1457', '#9a7d0a'].filter((c) =>
  PALETTE.includes(c),
)

/**
 * A colour per user id: the document's people in the order of their ids take the colours in turn.
 * Every reader gets the same participants from the server, hence the same colours, and no two
 * people share one until there are more people than colours. (A caret colour is a personal choice
 * and may differ per browser, so it cannot serve here.)
 */
export function authorColors(userIds: Iterable<string>): Map<string, string> {
  const colors = new Map<string, string>()
  ;[...new Set(userIds)].sort().forEach((id, index) => colors.set(id, DISTINCT[index % DISTINCT.length]))
  return colors
}

/** The colour of one person; someone outside the map (no longer a participant) gets the one their id hashes to. */
export const authorColor = (colors: ReadonlyMap<string, string>, userId: string): string =>
  colors.get(userId) ?? suggestColor(userId)

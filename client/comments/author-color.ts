/** The colour of a comment's author: the colour of their caret, decided for everyone in collab/document-colors.ts. */
import { suggestColor } from '../collab/identity.js'

/** The colour of one person; someone the map does not know (yet) gets the one their id hashes to. */
export const authorColor = (colors: ReadonlyMap<string, string>, userId: string): string =>
  colors.get(userId) ?? suggestColor(userId)

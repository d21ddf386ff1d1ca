/**
 * The one function that gives each person in a document their colour: their caret, their place in
 * the presence list and their comments are painted with it, so that they all match.
 */
import { PALETTE, suggestColor } from './identity.js'

/** Someone with the document open, as their awareness state introduces them (see presence.ts). */
export interface PresentPerson {
  /** The user id; a peer that does not say it is told apart by its awareness client id. */
  key: string
  /**
   * The `#rrggbb` colour they show: the one they chose, until they were given another on arriving
   * (presence.ts publishes that one, so they keep it when whoever had theirs leaves).
   */
  color: string | null
  /** When they opened the document (their clock): who came first keeps their colour. */
  since: number
}

/** The palette reordered so that neighbours differ most: a small group gets red, blue, green, purple… */
const DISTINCT = ['#c0392b', '#2471a3', '#1e8449', '#6c3483', '#d35400', '#117a65', '#ad1457', '#9a7d0a'].filter((c) =>
  PALETTE.includes(c),
)

/**
 * Colours for the people present and for the others named (the authors of comments who are not
 * here). Every reader computes it from the same awareness states and the same threads, so all
 * of them see the same colours.
 *
 * Those present choose first, in the order they arrived, so that nobody's colour changes when
 * somebody else joins: each keeps the colour they show unless an earlier arrival has it, and
 * otherwise takes the first one still free. The others take the colours left over, in the order
 * of their ids. Two people share a colour only once there are more people than colours.
 */
export function documentColors(present: readonly PresentPerson[], others: Iterable<string> = []): Map<string, string> {
  // Several tabs of one person are one person, present since the earliest of them.
  const people = new Map<string, PresentPerson>()
  for (const person of present) {
    const seen = people.get(person.key)
    if (!seen || person.since < seen.since) people.set(person.key, person)
  }
  const colors = new Map<string, string>()
  const taken = new Set<string>()
  const give = (key: string, wanted: string | null) => {
    const color =
      wanted && !taken.has(wanted) ? wanted : (DISTINCT.find((c) => !taken.has(c)) ?? wanted ?? suggestColor(key))
    colors.set(key, color)
    taken.add(color)
  }
  const arrived = [...people.values()].sort((a, b) => a.since - b.since || compare(a.key, b.key))
  for (const person of arrived) give(person.key, person.color)
  for (const key of [...new Set(others)].sort(compare)) if (!colors.has(key)) give(key, null)
  return colors
}

// Code-unit order, the same in every browser and locale.
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

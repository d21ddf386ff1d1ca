/**
 * How this person appears to the others in a document: the account's display name and a caret
 * colour of their choosing, remembered in this browser's localStorage.
 */

export interface Identity {
  userId: string
  name: string
  /**
   * `#rrggbb`, the colour the person chose. In a document the others may see another one, should
   * someone who arrived earlier have it (document-colors.ts).
   */
  color: string
}

/** Eight colours far enough apart to tell carets apart, each dark enough to carry white label text. */
export const PALETTE: readonly string[] = [
  '#c0392b', // red
  '#d35400', // orange
  '#9a7d0a', // ochre
  '#1e8449', // green
  '#117a65', // teal
  '#2471a3', // blue
  '#6c3483', // purple
  '#ad1457', // magenta
]

/**
 * Where a user's colour is remembered (tests pre-seed it to skip the first-visit dialog). Keyed by
 * user, so that two accounts used in one browser keep their own colours.
 */
export const colorStorageKey = (userId: string): string => `jianyi.color.${userId}`

const isColor = (value: unknown): value is string => typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value)

/** The remembered colour of a user, or null on their first visit in this browser. */
export function loadColor(userId: string): string | null {
  try {
    const stored = localStorage.getItem(colorStorageKey(userId))
    return isColor(stored) ? stored : null
  } catch {
    return null
  }
}

export function saveColor(userId: string, color: string): void {
  localStorage.setItem(colorStorageKey(userId), color)
}

/**
 * A first suggestion spread over the palette by user id, so that people who keep the suggestion
 * still differ more often than not.
 */
export function suggestColor(userId: string): string {
  let hash = 0
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return PALETTE[hash % PALETTE.length]
}

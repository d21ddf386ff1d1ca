/** What the version reader shows: one version, or the difference between two (or one and the live draft). */

export type ReaderTarget =
  /** `proofread`: with proofreading's underlines, the first one in view (送审 and 审定 dialogs send the reader there). */
  | { kind: 'version'; number: number; proofread?: true }
  /** `to: 'live'` compares with the current draft. */
  | { kind: 'diff'; from: number; to: number | 'live' }

const positive = (text: string): number | null => (/^[1-9]\d*$/.test(text) ? Number(text) : null)

/**
 * The target a link asked for in the page's query (`?read=5`, `?compare=3..5`, `?compare=3..live`),
 * as client/approvals/routes.ts writes it; null when there is none.
 */
export function parseReaderTarget(search: string): ReaderTarget | null {
  const params = new URLSearchParams(search)
  const read = params.get('read')
  if (read !== null) {
    const number = positive(read)
    return number ? { kind: 'version', number } : null
  }
  const compare = /^(\d+)\.\.(\d+|live)$/.exec(params.get('compare') ?? '')
  if (!compare) return null
  const from = positive(compare[1])
  const to = compare[2] === 'live' ? 'live' : positive(compare[2])
  return from && to ? { kind: 'diff', from, to } : null
}

export const sameTarget = (a: ReaderTarget | null, b: ReaderTarget | null): boolean =>
  JSON.stringify(a) === JSON.stringify(b)

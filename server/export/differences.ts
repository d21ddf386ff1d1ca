/**
 * What changed between two versions: paragraphs are matched first (so that a moved or new section
 * does not smear across its neighbours), then each pair of matched paragraphs is compared character
 * by character. Chinese has no spaces, so a word diff would be a sentence diff; characters with
 * diff-match-patch's semantic cleanup give changes a reader can follow ("增加" → "加大" rather
 * than scattered single characters).
 */
import DiffMatchPatch from 'diff-match-patch'

type ChangeOp = 'equal' | 'insert' | 'delete'

export interface Change {
  op: ChangeOp
  text: string
}

export type ParagraphChange<T> =
  | { kind: 'same'; earlier: T; later: T }
  | { kind: 'changed'; earlier: T; later: T; changes: Change[] }
  | { kind: 'inserted'; later: T }
  | { kind: 'deleted'; earlier: T }

/** Below this share of kept characters two paragraphs count as different paragraphs, not one edited. */
const pairingSimilarity = 0.6

function engine(): DiffMatchPatch {
  const dmp = new DiffMatchPatch()
  // No time limit: a cut-off diff would make the same two versions compare differently on a busy server.
  dmp.Diff_Timeout = 0
  return dmp
}

const ops: Record<number, ChangeOp> = { 0: 'equal', 1: 'insert', [-1]: 'delete' }

/** Character-level changes turning `earlier` into `later`, cleaned up for people. */
export function characterDifferences(earlier: string, later: string): Change[] {
  const dmp = engine()
  const diffs = dmp.diff_main(earlier, later)
  dmp.diff_cleanupSemantic(diffs)
  absorbLoneCharacters(dmp, diffs)
  return diffs.filter(([, text]) => text.length > 0).map(([op, text]) => ({ op: ops[op], text }))
}

/**
 * Semantic cleanup pulls a single shared character out of a replaced word (增加 → 加大 becomes
 * 增[加]大); in Chinese one shared character between two edits is chance, so it joins the edits.
 */
function absorbLoneCharacters(dmp: DiffMatchPatch, diffs: DiffMatchPatch.Diff[]): void {
  let changed = false
  for (let i = diffs.length - 2; i >= 1; i--) {
    const [op, text] = diffs[i]
    if (
      op === 0 &&
      [...text].length === 1 &&
      diffs[i - 1][0] !== 0 &&
      diffs[i + 1][0] !== 0 &&
      diffs[i - 1][0] !== diffs[i + 1][0]
    ) {
      diffs.splice(i, 1, [-1, text] as DiffMatchPatch.Diff, [1, text] as DiffMatchPatch.Diff)
      changed = true
    }
  }
  if (changed) {
    // Gathers the neighbouring deletions and insertions into one of each.
    dmp.diff_cleanupMerge(diffs)
  }
}

/**
 * How much of the shorter text survives in the longer one, from 0 to 1. Measured against the shorter
 * text, so a paragraph that was expanded around its old sentences still counts as the same paragraph.
 * Two unrelated paragraphs on one topic share about a third of their characters (的, 建设, 农田…).
 */
function similarity(a: string, b: string): number {
  if (a === b) return 1
  const shorter = Math.min(a.length, b.length)
  if (shorter === 0) return 0
  // The raw diff, before semantic cleanup: cleanup folds an old sentence into a long insertion around it.
  const kept = engine()
    .diff_main(a, b)
    .filter(([op]) => op === 0)
    .reduce((total, [, text]) => total + text.length, 0)
  return kept / shorter
}

/**
 * The paragraphs of `later` set against those of `earlier`, in order. `keyOf` decides when two
 * paragraphs are the same (text and kind); `textOf` is what is compared inside edited ones;
 * `kindOf` keeps a heading from being paired with a body paragraph that happens to contain its words.
 */
export function paragraphDifferences<T>(
  earlier: T[],
  later: T[],
  keyOf: (p: T) => string,
  textOf: (p: T) => string,
  kindOf: (p: T) => string = () => '',
): ParagraphChange<T>[] {
  // Each distinct paragraph becomes one character, so that diff-match-patch aligns paragraphs.
  const codes = new Map<string, string>()
  const encode = (list: T[]) =>
    list
      .map((p) => {
        const key = keyOf(p)
        let code = codes.get(key)
        if (code === undefined) {
          code = String.fromCharCode(0x4e00 + codes.size)
          codes.set(key, code)
        }
        return code
      })
      .join('')
  const dmp = engine()
  const diffs = dmp.diff_main(encode(earlier), encode(later), false)
  const result: ParagraphChange<T>[] = []
  let i = 0
  let j = 0
  let deleted: T[] = []
  let inserted: T[] = []
  const settle = () => {
    result.push(...pairUp(deleted, inserted, textOf, kindOf))
    deleted = []
    inserted = []
  }
  for (const [op, codesText] of diffs) {
    const count = codesText.length
    if (op === 0) {
      settle()
      for (let k = 0; k < count; k++) result.push({ kind: 'same', earlier: earlier[i++], later: later[j++] })
    } else if (op === -1) {
      for (let k = 0; k < count; k++) deleted.push(earlier[i++])
    } else {
      for (let k = 0; k < count; k++) inserted.push(later[j++])
    }
  }
  settle()
  return result
}

/** Within a stretch of removed and added paragraphs, pairs each removed one with the next added one like it. */
function pairUp<T>(
  deleted: T[],
  inserted: T[],
  textOf: (p: T) => string,
  kindOf: (p: T) => string,
): ParagraphChange<T>[] {
  const result: ParagraphChange<T>[] = []
  let next = 0
  for (const earlier of deleted) {
    let match = -1
    for (let k = next; k < inserted.length; k++) {
      if (
        kindOf(earlier) === kindOf(inserted[k]) &&
        similarity(textOf(earlier), textOf(inserted[k])) >= pairingSimilarity
      ) {
        match = k
        break
      }
    }
    if (match < 0) {
      result.push({ kind: 'deleted', earlier })
      continue
    }
    for (; next < match; next++) result.push({ kind: 'inserted', later: inserted[next] })
    const later = inserted[next++]
    result.push({ kind: 'changed', earlier, later, changes: characterDifferences(textOf(earlier), textOf(later)) })
  }
  for (; next < inserted.length; next++) result.push({ kind: 'inserted', later: inserted[next] })
  return result
}

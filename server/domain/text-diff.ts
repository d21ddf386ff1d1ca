/**
 * Character-level differences between two texts. Chinese has no spaces, so word diffs are useless:
 * every changed character is marked, and nothing else.
 */
import DiffMatchPatch from 'diff-match-patch'
import { countText } from '../../shared/editor/char-count.js'
import type { TextDiff } from '../../shared/schema.js'

const dmp = new DiffMatchPatch()
dmp.Diff_Timeout = 2

export function diffTexts(before: string, after: string): TextDiff {
  const ops = dmp.diff_main(before, after) as [-1 | 0 | 1, string][]
  let added = 0
  let removed = 0
  for (const [op, text] of ops) {
    // In 字 as the count bar counts them: a word such as GB/T is one, a half-width comma none.
    const count = countText(text).words
    if (op === 1) added += count
    if (op === -1) removed += count
  }
  return { ops, summary: { added, removed, paragraphsChanged: changedParagraphs(before, after) } }
}

/** Paragraphs changed, added or removed: a line diff, counting each hunk's larger side. */
function changedParagraphs(before: string, after: string): number {
  // Every paragraph ends in "\n", so that appending one does not also count the one before it.
  const { chars1, chars2, lineArray } = dmp.diff_linesToChars_(`${before}\n`, `${after}\n`)
  const lines = dmp.diff_main(chars1, chars2, false)
  dmp.diff_charsToLines_(lines, lineArray)
  let count = 0
  let removedLines = 0
  let addedLines = 0
  const flush = () => {
    count += Math.max(removedLines, addedLines)
    removedLines = addedLines = 0
  }
  for (const [op, text] of lines) {
    const n = text.split('\n').filter((line, i, all) => i < all.length - 1 || line !== '').length
    if (op === -1) removedLines += n
    else if (op === 1) addedLines += n
    else flush()
  }
  flush()
  return count
}

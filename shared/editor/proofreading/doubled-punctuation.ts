/**
 * Punctuation typed twice or formed wrongly: ，， 。。 ，。 (one mark is meant), ... or 。。。 or a
 * lone … for the 省略号 ……, and -- for the 破折号 ——. ？！ and ！？ are allowed (GB/T 15834 4.3/4.4).
 */
import { charAt, charBefore, isChinese } from './chars.js'
import type { ProofIssue, ProofRule } from './issue.js'

/** Marks that end or split a clause, with how strongly: of two typed together, the stronger is meant. */
const strength: Record<string, number> = {
  '。': 5,
  '？': 5,
  '！': 5,
  '.': 5,
  '?': 5,
  '!': 5,
  '；': 3,
  ';': 3,
  '：': 2,
  ':': 2,
  '，': 1,
  ',': 1,
  '、': 0,
}
const toFull: Record<string, string> = { '.': '。', '?': '？', '!': '！', ';': '；', ':': '：', ',': '，' }
const allowed = new Set(['？！', '！？', '?!', '!?'])

const runs = /[，。、；：？！,.;:?!]{2,}|…+|-{2,}|－{2,}/g

export const doubledPunctuation: ProofRule = (text) => {
  const issues: ProofIssue[] = []
  for (const match of text.matchAll(runs)) {
    const run = match[0]
    const from = match.index
    const to = from + run.length
    const before = charBefore(text, from)
    const after = charAt(text, to)
    const chinese = isChinese(before) || isChinese(after) || /[，。、；：？！]/.test(run)
    const issue = (message: ProofIssue['message'], fix: string) =>
      issues.push({ rule: 'doubledPunctuation', from, to, message, fix })
    if (run[0] === '…') {
      if (run.length !== 2) issue('ellipsis', '……')
      continue
    }
    if (run[0] === '-' || run[0] === '－') {
      // -- between Chinese words is a 破折号; in code or ASCII art it is not ours to judge.
      if (chinese) issue('dash', '——')
      continue
    }
    if (/^[.。]{3,}$/.test(run)) {
      if (chinese) issue('ellipsis', '……')
      continue
    }
    if (/^[.]+$/.test(run) && !chinese) continue // ".." in a file name or an English text
    if (allowed.has(run)) continue
    // The first of the strongest marks, full-width in Chinese text.
    let kept = run[0]
    for (const ch of run) if (strength[ch] > strength[kept]) kept = ch
    issue('doubledPunctuation', chinese ? (toFull[kept] ?? kept) : kept)
  }
  return issues
}

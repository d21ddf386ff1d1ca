/**
 * Spaces between 汉字, or between a 汉字 and a number: 公文 sets Chinese text solid ("共48.6万亩",
 * not "共 48.6 万亩"), unlike web-copy guides. Spaces between Latin words and numbers
 * (GB/T 9704-2012, "1 000"), a paragraph's leading or trailing spaces, and full-width spaces
 * (U+3000, which 公文 types on purpose, e.g. to align two-character names in a list: 王\u3000明) are left alone.
 */
import { charAt, charBefore, isAsciiDigit, isChinese, isInlineSpace } from './chars.js'
import type { ProofIssue, ProofRule } from './issue.js'

export const chineseSpacing: ProofRule = (text) => {
  const issues: ProofIssue[] = []
  let i = 0
  while (i < text.length) {
    if (!isInlineSpace(text[i])) {
      i++
      continue
    }
    const from = i
    while (i < text.length && isInlineSpace(text[i])) i++
    const before = charBefore(text, from)
    const after = charAt(text, i)
    if (before === undefined || after === undefined) continue
    if (/^\u3000+$/.test(text.slice(from, i))) continue
    const chineseOnBothSides = isChinese(before) && isChinese(after)
    const chineseAndNumber = (isChinese(before) && isAsciiDigit(after)) || (isAsciiDigit(before) && isChinese(after))
    if (chineseOnBothSides || chineseAndNumber) {
      issues.push({ rule: 'chineseSpacing', from, to: i, message: 'spaceBetweenChinese', fix: '' })
    }
  }
  return issues
}

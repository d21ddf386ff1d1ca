/**
 * Half-width , . ; : ? ! ( ) in Chinese text, where GB/T 15834 wants the full-width marks
 * ，。；：？！（）. A mark is in Chinese text when a 汉字 or a full-width mark stands next to it;
 * numbers (3.5%, 1,000, 10:30, 3:2), addresses (www.example.com, http://), standard numbers
 * (GB/T 9704-2012) and the 3rd-level heading number "1." keep their half-width marks.
 */
import { charAt, charBefore, isAsciiDigit, isAsciiLetter, isChinese, isInlineSpace, skipSpaces } from './chars.js'
import type { ProofIssue, ProofRule } from './issue.js'

const chineseForm: Record<string, string> = {
  ',': '，',
  '.': '。',
  ';': '；',
  ':': '：',
  '?': '？',
  '!': '！',
  '(': '（',
  ')': '）',
}

/** A character of an enumeration such as (1) or (一) opening a clause, which 公文 writes （1） （一）. */
const enumerator = /^[0-9一二三四五六七八九十]$/

/**
 * chineseUpTo[i]: how many Chinese characters start before offset i; enumeratorRun[i]: how many
 * enumerator characters follow from i. Asking "is there Chinese inside these brackets?" of these
 * costs one subtraction, so nested brackets are not re-read once per pair.
 */
function characterCounts(text: string): { chineseUpTo: Uint32Array; enumeratorRun: Uint32Array } {
  const chineseUpTo = new Uint32Array(text.length + 1)
  for (let i = 0; i < text.length; i++) {
    const low = text.charCodeAt(i)
    // The low half of a surrogate pair was counted with its high half.
    const inPair =
      low >= 0xdc00 && low <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff
    chineseUpTo[i + 1] = chineseUpTo[i] + (!inPair && isChinese(charAt(text, i)) ? 1 : 0)
  }
  const enumeratorRun = new Uint32Array(text.length + 1)
  for (let i = text.length - 1; i >= 0; i--) enumeratorRun[i] = enumerator.test(text[i]) ? enumeratorRun[i + 1] + 1 : 0
  return { chineseUpTo, enumeratorRun }
}

function flaggedMarks(text: string): Set<number> {
  const flagged = new Set<number>()
  const opens: number[] = []
  const { chineseUpTo, enumeratorRun } = characterCounts(text)
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '(') {
      opens.push(i)
      continue
    }
    if (ch === ')') {
      const open = opens.pop()
      const after = charAt(text, i + 1)
      if (open === undefined) {
        // A lone ')' right before Chinese text: most likely the half of a mixed pair.
        if (isChinese(after)) flagged.add(i)
        continue
      }
      const innerLength = i - open - 1
      const chinese =
        chineseUpTo[i] - chineseUpTo[open + 1] > 0 ||
        isChinese(charBefore(text, open)) ||
        (innerLength > 0 && enumeratorRun[open + 1] >= innerLength && isChinese(after))
      if (chinese) flagged.add(open).add(i)
      continue
    }
    if (!(ch in chineseForm)) continue
    const before = charBefore(text, i)
    const after = charAt(text, skipSpaces(text, i + 1))
    const nextChar = text[i + 1]
    if (ch === '.') {
      // 等. → 等。 but 3.5, 1.基本情况, 百度.com and www.example.com stay.
      if (isChinese(before) && !isAsciiLetter(nextChar) && !isAsciiDigit(nextChar) && nextChar !== '.') flagged.add(i)
      continue
    }
    if (ch === ':') {
      if (text.startsWith('//', i + 1)) continue // http://
      if (isAsciiDigit(before) && isAsciiDigit(nextChar)) continue // 10:30, 3:2
    }
    // ?! after a flagged ? belongs to the same Chinese sentence.
    if (isChinese(before) || isChinese(after) || flagged.has(i - 1)) flagged.add(i)
  }
  // A '(' whose partner was never found, right after Chinese text.
  for (const open of opens) if (isChinese(charBefore(text, open))) flagged.add(open)
  return flagged
}

export const halfWidthPunctuation: ProofRule = (text) => {
  const flagged = [...flaggedMarks(text)].sort((a, b) => a - b)
  const issues: ProofIssue[] = []
  for (const at of flagged) {
    let to = at + 1
    // A full-width mark brings its own space: spaces typed after the half-width one go with it.
    if (text[at] !== '(') while (to < text.length && isInlineSpace(text[to])) to++
    const fix = chineseForm[text[at]]
    const last = issues[issues.length - 1]
    if (last && last.to === at) {
      last.to = to
      last.fix += fix
    } else {
      issues.push({ rule: 'halfWidthPunctuation', from: at, to, message: 'halfWidthPunctuation', fix })
    }
  }
  return issues
}

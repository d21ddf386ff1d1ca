/**
 * Heading numbers someone typed (一、 （一） 1. （1） and the ways people actually type them) at the
 * start of a paragraph, recognised so that an imported or pasted text becomes headings of the
 * right level with the typed number removed: Jianyi numbers headings itself (heading-numbers.ts),
 * and a heading that kept its typed number would read 一、一、. Pure: the server's Word import and
 * the editor's paste use it alike.
 *
 * The rules, GB/T 9704-2012 7.3.3 as written in practice:
 * - level 1: a Chinese numeral and 、 (一、 十二、); also 一． and 一. as typed by mistake.
 * - level 2: a Chinese numeral in brackets, full- or half-width, mixed included: （一） (一) （一)；
 *   a 、 or ． typed after the bracket is removed with it.
 * - level 3: one or two digits, half- or full-width, and . ． or 、 (1. 1． １． 1、), not followed by
 *   another digit (1.5倍, 3.14, 1.1 are numbers, not headings).
 * - level 4: one or two digits in brackets: （1） (1) （１）.
 * Not headings: 一是…, 第一…, 首先…, ①…, a year (2025年…, (2025)…), a number inside the text, a number
 * with nothing after it, and an enumeration of numerals (一、二年级…, 二、三产业…, 1、2号楼…: the next
 * numeral follows the 、).
 *
 * Level 3 and 4 headings run on into their paragraph in 公文 practice ("1.加强组织领导。各级各部门要……"):
 * the standard sets them in the body's 仿宋, so a whole paragraph after 1. or （1） is a heading of
 * that level, however long. Levels 1 and 2 stand on lines of their own in a 建议案; a long paragraph
 * after 一、 or （一） is still taken as a heading when its first sentence is short (`leadLength`
 * says where that sentence ends, so a caller may split it off), and not at all otherwise.
 */

/** The four levels of GB/T 9704: 一、→1, （一）→2, 1.→3, （1）→4. */
export type TypedLevel = 1 | 2 | 3 | 4

export interface TypedHeading {
  level: TypedLevel
  /** The number as it was typed, with the spaces around it: what is removed from the paragraph. */
  prefix: string
  /** Its value (一 → 1, 十二 → 12, １ → 1). */
  ordinal: number
  /** The paragraph's text without the number. */
  text: string
  /**
   * For a level 1 or 2 heading that runs on into a paragraph: the length (in `text`) of its first
   * sentence, punctuation included; null when the whole text is the heading.
   */
  leadLength: number | null
}

/** A heading of level 1 or 2 longer than this (without its number) is a paragraph unless its first sentence is short. */
export const standaloneHeadingChars = 60

const chineseDigits: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
}

/** 一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 九十九 → 99, 一百零五 → 105; null for anything else. */
export function chineseNumeralValue(numeral: string): number | null {
  if (!/^[〇零一二三四五六七八九十百]+$/.test(numeral) || numeral.startsWith('〇') || numeral.startsWith('零'))
    return null
  let total = 0
  let digit: number | null = null
  for (const ch of numeral) {
    if (ch === '百') {
      if (digit === null || total >= 100) return null
      total += digit * 100
      digit = null
    } else if (ch === '十') {
      if (total % 100 >= 10) return null
      total += (digit ?? 1) * 10
      digit = null
    } else {
      if (digit !== null && !(digit === 0 && total >= 100)) return null
      digit = chineseDigits[ch]
    }
  }
  total += digit ?? 0
  return total >= 1 ? total : null
}

const fullWidthDigit = /[０-９]/g
/** '１２' → 12. */
const arabicValue = (digits: string): number =>
  Number(digits.replace(fullWidthDigit, (d) => String(d.charCodeAt(0) - 0xff10)))

/** Spaces typed around a number: ASCII, no-break, ideographic (全角) and tabs. */
const space = '[ \\t\\u00a0\\u3000]'
const numeral = '[一二三四五六七八九十百〇零两]{1,4}'
const digits = '[0-9０-９]{1,2}'

const patterns: { level: TypedLevel; pattern: RegExp; chinese: boolean }[] = [
  // 一、 一． 一.  — never 一，(a clause) or 一是.
  { level: 1, pattern: new RegExp(`^${space}*(${numeral})${space}*[、．.]${space}*`), chinese: true },
  // （一） (一) （一)， with a 、 or ． sometimes typed after it.
  {
    level: 2,
    pattern: new RegExp(`^${space}*[（(]${space}*(${numeral})${space}*[）)]${space}*[、．.]?${space}*`),
    chinese: true,
  },
  // 1. 1． １． 1、 — not 1.5, 3.14 or 1.1 (the lookahead), nor 2025. (two digits at most).
  { level: 3, pattern: new RegExp(`^${space}*(${digits})${space}*[.．、](?![0-9０-９])${space}*`), chinese: false },
  // （1） (1) （１）.
  {
    level: 4,
    pattern: new RegExp(`^${space}*[（(]${space}*(${digits})${space}*[）)]${space}*[、．.]?${space}*`),
    chinese: false,
  },
]

/** The value of a numeral the text starts with: an enumeration "一、二年级" or "1、2号楼" goes on with the next one. */
function leadingValue(text: string, chinese: boolean): number | null {
  if (chinese) {
    const match = /^[一二三四五六七八九十百两]+/.exec(text)
    return match ? chineseNumeralValue(match[0].replace('两', '二')) : null
  }
  const match = /^[0-9０-９]+/.exec(text)
  return match ? arabicValue(match[0]) : null
}

/** Where the first sentence of `text` ends (after its 。！？；: or ：), or null when there is none before the end. */
function firstSentenceEnd(text: string): number | null {
  const match = /[。！？；!?;：:]/.exec(text)
  if (!match) return null
  const end = match.index + 1
  return end < text.trimEnd().length ? end : null
}

/** Whether `text` has something a heading could say: a letter, digit or character, not punctuation alone. */
const hasWords = (text: string) => /[\p{L}\p{N}]/u.test(text)

/**
 * The typed heading number at the start of `text` (a paragraph's text), its level and the text
 * without it; null when the paragraph does not start with one (see the rules above).
 */
export function typedHeading(text: string): TypedHeading | null {
  for (const { level, pattern, chinese } of patterns) {
    const match = pattern.exec(text)
    if (!match) continue
    const ordinal = chinese ? chineseNumeralValue(match[1].replace('两', '二')) : arabicValue(match[1])
    if (ordinal === null || ordinal < 1) return null
    const rest = text.slice(match[0].length)
    if (!hasWords(rest)) return null
    // An enumeration of numerals (一、二年级, 二、三产业, 1、2号楼), not a heading.
    if ((level === 1 || level === 3) && leadingValue(rest, chinese) === ordinal + 1) return null
    let leadLength: number | null = null
    if ((level === 1 || level === 2) && rest.trim().length > standaloneHeadingChars) {
      const end = firstSentenceEnd(rest)
      if (end === null || end > standaloneHeadingChars) return null
      leadLength = end
    }
    return { level, prefix: match[0], ordinal, text: rest, leadLength }
  }
  return null
}

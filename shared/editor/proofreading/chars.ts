/** Character classes the proofreading rules share: what counts as Chinese text around a mark. */
import { isChinesePunctuation } from '../char-count.js'

export { isChinesePunctuation }

const han = /\p{Script=Han}/u

/** A 汉字. */
export const isHan = (ch: string | undefined): boolean => ch !== undefined && han.test(ch)

/** A 汉字 or a full-width punctuation mark: the context in which half-width marks are wrong. */
export const isChinese = (ch: string | undefined): boolean =>
  ch !== undefined && (han.test(ch) || isChinesePunctuation(ch))

export const isAsciiDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9'

export const isAsciiLetter = (ch: string | undefined): boolean => ch !== undefined && /^[A-Za-z]$/.test(ch)

/** Spaces a writer may type between words; line breaks are not among them. */
export const isInlineSpace = (ch: string | undefined): boolean =>
  ch === ' ' || ch === '\t' || ch === '\u3000' || ch === '\u00a0'

/** The character (a whole code point) that ends just before UTF-16 offset `i`. */
export function charBefore(text: string, i: number): string | undefined {
  if (i <= 0) return undefined
  const low = text.charCodeAt(i - 1)
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2)
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(i - 2, i)
  }
  return text[i - 1]
}

/** The character (a whole code point) that starts at UTF-16 offset `i`. */
export function charAt(text: string, i: number): string | undefined {
  if (i >= text.length) return undefined
  const cp = text.codePointAt(i)!
  return String.fromCodePoint(cp)
}

/** The offset just past the inline spaces that start at `i`. */
export function skipSpaces(text: string, i: number): number {
  while (i < text.length && isInlineSpace(text[i])) i++
  return i
}

/** The full-width form of an ASCII character (！ for !), as a Chinese IME types it. */
export const fullWidth = (ch: string): string => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)

/** Text that is valid Unicode, and cut without splitting a character. */

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * The text with every lone surrogate replaced by U+FFFD: JSON and JavaScript strings can carry them,
 * but UTF-8 cannot, so encoders (file names, XML, URLs) would fail on them.
 */
export function wellFormed(text: string): string {
  return text.replace(loneSurrogate, '\uFFFD')
}

/** Characters (code points), not UTF-16 units: 𠀀 counts one. */
export function codePointLength(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

/** The first `max` characters (code points): a character outside the BMP is kept whole or left out. */
export function truncateCodePoints(text: string, max: number): string {
  let end = 0
  let n = 0
  for (const ch of text) {
    if (n++ === max) break
    end += ch.length
  }
  return text.slice(0, end)
}

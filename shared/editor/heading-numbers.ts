/**
 * Heading numbers as GB/T 9704-2012 7.3.3 writes them: 一、 （一） 1. （1）. Nobody types them: they
 * follow from the document's structure (a deeper counter restarts under each new heading above
 * it), so inserting, moving or deleting a section renumbers every following one, in the editor
 * (decorations, never stored) and in the export alike.
 */

/** The four levels the standard numbers; deeper headings are numbered as the fourth. */
export type HeadingLevel = 1 | 2 | 3 | 4

/** A node as ProseMirror JSON, loose enough for the editor's and the export's node types. */
export interface HeadingSource {
  type: string
  text?: string
  attrs?: Record<string, unknown>
  content?: HeadingSource[]
}

export interface NumberedHeading {
  level: HeadingLevel
  /** The number as printed, e.g. 二、 or （三） or 1. or （2）. */
  number: string
  /** The heading's own text, without the number. */
  text: string
}

const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五. Enough for any count of headings. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new RangeError(`no Chinese numeral for ${n}`)
  if (n < 10) return digits[n]
  if (n < 20) return '十' + (n % 10 ? digits[n % 10] : '')
  if (n < 100) return digits[Math.floor(n / 10)] + '十' + (n % 10 ? digits[n % 10] : '')
  const units: [number, string][] = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
    [1, ''],
  ]
  let text = ''
  let pendingZero = false
  for (const [unit, name] of units) {
    const digit = Math.floor(n / unit) % 10
    if (digit === 0) {
      if (text) pendingZero = true
      continue
    }
    if (pendingZero) text += '零'
    pendingZero = false
    text += digits[digit] + name
  }
  return text
}

/** The printed number of the `ordinal`-th heading at `level` (1-based). */
export function headingNumber(level: HeadingLevel, ordinal: number): string {
  switch (level) {
    case 1:
      return `${chineseNumeral(ordinal)}、`
    case 2:
      return `（${chineseNumeral(ordinal)}）`
    case 3:
      return `${ordinal}.`
    case 4:
      return `（${ordinal}）`
  }
}

/** Clamps a schema heading level (1–6, or anything stored in an attribute) to the four numbered levels. */
export function clampHeadingLevel(level: unknown): HeadingLevel {
  const n = Number(level ?? 1)
  if (!Number.isFinite(n) || n < 1) return 1
  return Math.min(4, Math.floor(n)) as HeadingLevel
}

/** The numbered level of a heading node. */
export const headingLevelOf = (node: { attrs?: Record<string, unknown> | null }): HeadingLevel =>
  clampHeadingLevel(node.attrs?.level)

/** Characters no font draws (controls, zero-width marks pasted from other programs): the export drops them. */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const invisible = /[\u0000-\u001F\u007F\u200B-\u200D\u2060\uFEFF]/g

/**
 * An empty heading is a slip of the keyboard, not a section: it gets no number and does not count
 * (the export does not print it), so the editor shows the numbers the paper will carry. A heading
 * of spaces, line breaks or invisible characters only is empty too, for the editor as for the export.
 */
export const isNumberedHeadingText = (text: string): boolean => text.replace(invisible, '').trim() !== ''

/** Counts headings in document order; call `next` for each numbered heading met. */
export class HeadingCounter {
  private readonly counts = [0, 0, 0, 0]

  next(level: HeadingLevel): string {
    this.counts[level - 1] += 1
    for (let deeper = level; deeper < this.counts.length; deeper++) this.counts[deeper] = 0
    return headingNumber(level, this.counts[level - 1])
  }

  /** The number of a heading with this level and text, or null for an empty heading (which does not count). */
  number(level: unknown, text: string): string | null {
    return isNumberedHeadingText(text) ? this.next(clampHeadingLevel(level)) : null
  }
}

/**
 * A heading inside a table cell is a cell's caption, not a section of the document: it is neither
 * numbered nor counted, in the editor (outline-headings.ts), the line kinds of a diff and the export.
 */
export const holdsSections = (type: string): boolean => type !== 'table'

/** Every numbered heading of a document (ProseMirror JSON), in document order, with its number. */
export function numberedHeadings(content: HeadingSource): NumberedHeading[] {
  const counter = new HeadingCounter()
  const headings: NumberedHeading[] = []
  const visit = (node: HeadingSource) => {
    if (node.type === 'heading') {
      const text = inlineText(node)
      const number = counter.number(node.attrs?.level, text)
      if (number !== null) headings.push({ level: headingLevelOf(node), number, text })
      return
    }
    if (holdsSections(node.type)) node.content?.forEach(visit)
  }
  visit(content)
  return headings
}

function inlineText(node: HeadingSource): string {
  if (node.type === 'text') return node.text ?? ''
  if (node.type === 'hardBreak') return '\n'
  return (node.content ?? []).map(inlineText).join('')
}

/**
 * A character diff (GET /api/documents/:id/diff) laid out as paragraphs: the server joins
 * paragraphs with "\n", so every "\n" of an op ends one. A removed or added line break stays
 * visible as a marked ¶, since otherwise a merged or split paragraph would look unchanged.
 */
import type { Diff } from '../../shared/schema.js'

export type DiffOp = Diff['ops'][number][0]

export interface DiffSegment {
  op: DiffOp
  text: string
  /** This segment stands for a line break that was removed (-1) or added (1). */
  lineBreak?: true
}

export interface DiffParagraph {
  segments: DiffSegment[]
  /** Whether anything in it was added or removed. */
  changed: boolean
  /** Its line in the older text, and in the newer one (0-based): where to look up what kind of block it is. */
  beforeLine: number
  afterLine: number
}

export const LINE_BREAK_MARK = '¶'

export function diffParagraphs(ops: Diff['ops']): DiffParagraph[] {
  let current: DiffParagraph = { segments: [], changed: false, beforeLine: 0, afterLine: 0 }
  const paragraphs = [current]
  for (const [op, text] of ops) {
    text.split('\n').forEach((part, index) => {
      if (index > 0) {
        if (op !== 0) {
          current.segments.push({ op, text: LINE_BREAK_MARK, lineBreak: true })
          current.changed = true
        }
        // An added break starts a line only in the newer text, a removed one only in the older.
        current = {
          segments: [],
          changed: op !== 0,
          beforeLine: current.beforeLine + (op === 1 ? 0 : 1),
          afterLine: current.afterLine + (op === -1 ? 0 : 1),
        }
        paragraphs.push(current)
      }
      if (part === '') return
      const last = current.segments.at(-1)
      if (last && last.op === op && !last.lineBreak) last.text += part
      else current.segments.push({ op, text: part })
      if (op !== 0) current.changed = true
    })
  }
  return paragraphs
}

/** A paragraph to show, or a run of unchanged ones left out. */
export type ShownParagraph =
  { kind: 'paragraph'; index: number; paragraph: DiffParagraph } | { kind: 'gap'; count: number }

/**
 * The paragraphs to show when only the changes are wanted: every changed paragraph with `context`
 * unchanged ones around it; each gap becomes a count of the paragraphs left out.
 */
export function foldUnchanged(paragraphs: DiffParagraph[], context = 1): ShownParagraph[] {
  const keep = paragraphs.map(() => false)
  paragraphs.forEach((paragraph, index) => {
    if (!paragraph.changed) return
    for (let i = Math.max(0, index - context); i <= Math.min(paragraphs.length - 1, index + context); i++)
      keep[i] = true
  })
  const shown: ShownParagraph[] = []
  paragraphs.forEach((paragraph, index) => {
    if (keep[index]) {
      shown.push({ kind: 'paragraph', index, paragraph })
      return
    }
    const last = shown.at(-1)
    if (last?.kind === 'gap') last.count++
    else shown.push({ kind: 'gap', count: 1 })
  })
  return shown
}

/**
 * Breaking centred lines — the title (GB/T 9704 7.3.1) and the 题注 under it — into lines of nearly
 * equal length in a 梯形 or 菱形 shape, never a full line and never a word cut in two. DOCX and PDF
 * both print the lines given here, so the title breaks at the same place in both.
 */
import { textCells } from './layout.js'

/**
 * At most this many 2号 characters on a title line. The 版心 holds 20; stopping at 18 keeps a title
 * line from running edge to edge, which the standard's shapes avoid.
 */
const titleCellsPerLine = 18

/** At most this many 3号 characters on a 题注 line (the grid holds 28). */
const noteCellsPerLine = 26

/** A line may not start with these (closing punctuation) … */
const noLineStart = new Set([...'，。、；：？！）》〕】”’…—·'])
/** … nor end with these (opening punctuation). */
const noLineEnd = new Set([...'（《〔【“‘'])
/** Words the segmenter splits but a reader would not: never cut inside them. */
const wholeWords = ['建议案', '委员会', '主席会议', '常务委员会', '全体会议', '审议通过']
/** Breaking after these ends a phrase. */
const goodBreakAfter = new Set([...'的和与及、，'])

/** The title's lines: the writer's own breaks ("\n") if any, else balanced lines of at most 18 characters. */
export function titleLines(title: string): string[] {
  return centredLines(title, titleCellsPerLine)
}

/** The 题注's lines: one line when it fits, else balanced lines of at most 26 characters. */
export function adoptionNoteLines(note: string): string[] {
  return centredLines(note, noteCellsPerLine)
}

/**
 * `text` as centred lines of at most `maxCells` character cells: as few lines as fit, each cut near
 * the balanced point at a word boundary, preferring the end of a phrase, upper lines not longer
 * than lower ones.
 */
function centredLines(text: string, maxCells: number): string[] {
  const trimmed = text.trim()
  if (trimmed.includes('\n'))
    return trimmed
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
  if (textCells(trimmed) <= maxCells) return [trimmed]
  const chars = [...trimmed]
  const boundaries = wordBoundaries(trimmed)
  const count = Math.ceil(textCells(trimmed) / maxCells)
  const lines: string[] = []
  let offset = 0
  for (let remaining = count; remaining > 1; remaining--) {
    const cut = bestCut(chars, offset, remaining, maxCells, boundaries)
    lines.push(chars.slice(offset, cut).join(''))
    offset = cut
  }
  lines.push(chars.slice(offset).join(''))
  return lines
}

/** The index in `chars` where the first of `lines` lines starting at `offset` should end. */
function bestCut(chars: string[], offset: number, lines: number, maxCells: number, boundaries: Set<number>): number {
  const total = textCells(chars.slice(offset).join(''))
  const target = total / lines
  let best = -1
  let bestScore = Infinity
  let cells = 0
  for (let cut = offset + 1; cut < chars.length; cut++) {
    cells += textCells(chars[cut - 1])
    if (cells > maxCells) break
    // What is left must still fit into the remaining lines.
    if (total - cells > maxCells * (lines - 1)) continue
    if (!allowedCut(chars, cut)) continue
    let score = Math.abs(cells - target)
    if (cells > target) score += 0.5
    if (!boundaries.has(cut)) score += 4
    if (goodBreakAfter.has(chars[cut - 1])) score -= 1
    if (score < bestScore) {
      bestScore = score
      best = cut
    }
  }
  return best > offset ? best : Math.min(chars.length - 1, offset + Math.max(1, Math.round(target)))
}

function allowedCut(chars: string[], cut: number): boolean {
  const before = chars[cut - 1]
  const after = chars[cut]
  if (noLineStart.has(after) || noLineEnd.has(before)) return false
  // Digits and Latin letters form one word: 2025, GDP, 5G.
  if (/[0-9A-Za-z.%]/.test(before) && /[0-9A-Za-z.%]/.test(after)) return false
  return true
}

/** Character indexes at which a word ends, by ICU's dictionary segmentation of Chinese. */
function wordBoundaries(text: string): Set<number> {
  const boundaries = new Set<number>()
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' })
  let index = 0
  for (const { segment } of segmenter.segment(text)) {
    index += [...segment].length
    boundaries.add(index)
  }
  for (const word of wholeWords) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      const start = [...text.slice(0, at)].length
      for (let inside = start + 1; inside < start + [...word].length; inside++) boundaries.delete(inside)
    }
  }
  return boundaries
}

/**
 * Breaking a paragraph of Chinese text into lines for the PDF, with the 禁则 of GB/T 15834 practice:
 * no line starts with closing punctuation (，。、”）…) and none ends with opening punctuation (“（《),
 * and digits or Latin words (2025, 48.6%, GDP) are never cut. Offending characters are pushed to the
 * next line together with their neighbour (推出), and the line is then justified. A comma or full stop
 * that would start the next line instead hangs past the edge (悬挂), as in Word and WPS, so that a
 * paragraph does not end on a line of one character and a full stop.
 */

/** One character to set, with its advance in points. */
export interface Piece {
  ch: string
  width: number
}

export interface BrokenLine<T extends Piece> {
  pieces: T[]
  /** Sum of the pieces' widths. */
  width: number
  /** The paragraph's last line, or a line ended by a hard break: set ragged, not justified. */
  ragged: boolean
  /** Width of a closing punctuation mark hanging past the right edge (0 when none). */
  hanging: number
}

/** Marks that may hang past the right edge, as Word's "allow punctuation to overflow" lets them. */
const hangable = new Set([...'，。、；：？！,.'])

const noLineStart = new Set([...'，。、；：？！）》〕】」』”’…—·%,.;:?!)]}'])
const noLineEnd = new Set([...'（《〔【「『“‘([{'])
const wordChar = /[0-9A-Za-z]/

/**
 * Lines of `pieces` no wider than `firstWidth` (first line) and `restWidth` (others). A "\n" piece
 * ends a line. A unit wider than a whole line (a long URL) is cut where it must be.
 */
export function breakLines<T extends Piece>(pieces: T[], firstWidth: number, restWidth: number): BrokenLine<T>[] {
  const lines: BrokenLine<T>[] = []
  const segments = splitOnBreaks(pieces)
  segments.forEach((segment) => {
    const units = unitsOf(segment)
    const firstLine = lines.length
    let current: T[] = []
    let width = 0
    const limit = () => (lines.length === 0 ? firstWidth : restWidth)
    let hanging = 0
    const flush = (ragged: boolean) => {
      lines.push({ pieces: current, width, ragged, hanging })
      current = []
      width = 0
      hanging = 0
    }
    for (const unit of units) {
      const unitWidth = sum(unit)
      if (width + unitWidth <= limit() + 0.01) {
        current.push(...unit)
        width += unitWidth
        continue
      }
      const last = unit[unit.length - 1]
      if (current.length && hangable.has(last.ch) && width + unitWidth - last.width <= limit() + 0.01) {
        current.push(...unit)
        width += unitWidth
        hanging = last.width
        flush(false)
        continue
      }
      if (current.length) flush(false)
      if (unitWidth <= limit() + 0.01) {
        current.push(...unit)
        width += unitWidth
        continue
      }
      // Wider than a line on its own: cut it character by character.
      for (const piece of unit) {
        if (current.length && width + piece.width > limit() + 0.01) flush(false)
        current.push(piece)
        width += piece.width
      }
    }
    // A line closed by a hanging mark may have ended the segment; an empty segment still makes a line.
    if (current.length || lines.length === firstLine) flush(true)
  })
  return lines
}

/** Pieces split at "\n"; an empty segment still makes an (empty) line. */
function splitOnBreaks<T extends Piece>(pieces: T[]): T[][] {
  const segments: T[][] = [[]]
  for (const piece of pieces) {
    if (piece.ch === '\n') segments.push([])
    else segments[segments.length - 1].push(piece)
  }
  return segments
}

/**
 * Groups pieces that must stay on one line: a word of digits and Latin letters (with the points and
 * percent signs inside it), a closing mark with the character before it, an opening mark with the
 * character after it.
 */
function unitsOf<T extends Piece>(pieces: T[]): T[][] {
  const units: T[][] = []
  let joinNext = false
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]
    const previous = pieces[i - 1]
    const last = units[units.length - 1]
    const continuesWord =
      previous !== undefined &&
      wordChar.test(piece.ch) &&
      (wordChar.test(previous.ch) || (/[.,]/.test(previous.ch) && wordChar.test(pieces[i - 2]?.ch ?? '')))
    if (last && (joinNext || noLineStart.has(piece.ch) || continuesWord)) last.push(piece)
    else units.push([piece])
    joinNext = noLineEnd.has(piece.ch)
  }
  return units
}

function sum(pieces: Piece[]): number {
  return pieces.reduce((total, piece) => total + piece.width, 0)
}

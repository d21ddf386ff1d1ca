/**
 * Finding a returned draft's changes and comments in the draft as it is now (pure; run in a worker
 * thread with the parse). The draft may have moved on since the version that was sent, so each is
 * found by its words, never by its offsets alone:
 * 1. its paragraph: the live paragraph equal to the one sent, else the most alike by character
 *    pairs (near where it was), else where diff-match-patch's fuzzy match_main finds the words
 *    around the change in the whole text;
 * 2. its place inside it: the offsets mapped through a character diff of the paragraph as sent
 *    against the paragraph now, or, when the diff aligned the words elsewhere, where match_main
 *    finds them near that place.
 * A change whose words were edited since is not placed: it is reported, never guessed.
 */
import DiffMatchPatch from 'diff-match-patch'
import { textLimits } from '../../shared/text-limits.js'
import type { ReturnedChangeKind, UnplacedChange, UnplacedReason } from '../../shared/schema.js'
import type { ReturnedDocx, SentPosition, WordChange, WordComment } from '../import/word-revisions.js'

/** A position in the draft now: character `offset` of its `segment`-th text (paragraphs' texts in document order). */
export interface LivePosition {
  segment: number
  offset: number
}

export type Placed =
  | {
      kind: 'suggestion'
      /** Index into ReturnedDocx.changes. */
      change: number
      segment: number
      from: number
      to: number
      /** The words covered now (those the change deletes). */
      quote: string
      insert: string
      author: string
    }
  | {
      kind: 'comment'
      /** Index into ReturnedDocx.comments. */
      comment: number
      start: LivePosition
      end: LivePosition
    }

export interface Placement {
  placed: Placed[]
  unplaced: UnplacedChange[]
}

const dmp = new DiffMatchPatch()
// A paragraph's diff is small; a pathological one gives up early with a coarser (still correct) diff.
dmp.Diff_Timeout = 0.2
// match_main: a near match close to where the words were beats a better one far away.
dmp.Match_Threshold = 0.35
dmp.Match_Distance = 400

/** How alike two paragraphs must be (Dice coefficient of character pairs) to be taken for one another. */
const minimumLikeness = 0.5
/** match_main takes at most this many characters (the bit width of its bitap search). */
const probeChars = 32

type Diff = [number, string][]

function pairs(text: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (let i = 0; i + 1 < text.length; i++) {
    const pair = text.slice(i, i + 2)
    counts.set(pair, (counts.get(pair) ?? 0) + 1)
  }
  if (text.length === 1) counts.set(text, 1)
  return counts
}

function likeness(a: Map<string, number>, aSize: number, b: Map<string, number>, bSize: number): number {
  if (aSize + bSize === 0) return 0
  let shared = 0
  const [small, large] = a.size < b.size ? [a, b] : [b, a]
  for (const [pair, n] of small) shared += Math.min(n, large.get(pair) ?? 0)
  return (2 * shared) / (aSize + bSize)
}

/** The text of the live draft, joined, with where each segment starts in it. */
class LiveText {
  readonly joined: string
  readonly starts: number[] = []
  private readonly pairCounts: Map<string, number>[]
  private readonly pairSizes: number[]

  constructor(readonly segments: string[]) {
    let at = 0
    for (const segment of segments) {
      this.starts.push(at)
      at += segment.length + 1
    }
    this.joined = segments.join('\n')
    this.pairCounts = segments.map(pairs)
    this.pairSizes = segments.map((s) => Math.max(1, s.length - 1))
  }

  segmentAt(index: number): LivePosition {
    let low = 0
    let high = this.starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (this.starts[mid] <= index) low = mid
      else high = mid - 1
    }
    return { segment: low, offset: index - this.starts[low] }
  }

  /** The segment most like `text`, near `expected` among equals; null when none is alike enough. */
  mostLike(text: string, expected: number): number | null {
    let best: number | null = null
    let bestScore = -1
    const own = pairs(text)
    const size = Math.max(1, text.length - 1)
    for (let i = 0; i < this.segments.length; i++) {
      if (this.segments[i] === text) {
        // Exact: the nearest exact one wins outright.
        const score = 2 - Math.abs(i - expected) / (this.segments.length + 1)
        if (score > bestScore) [best, bestScore] = [i, score]
        continue
      }
      const alike = likeness(own, size, this.pairCounts[i], this.pairSizes[i])
      if (alike < minimumLikeness) continue
      const score = alike - (0.05 * Math.abs(i - expected)) / (this.segments.length + 1)
      if (score > bestScore) [best, bestScore] = [i, score]
    }
    return best
  }
}

/** Where each character of `sent` is in `live` (-1 where it was edited since). */
function characterMap(sent: string, live: string): Int32Array {
  const map = new Int32Array(sent.length).fill(-1)
  const diff = dmp.diff_main(sent, live) as Diff
  let i = 0
  let j = 0
  for (const [op, text] of diff) {
    if (op === 0) {
      for (let k = 0; k < text.length; k++) map[i + k] = j + k
      i += text.length
      j += text.length
    } else if (op === -1) i += text.length
    else j += text.length
  }
  return map
}

/** A range of the sent paragraph in the live one, when all its characters survive, contiguous. */
function mapRange(map: Int32Array, from: number, to: number): [number, number] | null {
  if (to <= from) return null
  const start = map[from]
  if (start < 0) return null
  for (let k = from + 1; k < to; k++) if (map[k] !== start + (k - from)) return null
  return [start, start + (to - from)]
}

/** A point of the sent paragraph in the live one, by the character before it or, failing that, after it. */
function mapPoint(map: Int32Array, at: number, sentLength: number, liveLength: number): number | null {
  if (sentLength === 0) return liveLength === 0 ? 0 : null
  if (at > 0 && map[at - 1] >= 0) return map[at - 1] + 1
  if (at < sentLength && map[at] >= 0) return map[at]
  return null
}

/**
 * match_main of `words` in `text` near `near`, with the context before it; the index where `words`
 * start there, only if they are there exactly.
 */
function fuzzyFind(text: string, before: string, words: string, near: number): number | null {
  if (words === '') return null
  const lead = before.slice(-Math.max(0, probeChars - words.length))
  const probe = (lead + words).slice(0, probeChars)
  const found = dmp.match_main(text, probe, Math.max(0, near - lead.length))
  if (found < 0) return null
  // The words themselves must be there, whole and unchanged.
  const start = text.indexOf(words, Math.max(0, found - 2))
  return start >= 0 && Math.abs(start - (found + lead.length)) <= 2 ? start : null
}

interface Located {
  segment: number
  map: Int32Array
}

class Placer {
  private readonly live: LiveText
  private readonly located = new Map<number, Located | null>()

  constructor(
    private readonly docx: ReturnedDocx,
    segments: string[],
  ) {
    this.live = new LiveText(segments)
  }

  private expectedSegment(paragraph: number): number {
    const sent = Math.max(1, this.docx.paragraphs.length - 1)
    return Math.round((paragraph / sent) * Math.max(0, this.live.segments.length - 1))
  }

  /** The live paragraph that the sent paragraph became, by its own words. */
  paragraph(paragraph: number): Located | null {
    if (this.located.has(paragraph)) return this.located.get(paragraph)!
    const sent = this.docx.paragraphs[paragraph] ?? ''
    const segment = this.live.mostLike(sent, this.expectedSegment(paragraph))
    const found = segment === null ? null : { segment, map: characterMap(sent, this.live.segments[segment]) }
    this.located.set(paragraph, found)
    return found
  }

  /** The live paragraph where match_main finds the words around a change, when the paragraph as a whole changed too much. */
  private byContext(paragraph: number, before: string, words: string, after: string): Located | null {
    const probe = (before.slice(-12) + words + after.slice(0, 12)).slice(0, probeChars)
    if (probe.length < 8) return null
    const expected = this.live.starts[this.expectedSegment(paragraph)] ?? 0
    const saved = dmp.Match_Distance
    // Anywhere in the draft, but near where it was.
    dmp.Match_Distance = Math.max(1000, this.live.joined.length)
    const found = dmp.match_main(this.live.joined, probe, expected)
    dmp.Match_Distance = saved
    if (found < 0) return null
    const { segment } = this.live.segmentAt(found)
    return { segment, map: characterMap(this.docx.paragraphs[paragraph] ?? '', this.live.segments[segment]) }
  }

  /** A range's place in the live draft: where its words are now, unchanged. */
  range(
    paragraph: number,
    from: number,
    to: number,
    context: { before: string; after: string },
  ): LivePosition & { to: number } {
    const sent = this.docx.paragraphs[paragraph] ?? ''
    const words = sent.slice(from, to)
    let seen = false
    // The paragraph by its own words first; where match_main finds the words around the change, only if that fails.
    for (const find of [
      () => this.paragraph(paragraph),
      () => this.byContext(paragraph, context.before, words, context.after),
    ]) {
      const located = find()
      if (!located) continue
      seen = true
      const text = this.live.segments[located.segment]
      const mapped = mapRange(located.map, from, to)
      if (mapped) return { segment: located.segment, offset: mapped[0], to: mapped[1] }
      const near = located.map[from] >= 0 ? located.map[from] : nearestMapped(located.map, from)
      const start = fuzzyFind(text, context.before, words, near)
      if (start !== null) return { segment: located.segment, offset: start, to: start + words.length }
    }
    throw new Unplaced(seen ? 'words_changed' : 'paragraph_not_found')
  }

  /** A point's place in the live draft: next to the same words as when it was sent. */
  point(paragraph: number, at: number, context: { before: string; after: string }): LivePosition {
    const sent = this.docx.paragraphs[paragraph] ?? ''
    const located = this.paragraph(paragraph) ?? this.byContext(paragraph, context.before, '', context.after)
    if (!located) throw new Unplaced('paragraph_not_found')
    const text = this.live.segments[located.segment]
    const mapped = mapPoint(located.map, at, sent.length, text.length)
    if (mapped !== null) return { segment: located.segment, offset: mapped }
    throw new Unplaced('words_changed')
  }
}

function nearestMapped(map: Int32Array, index: number): number {
  for (let d = 1; d < map.length; d++) {
    if (index - d >= 0 && map[index - d] >= 0) return map[index - d] + d
    if (index + d < map.length && map[index + d] >= 0) return Math.max(0, map[index + d] - d)
  }
  return 0
}

class Unplaced extends Error {
  constructor(readonly reason: UnplacedReason) {
    super(reason)
  }
}

const tooLong = (text: string, max: number) => [...text].length > max

function unplacedChange(change: WordChange, reason: UnplacedReason): UnplacedChange {
  return {
    kind: change.kind as ReturnedChangeKind,
    reason,
    before: change.before,
    after: change.after,
    deleted: change.deleted,
    inserted: change.inserted,
    author: change.author,
    date: change.date,
  }
}

function unplacedComment(comment: WordComment, reason: UnplacedReason): UnplacedChange {
  return {
    kind: 'comment',
    reason,
    before: comment.before,
    after: comment.after,
    deleted: comment.quote,
    inserted: comment.text,
    author: comment.author,
    date: comment.date,
  }
}

/** The changes and comments of a returned draft placed in the live draft's texts, and those that could not be. */
export function placeReturnedDraft(docx: ReturnedDocx, segments: string[]): Placement {
  const placer = new Placer(docx, segments)
  const placed: Placed[] = []
  const unplaced: UnplacedChange[] = []
  docx.changes.forEach((change, index) => {
    try {
      if (change.kind === 'paragraph_merge' || change.kind === 'spans_paragraphs') throw new Unplaced('unsupported')
      if (tooLong(change.inserted, textLimits.suggestion.max)) throw new Unplaced('too_long')
      const context = { before: change.before, after: change.after }
      if (change.kind === 'insertion') {
        const at = placer.point(change.paragraph, change.from, context)
        placed.push({
          kind: 'suggestion',
          change: index,
          segment: at.segment,
          from: at.offset,
          to: at.offset,
          quote: '',
          insert: change.inserted,
          author: change.author,
        })
      } else {
        const at = placer.range(change.paragraph, change.from, change.to, context)
        placed.push({
          kind: 'suggestion',
          change: index,
          segment: at.segment,
          from: at.offset,
          to: at.to,
          quote: segments[at.segment].slice(at.offset, at.to),
          insert: change.inserted,
          author: change.author,
        })
      }
    } catch (error) {
      if (!(error instanceof Unplaced)) throw error
      unplaced.push(unplacedChange(change, error.reason))
    }
  })
  docx.comments.forEach((comment, index) => {
    try {
      if (comment.text.trim() === '') throw new Unplaced('empty')
      if (tooLong(comment.text, textLimits.comment.max)) throw new Unplaced('too_long')
      if (!comment.start || !comment.end) throw new Unplaced('no_anchor')
      const { start, end } = placeComment(placer, docx, comment.start, comment.end, comment)
      placed.push({ kind: 'comment', comment: index, start, end })
    } catch (error) {
      if (!(error instanceof Unplaced)) throw error
      unplaced.push(unplacedComment(comment, error.reason))
    }
  })
  return { placed, unplaced }
}

/**
 * A comment's words in the live draft. Within one paragraph they must survive as words; over
 * several, each end is placed on its own. A comment on a point covers the character before it
 * (or after it, at a paragraph's start): a thread is always on words.
 */
function placeComment(
  placer: Placer,
  docx: ReturnedDocx,
  start: SentPosition,
  end: SentPosition,
  comment: WordComment,
): { start: LivePosition; end: LivePosition } {
  const context = { before: comment.before, after: comment.after }
  if (start.paragraph === end.paragraph) {
    let { offset: from } = start
    let to = end.offset
    if (to <= from) {
      const length = docx.paragraphs[start.paragraph]?.length ?? 0
      if (length === 0) throw new Unplaced('no_anchor')
      from = from > 0 ? from - 1 : 0
      to = from + 1
    }
    const at = placer.range(start.paragraph, from, to, context)
    return { start: { segment: at.segment, offset: at.offset }, end: { segment: at.segment, offset: at.to } }
  }
  const first = placer.point(start.paragraph, start.offset, { before: comment.before, after: '' })
  const last = placer.point(end.paragraph, end.offset, { before: '', after: comment.after })
  if (last.segment < first.segment || (last.segment === first.segment && last.offset <= first.offset))
    throw new Unplaced('words_changed')
  return { start: first, end: last }
}

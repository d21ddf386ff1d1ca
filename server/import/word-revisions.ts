/**
 * A returned draft (修订稿): a .docx that went out for 征求意见 and came back with Word's revision
 * marks (修订: w:ins, w:del, w:moveFrom / w:moveTo) and comments (批注). Read here, purely, into the
 * text as it was sent — every run outside an insertion, with the deleted words back in — and the
 * changes and comments as offsets into that text, each with the words around it, so that
 * server/domain/returned-draft.ts can find them again in a draft that may have moved on since.
 *
 * Offsets count UTF-16 code units, as Yjs and JavaScript strings do. A line break (w:br) ends a
 * "paragraph" here as the paragraph mark does: the editor keeps the text on either side of a hard
 * break apart too. Formatting-only revisions (w:rPrChange, w:pPrChange, …) are counted, not read.
 */
import {
  attr,
  descendants,
  openDocx,
  W,
  wAttr,
  wChildren,
  type ArchiveLimits,
  type DocxArchive,
  type XmlElement,
} from './docx-archive.js'

/** Where a change or a comment lies: character `offset` of paragraph `paragraph` of the text as sent. */
export interface SentPosition {
  paragraph: number
  offset: number
}

/**
 * What a change does, as the editor's suggestions can hold it (insertion, deletion, replacement:
 * a deletion next to an insertion by the same person), or as they cannot: a deleted paragraph mark
 * that joins two paragraphs, or a change whose deleted words run over a paragraph's end.
 */
export type WordChangeKind = 'insertion' | 'deletion' | 'replacement' | 'paragraph_merge' | 'spans_paragraphs'

export interface WordChange {
  kind: WordChangeKind
  /** Where the deleted words start (or where the insertion goes), in the text as sent. */
  paragraph: number
  from: number
  /** Where the deleted words end in paragraph `paragraph` (from === to for an insertion). */
  to: number
  /** The words deleted ("\n" between paragraphs for the kinds the editor cannot hold). */
  deleted: string
  /** The words inserted; "\n" starts a new paragraph. */
  inserted: string
  /** w:author ('' when Word wrote none). */
  author: string
  /** w:date as written, or null. */
  date: string | null
  /** Moved text (w:moveFrom / w:moveTo) rather than typed or deleted. */
  moved: boolean
  /** Up to `contextChars` characters of the paragraph before and after the change, as sent. */
  before: string
  after: string
}

/** A reply to a comment (Word 2013+, word/commentsExtended.xml). */
export interface WordCommentReply {
  text: string
  author: string
  initials: string
  date: string | null
}

export interface WordComment {
  /** w:id in word/comments.xml. */
  id: string
  text: string
  author: string
  initials: string
  date: string | null
  /** The commented words in the text as sent: start and end (exclusive); null when the document never marks where. */
  start: SentPosition | null
  end: SentPosition | null
  /** The words the comment covers, paragraphs joined by "\n" ('' when it marks a point). */
  quote: string
  before: string
  after: string
  replies: WordCommentReply[]
}

export interface ReturnedDocx {
  /** The text as it was sent, one entry per paragraph (or line between hard breaks), tables' cells included. */
  paragraphs: string[]
  /** In document order. */
  changes: WordChange[]
  /** In the order of word/comments.xml, replies folded into their comment. */
  comments: WordComment[]
  /** Formatting-only revisions (w:rPrChange, w:pPrChange, w:sectPrChange, table property changes), not imported. */
  formattingChanges: number
}

/** Characters of context kept on each side of a change or comment. */
export const contextChars = 24

const W14 = 'http://schemas.microsoft.com/office/word/2010/wordml'
const W15 = 'http://schemas.microsoft.com/office/word/2012/wordml'
const commentsPart = 'word/comments.xml'
/** Word 2013's threads: which comment answers which. */
const commentsExtendedPart = 'word/commentsExtended.xml'

type Status = 'kept' | 'inserted' | 'deleted'

interface Revision {
  author: string
  date: string | null
  moved: boolean
}

/** One character of the document as returned: kept, inserted or deleted; "\n" ends a paragraph or line. */
interface Unit {
  char: string
  status: Status
  revision: Revision | null
}

interface Marker {
  /** Index into units: the marker stands before units[at]. */
  at: number
  id: string
  edge: 'start' | 'end' | 'reference'
}

const formatChangeNames = new Set([
  'rPrChange',
  'pPrChange',
  'sectPrChange',
  'tblPrChange',
  'tblPrExChange',
  'trPrChange',
  'tcPrChange',
  'tblGridChange',
  'numberingChange',
])

/** Elements whose content is not the document's running text. */
const skippedNames = new Set([
  'pPr',
  'rPr',
  'sectPr',
  'tblPr',
  'tblGrid',
  'trPr',
  'tcPr',
  'instrText',
  'delInstrText',
  'footnoteReference',
  'endnoteReference',
  'drawing',
  'pict',
  'object',
])

class Walker {
  readonly units: Unit[] = []
  readonly markers: Marker[] = []
  formattingChanges = 0
  /** Inside a complex field's instructions (between fldChar begin and separate). */
  private fieldDepth = 0
  private readonly fieldHasResult: boolean[] = []

  /** Counts the formatting revisions among an element's descendants (they are not text). */
  countFormatting(element: XmlElement): void {
    for (const below of descendants(element, W)) if (formatChangeNames.has(below.name)) this.formattingChanges++
  }

  private block(element: XmlElement): void {
    for (const child of wChildren(element)) this.blockChild(child)
  }

  /** A w: child of the body, of a table cell or of a block-level wrapper. */
  blockChild(child: XmlElement): void {
    switch (child.name) {
      case 'p':
        this.paragraph(child)
        break
      case 'tbl':
        this.table(child)
        break
      case 'sdt': {
        const content = wChildren(child, 'sdtContent')[0]
        if (content) this.block(content)
        break
      }
      case 'customXml':
      case 'ins':
      case 'del':
      case 'moveFrom':
      case 'moveTo':
        // Block-level wrappers: their paragraphs carry their own marks.
        this.block(child)
        break
      case 'sectPr':
        this.countFormatting(child)
        break
      default:
        this.inline(child, null)
    }
  }

  /** A table: the paragraphs of its cells, row by row; its properties' revisions counted. */
  private table(table: XmlElement): void {
    for (const part of wChildren(table)) {
      if (part.name !== 'tr') {
        this.countFormatting(part)
        continue
      }
      for (const cell of wChildren(part)) {
        if (cell.name === 'tc') this.block(cell)
        else this.countFormatting(cell)
      }
    }
  }

  private paragraph(p: XmlElement): void {
    const pPr = wChildren(p, 'pPr')[0]
    if (pPr) this.countFormatting(pPr)
    for (const child of wChildren(p)) if (child.name !== 'pPr') this.inline(child, null)
    // The paragraph mark: inserted or deleted when its run properties say so.
    const markProps = pPr ? wChildren(pPr, 'rPr')[0] : undefined
    const mark = markProps ? this.revisionOf(markProps) : null
    this.units.push({ char: '\n', status: mark?.status ?? 'kept', revision: mark?.revision ?? null })
  }

  /** A paragraph mark's or table row's revision, from w:ins / w:del / w:moveFrom / w:moveTo among `props`' children. */
  private revisionOf(props: XmlElement): { status: Status; revision: Revision } | null {
    for (const child of wChildren(props)) {
      const status = statusOf(child.name)
      if (status) return { status, revision: revisionFrom(child) }
    }
    return null
  }

  /** A run-level element inside a paragraph; `within` is the revision around it. */
  private inline(element: XmlElement, within: { status: Status; revision: Revision } | null): void {
    const name = element.name
    const status = statusOf(name)
    if (status) {
      // Text inserted and then deleted again was never sent and is not returned: nothing.
      if (within && within.status !== status) return
      const here = { status, revision: revisionFrom(element) }
      for (const child of wChildren(element)) this.inline(child, here)
      return
    }
    if (formatChangeNames.has(name)) {
      this.formattingChanges++
      return
    }
    switch (name) {
      case 'r':
        this.run(element, within)
        return
      case 'commentRangeStart':
      case 'commentRangeEnd':
        this.marker(element, name === 'commentRangeStart' ? 'start' : 'end')
        return
      case 'hyperlink':
      case 'smartTag':
      case 'customXml':
      case 'fldSimple':
      case 'dir':
      case 'bdo':
        for (const child of wChildren(element)) this.inline(child, within)
        return
      case 'sdt': {
        const content = wChildren(element, 'sdtContent')[0]
        if (content) for (const child of wChildren(content)) this.inline(child, within)
        return
      }
      default:
        // Bookmarks, proofing marks, move ranges, math: no running text.
        if (skippedNames.has(name)) this.countFormatting(element)
    }
  }

  private marker(element: XmlElement, edge: Marker['edge']): void {
    const id = wAttr(element, 'id')
    if (id !== null) this.markers.push({ at: this.units.length, id, edge })
  }

  private run(r: XmlElement, within: { status: Status; revision: Revision } | null): void {
    const status = within?.status ?? 'kept'
    const revision = within?.revision ?? null
    const push = (text: string) => {
      for (const char of text) {
        // Code units, as offsets count them: a character outside the BMP is two.
        for (let i = 0; i < char.length; i++) this.units.push({ char: char[i], status, revision })
      }
    }
    for (const child of wChildren(r)) {
      const name = child.name
      if (formatChangeNames.has(name)) {
        this.formattingChanges++
        continue
      }
      if (name === 'rPr') {
        this.countFormatting(child)
        continue
      }
      if (name === 'fldChar') {
        const type = wAttr(child, 'fldCharType')
        if (type === 'begin') {
          this.fieldDepth++
          this.fieldHasResult.push(false)
        } else if (type === 'separate' && this.fieldHasResult.length > 0) {
          this.fieldHasResult[this.fieldHasResult.length - 1] = true
        } else if (type === 'end' && this.fieldDepth > 0) {
          this.fieldDepth--
          this.fieldHasResult.pop()
        }
        continue
      }
      // Between a field's begin and separate lie its instructions, not its shown result.
      if (this.fieldDepth > 0 && !this.fieldHasResult[this.fieldHasResult.length - 1]) continue
      switch (name) {
        case 't':
        case 'delText':
          push(child.text)
          break
        case 'tab':
        case 'ptab':
          push('\t')
          break
        case 'noBreakHyphen':
          push('\u2011')
          break
        case 'softHyphen':
          break
        case 'sym': {
          const code = wAttr(child, 'char')
          const value = code ? Number.parseInt(code, 16) : Number.NaN
          if (Number.isFinite(value) && value > 0) push(String.fromCodePoint(value >= 0xf000 ? value - 0xf000 : value))
          break
        }
        case 'br':
        case 'cr': {
          // A page or column break is layout; a line break separates text as a hard break does.
          const type = wAttr(child, 'type')
          if (type === 'page' || type === 'column') break
          this.units.push({ char: '\n', status, revision })
          break
        }
        case 'commentReference':
          this.marker(child, 'reference')
          break
        default:
          break
      }
    }
  }
}

function statusOf(name: string): Status | null {
  if (name === 'ins' || name === 'moveTo') return 'inserted'
  if (name === 'del' || name === 'moveFrom') return 'deleted'
  return null
}

function revisionFrom(element: XmlElement): Revision {
  const name = element.name
  return {
    author: (wAttr(element, 'author') ?? '').trim(),
    date: wAttr(element, 'date'),
    moved: name === 'moveFrom' || name === 'moveTo',
  }
}

/** Positions of the returned document's units in the text as sent. */
interface SentText {
  paragraphs: string[]
  /** For each unit index (and one past the end): the sent position before which it stands. */
  positions: SentPosition[]
}

function sentText(units: Unit[]): SentText {
  const paragraphs: string[] = []
  const positions: SentPosition[] = []
  let current = ''
  for (const unit of units) {
    positions.push({ paragraph: paragraphs.length, offset: current.length })
    if (unit.status === 'inserted') continue
    if (unit.char === '\n') {
      paragraphs.push(current)
      current = ''
    } else current += unit.char
  }
  positions.push({ paragraph: paragraphs.length, offset: current.length })
  // The body's last paragraph ends with its mark, so `current` is '' here unless the markup is odd.
  if (current !== '' || paragraphs.length === 0) paragraphs.push(current)
  return { paragraphs, positions }
}

const contextOf = (paragraphs: string[], start: SentPosition, end: SentPosition) => ({
  before: paragraphs[start.paragraph]?.slice(Math.max(0, start.offset - contextChars), start.offset) ?? '',
  after: paragraphs[end.paragraph]?.slice(end.offset, end.offset + contextChars) ?? '',
})

/** The changes: each stretch of consecutive inserted or deleted units by one author. */
function changesOf(units: Unit[], sent: SentText): WordChange[] {
  const changes: WordChange[] = []
  let i = 0
  while (i < units.length) {
    if (units[i].status === 'kept') {
      i++
      continue
    }
    const author = units[i].revision?.author ?? ''
    const start = i
    while (i < units.length && units[i].status !== 'kept' && (units[i].revision?.author ?? '') === author) i++
    changes.push(...changesFrom(units.slice(start, i), start, sent))
  }
  return changes
}

/** One author's consecutive inserted and deleted units, starting at unit `first`: as the editor can hold them. */
function changesFrom(stretch: Unit[], first: number, sent: SentText): WordChange[] {
  const { paragraphs, positions } = sent
  const deleted = stretch
    .filter((u) => u.status === 'deleted')
    .map((u) => u.char)
    .join('')
  const inserted = stretch
    .filter((u) => u.status === 'inserted')
    .map((u) => u.char)
    .join('')
  const dated = stretch.map((u) => u.revision?.date).find((d) => d) ?? null
  const moved = stretch.every((u) => u.revision?.moved)
  const start = positions[first]
  const end = positions[first + stretch.length]
  const base = { author: stretch[0].revision?.author ?? '', date: dated, moved }
  const change = (
    fields: Omit<WordChange, 'author' | 'date' | 'moved' | 'before' | 'after'>,
    at = start,
    to = end,
  ) => ({
    ...fields,
    ...base,
    ...contextOf(paragraphs, at, to),
  })

  if (!deleted.includes('\n')) {
    const kind: WordChangeKind = deleted === '' ? 'insertion' : inserted === '' ? 'deletion' : 'replacement'
    // A new paragraph typed before this one ("…\n" at its start) is the previous one's continuation:
    // it takes that paragraph's kind, as pressing Enter at its end would.
    if (kind === 'insertion' && start.offset === 0 && start.paragraph > 0 && inserted.endsWith('\n')) {
      const previous = start.paragraph - 1
      const at = { paragraph: previous, offset: paragraphs[previous].length }
      return [
        change(
          {
            kind,
            paragraph: previous,
            from: at.offset,
            to: at.offset,
            deleted,
            inserted: `\n${inserted.slice(0, -1)}`,
          },
          at,
          at,
        ),
      ]
    }
    return [change({ kind, paragraph: start.paragraph, from: start.offset, to: end.offset, deleted, inserted })]
  }
  if (inserted !== '') {
    // Words replaced across a paragraph's end: no one suggestion holds that.
    return [
      change({
        kind: 'spans_paragraphs',
        paragraph: start.paragraph,
        from: start.offset,
        to: start.offset,
        deleted,
        inserted,
      }),
    ]
  }
  // A deletion over paragraph ends: the words of each paragraph, and any mark whose deletion joins
  // two paragraphs that keep words (a mark next to a wholly deleted paragraph goes with it).
  const out: WordChange[] = []
  const pieces = deleted.split('\n')
  for (let k = 0; k < pieces.length; k++) {
    const paragraph = start.paragraph + k
    const from = k === 0 ? start.offset : 0
    const to = from + pieces[k].length
    if (pieces[k] !== '')
      out.push(
        change(
          { kind: 'deletion', paragraph, from, to, deleted: pieces[k], inserted: '' },
          { paragraph, offset: from },
          { paragraph, offset: to },
        ),
      )
    if (k === pieces.length - 1) break
    const whole = (p: number, piece: string) => (paragraphs[p] ?? '') === piece
    const keepsBefore = !whole(paragraph, pieces[k]) || (k === 0 && start.offset > 0)
    const keepsAfter = !whole(paragraph + 1, pieces[k + 1])
    if (keepsBefore && keepsAfter) {
      const at = { paragraph, offset: (paragraphs[paragraph] ?? '').length }
      out.push(
        change(
          { kind: 'paragraph_merge', paragraph, from: at.offset, to: at.offset, deleted: '\n', inserted: '' },
          at,
          at,
        ),
      )
    }
  }
  return out
}

/** The words between two sent positions, paragraphs joined by "\n". */
function wordsBetween(paragraphs: string[], start: SentPosition, end: SentPosition): string {
  if (start.paragraph === end.paragraph) return paragraphs[start.paragraph]?.slice(start.offset, end.offset) ?? ''
  const parts = [paragraphs[start.paragraph]?.slice(start.offset) ?? '']
  for (let p = start.paragraph + 1; p < end.paragraph; p++) parts.push(paragraphs[p] ?? '')
  parts.push(paragraphs[end.paragraph]?.slice(0, end.offset) ?? '')
  return parts.join('\n')
}

const textOfComment = (comment: XmlElement): string =>
  wChildren(comment, 'p')
    .map((p) =>
      descendants(p, W, 't')
        .map((t) => t.text)
        .join(''),
    )
    .join('\n')
    .trim()

/** The comments of word/comments.xml, placed by the markers of the document and threaded by commentsExtended.xml. */
function commentsOf(archive: DocxArchive, markers: Marker[], sent: SentText): WordComment[] {
  const root = archive.xml(commentsPart)
  if (!root) return []
  const parentOf = new Map<string, string>()
  const extended = archive.xml(commentsExtendedPart)
  if (extended) {
    for (const entry of descendants(extended, W15, 'commentEx')) {
      const parent = attr(entry, W15, 'paraIdParent')
      const own = attr(entry, W15, 'paraId')
      if (own && parent) parentOf.set(own, parent)
    }
  }
  const at = (edge: Marker['edge'], id: string) => markers.find((m) => m.id === id && m.edge === edge)?.at
  const comments: WordComment[] = []
  const byParaId = new Map<string, WordComment>()
  const replies: { paraId: string; comment: WordComment }[] = []
  for (const element of wChildren(root, 'comment')) {
    const id = wAttr(element, 'id') ?? ''
    const startAt = at('start', id) ?? at('reference', id)
    const endAt = at('end', id) ?? at('reference', id) ?? startAt
    const start = startAt === undefined ? null : sent.positions[startAt]
    const end = endAt === undefined ? null : sent.positions[endAt]
    const comment: WordComment = {
      id,
      text: textOfComment(element),
      author: (wAttr(element, 'author') ?? '').trim(),
      initials: (wAttr(element, 'initials') ?? '').trim(),
      date: wAttr(element, 'date'),
      start,
      end,
      quote: start && end ? wordsBetween(sent.paragraphs, start, end) : '',
      ...(start && end ? contextOf(sent.paragraphs, start, end) : { before: '', after: '' }),
      replies: [],
    }
    // The last paragraph's w14:paraId names the comment in commentsExtended.xml.
    const paragraphs = wChildren(element, 'p')
    const last = paragraphs.at(-1)
    const paraId = (last && attr(last, W14, 'paraId')) ?? ''
    if (paraId) byParaId.set(paraId, comment)
    if (paraId && parentOf.has(paraId)) replies.push({ paraId, comment })
    else comments.push(comment)
  }
  for (const { paraId, comment } of replies) {
    const parent = byParaId.get(parentOf.get(paraId)!)
    if (parent && parent !== comment && comments.includes(parent)) {
      parent.replies.push({
        text: comment.text,
        author: comment.author,
        initials: comment.initials,
        date: comment.date,
      })
    } else comments.push(comment)
  }
  return comments
}

/**
 * Reads a returned draft's revisions and comments. Throws ImportError for what is no readable .docx.
 * The body is read as it is inflated and parsed, one paragraph or table at a time (docx-archive.ts).
 */
export function readReturnedDocx(bytes: Uint8Array, limits?: ArchiveLimits): ReturnedDocx {
  const archive = openDocx(bytes, [commentsPart, commentsExtendedPart], limits)
  const walker = new Walker()
  archive.readBody((block) => {
    if (block.ns === W) walker.blockChild(block)
  })
  const sent = sentText(walker.units)
  return {
    paragraphs: sent.paragraphs,
    changes: changesOf(walker.units, sent),
    comments: commentsOf(archive, walker.markers, sent),
    formattingChanges: walker.formattingChanges,
  }
}

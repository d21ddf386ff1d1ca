/**
 * The redline (修订对照稿): a DOCX of the later version in which every difference from the earlier
 * one is a real Word revision (w:ins / w:del) by the group, so reviewers can walk through the
 * changes with Word's or WPS's Review pane and accept or reject them. Laid out like the export
 * itself; its header says which versions it compares, so it is never taken for an issued text.
 */
import {
  DeletedTextRun,
  Document,
  InsertedTextRun,
  TextRun as WordRun,
  type IRunOptions,
  type ParagraphChild,
} from 'docx'
import { paragraphDifferences, type Change } from './differences.js'
import { packDocument, versionProperties } from './docx-package.js'
import {
  defaultFontNames,
  offGridRewrites,
  officialSection,
  officialStyles,
  pageParagraphs,
  wordParagraph,
  wordRuns,
  type FontNames,
  type PageParagraph,
} from './docx-page.js'
import { ExportError } from './export-error.js'
import { revisionTimestamp } from './revisions.js'
import { exportText, type TextRun } from './export-text.js'
import type { ExportSource } from './export-source.js'

export interface RedlineRequest {
  earlier: ExportSource
  later: ExportSource
  /** Whom the revisions are attributed to: the research group's name. */
  author: string
  /** When the revisions were made, usually the later version's date. */
  date: Date | string
  fontNames?: Partial<FontNames>
}

/** The redline's bytes; throws ExportError for a malformed source or an empty author. */
export async function exportRedline(request: RedlineRequest): Promise<Uint8Array> {
  if (!request.author.trim()) throw new ExportError('export_invalid_source', 'author: must not be empty')
  const revisionDate = revisionTimestamp(request.date)
  const earlier = exportText(request.earlier)
  const later = exportText(request.later)
  const header = `修订对照稿（第${request.earlier.versionNumber}版→第${request.later.versionNumber}版）`
  const revisions = new RevisionMarks(request.author.trim(), revisionDate)

  const changes = paragraphDifferences(
    pageParagraphs(earlier),
    pageParagraphs(later),
    paragraphKey,
    paragraphText,
    (p) => p.style,
  )
  const children = changes.map((change) => {
    switch (change.kind) {
      case 'same':
        return wordParagraph(change.later, wordRuns(change.later.runs))
      case 'inserted':
        return revisions.paragraph(change.later, revisions.inserted(change.later.runs), 'insertion')
      case 'deleted':
        return revisions.paragraph(change.earlier, revisions.deleted(change.earlier.runs), 'deletion')
      case 'changed':
        return wordParagraph(change.later, revisions.edited(change.earlier.runs, change.later.runs, change.changes))
    }
  })

  const properties = versionProperties(request.later, later.titleLines.join(''))
  const document = new Document({
    ...properties,
    customProperties: [
      ...(properties.customProperties ?? []).filter((property) => property.name !== 'JianyiMark'),
      { name: 'JianyiMark', value: 'redline' },
      { name: 'JianyiEarlierContentHash', value: request.earlier.contentHash },
      { name: 'JianyiEarlierVersionNumber', value: String(request.earlier.versionNumber) },
    ],
    styles: officialStyles({ ...defaultFontNames, ...request.fontNames }),
    evenAndOddHeaderAndFooters: true,
    sections: [officialSection({ ...later, headerMark: header }, children)],
  })
  return packDocument(document, request.later, offGridRewrites)
}

const paragraphText = (paragraph: PageParagraph) => paragraph.runs.map((run) => run.text).join('')
const paragraphKey = (paragraph: PageParagraph) => `${paragraph.style}\u0000${paragraphText(paragraph)}`

/** Makes revision-marked runs with ids unique within the document. */
class RevisionMarks {
  private nextId = 1

  constructor(
    private readonly author: string,
    private readonly date: string,
  ) {}

  private stamp() {
    return { id: this.nextId++, author: this.author, date: this.date }
  }

  inserted(runs: TextRun[]): ParagraphChild[] {
    return wordRuns(runs, (options: IRunOptions) => new InsertedTextRun({ ...options, ...this.stamp() }))
  }

  deleted(runs: TextRun[]): ParagraphChild[] {
    return wordRuns(runs, (options: IRunOptions) => new DeletedTextRun({ ...options, ...this.stamp() }))
  }

  /** A whole paragraph added or removed: its mark is revised too, so rejecting the change removes or restores it whole. */
  paragraph(paragraph: PageParagraph, children: ParagraphChild[], kind: 'insertion' | 'deletion') {
    return wordParagraph(paragraph, children, { [kind]: this.stamp() })
  }

  /** An edited paragraph: unchanged text plain, removed text as w:del, added text as w:ins, each keeping its formatting. */
  edited(earlierRuns: TextRun[], laterRuns: TextRun[], changes: Change[]): ParagraphChild[] {
    const children: ParagraphChild[] = []
    let inEarlier = 0
    let inLater = 0
    for (const change of changes) {
      const length = change.text.length
      if (change.op === 'equal') {
        children.push(...wordRuns(sliceRuns(laterRuns, inLater, inLater + length), (options) => new WordRun(options)))
        inEarlier += length
        inLater += length
      } else if (change.op === 'delete') {
        children.push(...this.deleted(sliceRuns(earlierRuns, inEarlier, inEarlier + length)))
        inEarlier += length
      } else {
        children.push(...this.inserted(sliceRuns(laterRuns, inLater, inLater + length)))
        inLater += length
      }
    }
    return children
  }
}

/** The part of `runs` between two offsets (UTF-16 units) of their joined text, with each run's formatting. */
function sliceRuns(runs: TextRun[], start: number, end: number): TextRun[] {
  const slice: TextRun[] = []
  let offset = 0
  for (const run of runs) {
    const from = Math.max(start, offset)
    const to = Math.min(end, offset + run.text.length)
    if (from < to) slice.push({ ...run, text: run.text.slice(from - offset, to - offset) })
    offset += run.text.length
  }
  return slice
}

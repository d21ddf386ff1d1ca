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
  type Paragraph,
  type ParagraphChild,
} from 'docx'
import { paragraphDifferences, type Change, type ParagraphChange } from './differences.js'
import { packDocument, versionProperties } from './docx-package.js'
import {
  cellParagraph,
  cellRuns,
  defaultFontNames,
  isPageTable,
  offGridRewrites,
  officialSection,
  officialStyles,
  pageParagraphs,
  wordParagraph,
  wordRuns,
  wordTable,
  type FontNames,
  type PageItem,
  type PageParagraph,
} from './docx-page.js'
import { ExportError } from './export-error.js'
import { revisionTimestamp } from './revisions.js'
import {
  blockText,
  exportText,
  type TableBlock,
  type TableCellBlock,
  type TableRowBlock,
  type TextBlock,
  type TextRun,
} from './export-text.js'
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
    if (change.kind === 'deleted' ? isPageTable(change.earlier) : isPageTable(change.later)) {
      return revisions.table(change as ParagraphChange<PageItem>)
    }
    const paragraph = change as ParagraphChange<PageParagraph>
    switch (paragraph.kind) {
      case 'same':
        return wordParagraph(paragraph.later, wordRuns(paragraph.later.runs))
      case 'inserted':
        return revisions.paragraph(paragraph.later, revisions.inserted(paragraph.later.runs), 'insertion')
      case 'deleted':
        return revisions.paragraph(paragraph.earlier, revisions.deleted(paragraph.earlier.runs), 'deletion')
      case 'changed':
        return wordParagraph(
          paragraph.later,
          revisions.edited(paragraph.earlier.runs, paragraph.later.runs, paragraph.changes),
        )
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

/** A table compares as its text, row by row and cell by cell: a changed table pairs with its earlier self. */
const paragraphText = (item: PageItem) =>
  isPageTable(item) ? blockText(item.table) : item.runs.map((run) => run.text).join('')
const paragraphKey = (item: PageItem) => `${item.style}\u0000${paragraphText(item)}`

const rowText = (row: TableRowBlock) => row.cells.map((cell) => cell.paragraphs.map(blockText).join('\n')).join('\t')

/** A row of the redline's table: where it comes from and how its cells are made. */
interface RedlineRow {
  row: TableRowBlock
  kind: 'same' | 'inserted' | 'deleted' | 'changed'
  /** The earlier row of a changed one, whose cells the later cells are compared with. */
  earlier?: TableRowBlock
}

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

  inserted(runs: TextRun[], base: Partial<IRunOptions> = {}): ParagraphChild[] {
    return wordRuns(runs, (options: IRunOptions) => new InsertedTextRun({ ...options, ...this.stamp() }), base)
  }

  deleted(runs: TextRun[], base: Partial<IRunOptions> = {}): ParagraphChild[] {
    return wordRuns(runs, (options: IRunOptions) => new DeletedTextRun({ ...options, ...this.stamp() }), base)
  }

  /**
   * A table in the redline: an added or removed table has every row marked inserted or deleted; a
   * changed one is the later table with its rows matched to the earlier ones (rows added and
   * removed marked as such) and each cell of a matched row compared with the earlier cell in the
   * same column, paragraph by paragraph, as body paragraphs are.
   */
  table(change: ParagraphChange<PageItem>) {
    const tableOf = (item: PageItem) => (item as { table: TableBlock }).table
    const rows: RedlineRow[] = []
    let table: TableBlock
    if (change.kind === 'deleted') {
      table = tableOf(change.earlier)
      rows.push(...table.rows.map((row) => ({ row, kind: 'deleted' as const })))
    } else if (change.kind === 'inserted' || change.kind === 'same') {
      table = tableOf(change.later)
      rows.push(...table.rows.map((row) => ({ row, kind: change.kind })))
    } else {
      table = tableOf(change.later)
      const earlier = tableOf(change.earlier)
      // A row removed from a wider table keeps only the columns the later table has.
      const fit = (row: TableRowBlock) => ({ ...row, cells: row.cells.filter((cell) => cell.column < table.columns) })
      for (const rowChange of paragraphDifferences(earlier.rows.map(fit), table.rows, rowText, rowText)) {
        if (rowChange.kind === 'deleted') rows.push({ row: rowChange.earlier, kind: 'deleted' })
        else if (rowChange.kind === 'changed')
          rows.push({ row: rowChange.later, kind: 'changed', earlier: rowChange.earlier })
        else rows.push({ row: rowChange.later, kind: rowChange.kind })
      }
    }
    return wordTable(
      { ...table, rows: rows.map(({ row }) => row) },
      (cell, r, size) => this.cell(cell, rows[r], { size }),
      (r) =>
        rows[r].kind === 'inserted'
          ? { insertion: this.stamp() }
          : rows[r].kind === 'deleted'
            ? { deletion: this.stamp() }
            : {},
    )
  }

  private cell(cell: TableCellBlock, row: RedlineRow, base: Partial<IRunOptions>): Paragraph[] {
    const runs = (paragraph: TextBlock) => cellRuns(paragraph, cell)
    if (row.kind === 'same') return cell.paragraphs.map((p) => cellParagraph(cell, wordRuns(runs(p), undefined, base)))
    if (row.kind === 'inserted' || row.kind === 'deleted') {
      const kind = row.kind === 'inserted' ? 'insertion' : 'deletion'
      return cell.paragraphs.map((p) =>
        cellParagraph(cell, kind === 'insertion' ? this.inserted(runs(p), base) : this.deleted(runs(p), base), {
          [kind]: this.stamp(),
        }),
      )
    }
    const before = row.earlier?.cells.find((other) => other.column === cell.column)?.paragraphs ?? []
    const text = (p: TextBlock) =>
      cellRuns(p, cell)
        .map((run) => run.text)
        .join('')
    return paragraphDifferences(before, cell.paragraphs, text, text).map((change) => {
      switch (change.kind) {
        case 'same':
          return cellParagraph(cell, wordRuns(runs(change.later), undefined, base))
        case 'inserted':
          return cellParagraph(cell, this.inserted(runs(change.later), base), { insertion: this.stamp() })
        case 'deleted':
          return cellParagraph(cell, this.deleted(runs(change.earlier), base), { deletion: this.stamp() })
        case 'changed':
          return cellParagraph(cell, this.edited(runs(change.earlier), runs(change.later), change.changes, base))
      }
    })
  }

  /** A whole paragraph added or removed: its mark is revised too, so rejecting the change removes or restores it whole. */
  paragraph(paragraph: PageParagraph, children: ParagraphChild[], kind: 'insertion' | 'deletion') {
    return wordParagraph(paragraph, children, { [kind]: this.stamp() })
  }

  /** An edited paragraph: unchanged text plain, removed text as w:del, added text as w:ins, each keeping its formatting. */
  edited(
    earlierRuns: TextRun[],
    laterRuns: TextRun[],
    changes: Change[],
    base: Partial<IRunOptions> = {},
  ): ParagraphChild[] {
    const children: ParagraphChild[] = []
    let inEarlier = 0
    let inLater = 0
    for (const change of changes) {
      const length = change.text.length
      if (change.op === 'equal') {
        children.push(
          ...wordRuns(sliceRuns(laterRuns, inLater, inLater + length), (options) => new WordRun(options), base),
        )
        inEarlier += length
        inLater += length
      } else if (change.op === 'delete') {
        children.push(...this.deleted(sliceRuns(earlierRuns, inEarlier, inEarlier + length), base))
        inEarlier += length
      } else {
        children.push(...this.inserted(sliceRuns(laterRuns, inLater, inLater + length), base))
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

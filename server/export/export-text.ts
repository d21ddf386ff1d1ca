/**
 * The text of an export, decided once: every format (DOCX, PDF, Markdown, plain text) is built from
 * `exportText`, so the PDF a recipient reads carries exactly the words and numbers of the DOCX the
 * secretary files, down to the heading numbers and the date.
 */
import { defaultKind, kindPapers } from '../../shared/document-kinds.js'
import { meetingField } from '../../shared/editor/meeting-fields.js'
import { HeadingCounter, headingLevelOf, type HeadingLevel } from './heading-numbers.js'
import type { JsonNode } from '../../shared/editor/text.js'
import { checkExportSource, formatDocumentDate, markLabels, type ExportSource } from './export-source.js'
import { adoptionNoteLines, titleLines } from './centred-lines.js'
import { revisionMarks } from './revisions.js'

/** A stretch of text with one formatting. "\n" inside `text` is a line break within the paragraph. */
export interface TextRun {
  text: string
  bold?: boolean
  italic?: boolean
  underline?: boolean
  strike?: boolean
  /** The label of a 纪要 header line (时间：), set in 黑体 as GB/T 9704 10.3 sets 出席：. */
  label?: boolean
  /** A proposed change (修订) shown as a Word revision: words to insert or to delete, by whom and when. */
  revision?: Revision
}

export interface Revision {
  kind: 'insertion' | 'deletion'
  author: string
  /** xsd:dateTime without fractions, as Word writes revision dates. */
  date: string
}

/**
 * What a body paragraph is, which decides its typeface: 一、 黑体, （一） 楷体, the rest 仿宋; a
 * `field` is a line of a 纪要's header block (时间：…), its label in 黑体 and its value in 仿宋.
 */
export type BlockRole = 'heading1' | 'heading2' | 'heading3' | 'heading4' | 'body' | 'field'

export interface TextBlock {
  role: BlockRole
  /**
   * Printed before the runs in the block's own typeface: a heading number or a list marker; a
   * field's label with its colon (时间：), in 黑体.
   */
  prefix: string
  runs: TextRun[]
  /** Extra left indent in character cells (block quotes); every block also indents its first line by two. */
  indentCells: number
}

/** One cell of a table: its paragraphs (lists and quotes inside flattened, headings unnumbered). */
export interface TableCellBlock {
  /** Body paragraphs only: an empty cell has none. */
  paragraphs: TextBlock[]
  /** Its first column in the table's grid (0-based), counting the columns merged cells above and left take. */
  column: number
  colspan: number
  rowspan: number
  /** A header cell (TipTap's tableHeader): set bold and centred. */
  header: boolean
}

export interface TableRowBlock {
  cells: TableCellBlock[]
  /** Part of the header: every cell a header cell and every row above it one too; repeated on each page. */
  header: boolean
}

/**
 * A table (TipTap's TableKit: table > tableRow > tableCell | tableHeader > blocks). Its grid has
 * `columns` columns of `widths` (fractions of the 版心 width that add up to 1).
 */
export interface TableBlock {
  role: 'table'
  rows: TableRowBlock[]
  columns: number
  widths: number[]
}

/** What the body is made of: paragraphs, and tables. */
export type BodyBlock = TextBlock | TableBlock

export const isTable = (block: BodyBlock): block is TableBlock => block.role === 'table'

export interface ExportText {
  /** 草稿 / 征求意见稿 with the version number, or null for the approved text. */
  headerMark: string | null
  documentNumber: string | null
  titleLines: string[]
  /** 题注, broken like the title when it does not fit one line; empty when there is none. */
  adoptionNoteLines: string[]
  /** 主送机关 followed by a full-width colon. */
  recipients: string | null
  blocks: BodyBlock[]
  signature: string
  /** 成文日期, e.g. 2025年3月1日. */
  date: string
  /** Whether the paper closes with `signature` and `date` (not a 纪要, which is dated by its meeting). */
  signed: boolean
  /** 附件说明, one line per attachment, below the body (attachmentLines). */
  attachments: AttachmentLine[]
}

/**
 * One line of the 附件说明 (GB/T 9704 7.3.3): 正文下空一行, 左空二字, 附件 and a full-width colon,
 * then the name; several are numbered 1. 2. …, each name starting under the first one's, a name that
 * runs over a line continuing under its own first character, and no punctuation after a name.
 * `prefix` is what precedes the name on its first line (附件：1. or 2.); `offsetCells` how far that
 * first line starts right of the first line's start; `hangCells` where continuation lines start,
 * right of the same place.
 */
export interface AttachmentLine {
  prefix: string
  name: string
  offsetCells: number
  hangCells: number
}

const attachmentLabel = '附件：'

export function attachmentLines(names: readonly string[]): AttachmentLine[] {
  const cleaned = names
    .map((name) =>
      cleanText(name)
        .trim()
        .replace(/[。，、；：.,;:!！?？]+$/u, ''),
    )
    .filter(Boolean)
  const label = fieldCells(attachmentLabel)
  return cleaned.map((name, i) => {
    const number = cleaned.length > 1 ? `${i + 1}.` : ''
    return {
      prefix: (i === 0 ? attachmentLabel : '') + number,
      name,
      offsetCells: i === 0 ? 0 : label,
      hangCells: label + fieldCells(number),
    }
  })
}

/** The text of a version, laid out in reading order; throws ExportError for a malformed source. */
export function exportText(source: ExportSource): ExportText {
  checkExportSource(source)
  const paper = kindPapers[source.kind ?? defaultKind]
  const label = markLabels[source.mark]
  const recipients =
    paper.recipients && source.recipients
      ? cleanText(source.recipients)
          .trim()
          .replace(/[：:]$/, '')
      : ''
  const note = source.adoptionNote ? cleanText(source.adoptionNote).trim() : ''
  return {
    headerMark: label ? `${label}（第${source.versionNumber}版）` : null,
    documentNumber: cleanText(source.documentNumber ?? '').trim() || null,
    titleLines: titleLines(cleanText(source.title)),
    adoptionNoteLines: note ? adoptionNoteLines(note) : [],
    recipients: recipients ? `${recipients}：` : null,
    blocks: bodyBlocks(source.content, paper.meetingFields),
    signature: cleanText(source.signature).trim(),
    date: formatDocumentDate(source.date, source.timeZone),
    signed: paper.signed,
    attachments: attachmentLines(source.attachments ?? []),
  }
}

/**
 * Text as it can be printed: tabs become spaces; control characters and zero-width marks (pasted in
 * from other programs) are dropped, since no font draws them and the DOCX and PDF would disagree.
 */
function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return text.replace(/\t/g, ' ').replace(/[\u0000-\u0009\u000B-\u001F\u007F\u200B-\u200D\u2060\uFEFF]/g, '')
}

/**
 * A block's printed text: its prefix and runs; for a table, one line per row with its cells
 * separated by tabs (a cell's paragraphs joined by a space, so that a row stays one line).
 */
export function blockText(block: BodyBlock): string {
  if (isTable(block))
    return tableGrid(block, cellText)
      .map((row) => row.join('\t'))
      .join('\n')
  return block.prefix + block.runs.map((run) => run.text).join('')
}

/**
 * A table as a grid of strings, one per row and column: a cell's text stands in its first row and
 * column, the places a merged cell covers beyond that are empty, so the columns line up.
 */
export function tableGrid(table: TableBlock, textOf: (cell: TableCellBlock) => string): string[][] {
  return table.rows.map((row) => {
    const cells: string[] = new Array(table.columns).fill('')
    for (const cell of row.cells) cells[cell.column] = textOf(cell)
    return cells
  })
}

/** A cell's text on one line: its paragraphs joined by a space, line breaks within them too. */
export function cellText(cell: TableCellBlock): string {
  return cell.paragraphs.map((paragraph) => blockText(paragraph).replace(/\n/g, ' ')).join(' ')
}

/**
 * The document's paragraphs as a reader meets them, one string each: document number, title (its
 * lines joined), 题注, 主送, body, 署名, date. The header mark and page numbers are page furniture and
 * not part of it. This is what the PDF's extracted text is compared with.
 */
export function readingParagraphs(text: ExportText): string[] {
  return [
    ...(text.documentNumber ? [text.documentNumber] : []),
    text.titleLines.join(''),
    ...(text.adoptionNoteLines.length ? [text.adoptionNoteLines.join('')] : []),
    ...(text.recipients ? [text.recipients] : []),
    ...text.blocks.map(blockText),
    ...(text.signed ? [text.signature, text.date] : []),
  ]
}

interface Context {
  headings: HeadingCounter
  blocks: BodyBlock[]
  indentCells: number
  /** Markers of the enclosing lists, innermost last. */
  lists: { ordered: boolean; next: number }[]
  /** Inside a table cell: headings there are not sections (unnumbered, as the editor shows them). */
  inCell: boolean
}

function bodyBlocks(doc: JsonNode, meetingFields: boolean): BodyBlock[] {
  const context: Context = { headings: new HeadingCounter(), blocks: [], indentCells: 0, lists: [], inCell: false }
  const nodes = doc.content ?? []
  const fields = meetingFields ? fieldBlocks(nodes) : { blocks: [], count: 0 }
  context.blocks.push(...fields.blocks)
  for (const node of nodes.slice(fields.count)) visitBlock(node, context, '')
  return context.blocks
}

/**
 * A 纪要's header block: the top-level paragraphs it opens with (empty ones between them skipped)
 * that begin with a label and a colon (shared/editor/meeting-fields.ts), each a `field` block with
 * the label as its prefix and the rest as its runs; and how many nodes they took.
 */
function fieldBlocks(nodes: JsonNode[]): { blocks: TextBlock[]; count: number } {
  const blocks: TextBlock[] = []
  let count = 0
  for (const node of nodes) {
    if (node.type !== 'paragraph') break
    const runs = inlineRuns(node)
    const text = runs.map((run) => run.text).join('')
    if (!text.trim()) {
      count++
      continue
    }
    const field = meetingField(text)
    if (!field) break
    blocks.push({
      role: 'field',
      prefix: `${field.label}：`,
      runs: trimRuns(dropChars(runs, field.valueStart)),
      indentCells: 0,
    })
    count++
  }
  // Empty paragraphs after the block belong to the body, which skips them anyway.
  return { blocks, count: blocks.length ? count : 0 }
}

/** The runs without their first `n` characters (UTF-16 units, as the label's match counted them). */
function dropChars(runs: TextRun[], n: number): TextRun[] {
  const out: TextRun[] = []
  let left = n
  for (const run of runs) {
    if (left >= run.text.length) {
      left -= run.text.length
      continue
    }
    out.push({ ...run, text: run.text.slice(left) })
    left = 0
  }
  return out
}

/** `prefix` is a list marker still to be printed before the first paragraph of a list item. */
function visitBlock(node: JsonNode, context: Context, prefix: string): string {
  switch (node.type) {
    case 'heading': {
      const runs = inlineRuns(node)
      if (context.inCell) {
        // A heading in a cell is a cell's caption, not a section: printed bold, neither numbered nor counted.
        if (!hasText(runs) && !prefix) return prefix
        context.blocks.push({ role: 'body', prefix, runs: runs.map((run) => ({ ...run, bold: true })), indentCells: 0 })
        return ''
      }
      // The editor's own numbering (shared/editor/heading-numbers.ts), which also decides that an
      // empty heading is neither numbered nor printed.
      const number = context.headings.number(node.attrs?.level, runs.map((run) => run.text).join(''))
      if (number === null) return prefix
      const level: HeadingLevel = headingLevelOf(node)
      context.blocks.push({ role: `heading${level}`, prefix: prefix + number, runs, indentCells: context.indentCells })
      return ''
    }
    case 'paragraph': {
      const runs = inlineRuns(node)
      // Empty paragraphs are spacing typed in the editor; the standard's grid does the spacing here.
      if (!hasText(runs) && !prefix) return prefix
      context.blocks.push({ role: 'body', prefix, runs, indentCells: context.indentCells })
      return ''
    }
    case 'codeBlock': {
      const text = cleanText((node.content ?? []).map((child) => child.text ?? '').join(''))
      if (!text.trim() && !prefix) return prefix
      context.blocks.push({ role: 'body', prefix, runs: [{ text }], indentCells: context.indentCells })
      return ''
    }
    case 'blockquote': {
      context.indentCells += 2
      let pending = prefix
      for (const child of node.content ?? []) pending = visitBlock(child, context, pending)
      context.indentCells -= 2
      return pending
    }
    case 'orderedList':
    case 'bulletList': {
      const start = Number(node.attrs?.start ?? 1)
      context.lists.push({ ordered: node.type === 'orderedList', next: Number.isInteger(start) ? start : 1 })
      let pending = prefix
      for (const item of node.content ?? []) {
        pending = visitBlock(item, context, pending + listMarker(context))
      }
      context.lists.pop()
      return pending
    }
    case 'listItem': {
      let pending = prefix
      for (const child of node.content ?? []) pending = visitBlock(child, context, pending)
      return pending
    }
    case 'horizontalRule':
      return prefix
    case 'table': {
      if (context.inCell) {
        // A table inside a cell is not drawn nested: its cells' paragraphs join the outer cell.
        for (const row of node.content ?? [])
          for (const cell of row.content ?? []) for (const child of cell.content ?? []) visitBlock(child, context, '')
        return prefix
      }
      const table = tableBlock(node)
      if (table.rows.length) context.blocks.push(table)
      return prefix
    }
    default: {
      // Unknown blocks (a later extension): keep their words rather than drop them.
      if (node.content?.some((child) => child.type === 'text')) {
        const runs = inlineRuns(node)
        if (hasText(runs)) context.blocks.push({ role: 'body', prefix, runs, indentCells: context.indentCells })
        return ''
      }
      let pending = prefix
      for (const child of node.content ?? []) pending = visitBlock(child, context, pending)
      return pending
    }
  }
}

/**
 * A table laid on its grid: each cell gets the grid column it starts in, counting the columns that
 * cells merged down from rows above take (ProseMirror leaves those cells out of the lower rows).
 */
function tableBlock(node: JsonNode): TableBlock {
  const taken: number[][] = [] // taken[row] = grid columns covered by cells from rows above
  const rows: TableRowBlock[] = []
  let headerSoFar = true
  ;(node.content ?? []).forEach((rowNode, r) => {
    const busy = new Set(taken[r] ?? [])
    const cells: TableCellBlock[] = []
    let column = 0
    for (const cellNode of rowNode.content ?? []) {
      if (cellNode.type !== 'tableCell' && cellNode.type !== 'tableHeader') continue
      while (busy.has(column)) column++
      const colspan = spanOf(cellNode.attrs?.colspan)
      const rowspan = spanOf(cellNode.attrs?.rowspan)
      for (let below = 1; below < rowspan; below++) {
        taken[r + below] ??= []
        for (let c = column; c < column + colspan; c++) taken[r + below].push(c)
      }
      cells.push({
        paragraphs: cellParagraphs(cellNode),
        column,
        colspan,
        rowspan,
        header: cellNode.type === 'tableHeader',
      })
      column += colspan
    }
    if (!cells.length) return
    headerSoFar = headerSoFar && cells.every((cell) => cell.header)
    rows.push({ cells, header: headerSoFar })
  })
  // A table all of header cells has no body to repeat a header over: its rows are plain rows.
  if (rows.every((row) => row.header)) rows.forEach((row) => (row.header = false))
  const columns = Math.max(
    1,
    ...rows.map((row) => row.cells.reduce((end, cell) => Math.max(end, cell.column + cell.colspan), 0)),
  )
  return { role: 'table', rows, columns, widths: columnWidths(node, columns) }
}

const spanOf = (value: unknown): number => {
  const n = Number(value ?? 1)
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 63) : 1
}

function cellParagraphs(cell: JsonNode): TextBlock[] {
  const context: Context = { headings: new HeadingCounter(), blocks: [], indentCells: 0, lists: [], inCell: true }
  let pending = ''
  for (const child of cell.content ?? []) pending = visitBlock(child, context, pending)
  // Quotes indent nothing in a cell a few characters wide.
  return (context.blocks as TextBlock[]).map((block) => ({ ...block, indentCells: 0 }))
}

/**
 * Column widths as fractions of the table: from the widths a Word import recorded (colwidth, in
 * pixels) when every column has one, else equal. The table always spans the whole 版心.
 */
function columnWidths(node: JsonNode, columns: number): number[] {
  const known: (number | undefined)[] = new Array(columns).fill(undefined)
  const first = node.content?.[0]
  let column = 0
  for (const cell of first?.content ?? []) {
    const widths = cell.attrs?.colwidth
    const colspan = spanOf(cell.attrs?.colspan)
    if (Array.isArray(widths)) {
      widths.slice(0, colspan).forEach((width, i) => {
        if (typeof width === 'number' && width > 0 && column + i < columns) known[column + i] = width
      })
    }
    column += colspan
  }
  if (known.some((width) => width === undefined)) return new Array(columns).fill(1 / columns)
  const total = (known as number[]).reduce((sum, width) => sum + width, 0)
  return (known as number[]).map((width) => width / total)
}

/**
 * Body lists follow the standard's lower levels: 1. then （1） then ①; bullets, which 公文 avoid,
 * print as "•" so that no item loses its mark.
 */
function listMarker(context: Context): string {
  const list = context.lists[context.lists.length - 1]
  if (!list.ordered) return '•'
  const n = list.next++
  const depth = context.lists.filter((l) => l.ordered).length
  if (depth === 1) return `${n}.`
  if (depth === 2) return `（${n}）`
  return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : `${n})`
}

function inlineRuns(node: JsonNode): TextRun[] {
  const runs: TextRun[] = []
  for (const child of node.content ?? []) {
    if (child.type === 'hardBreak') {
      runs.push({ text: '\n' })
      continue
    }
    if (child.type !== 'text' || !child.text) continue
    const marks = new Set((child.marks ?? []).map((mark) => mark.type))
    const run: TextRun = { text: cleanText(child.text) }
    if (marks.has('bold')) run.bold = true
    if (marks.has('italic')) run.italic = true
    if (marks.has('underline')) run.underline = true
    if (marks.has('strike')) run.strike = true
    const revision = revisionOf(child)
    if (revision) run.revision = revision
    const last = runs[runs.length - 1]
    if (last && sameFormat(last, run) && last.text !== '\n') last.text += run.text
    else runs.push(run)
  }
  return trimRuns(runs)
}

function revisionOf(node: JsonNode): Revision | undefined {
  for (const mark of node.marks ?? []) {
    const kind =
      mark.type === revisionMarks.insertion ? 'insertion' : mark.type === revisionMarks.deletion ? 'deletion' : null
    if (!kind) continue
    const { author, date } = (mark.attrs ?? {}) as { author?: unknown; date?: unknown }
    if (typeof author === 'string' && typeof date === 'string') return { kind, author, date }
  }
  return undefined
}

/** Leading and trailing spaces and breaks of a paragraph are editing leftovers, not text. */
function trimRuns(runs: TextRun[]): TextRun[] {
  while (runs.length && !runs[0].text.replace(/^[\s\n]+/, '')) runs.shift()
  while (runs.length && !runs[runs.length - 1].text.replace(/[\s\n]+$/, '')) runs.pop()
  if (runs.length) {
    runs[0] = { ...runs[0], text: runs[0].text.replace(/^[\s\n]+/, '') }
    const last = runs.length - 1
    runs[last] = { ...runs[last], text: runs[last].text.replace(/[\s\n]+$/, '') }
  }
  return runs
}

/** Width of a 纪要 header line's label (时间：) in character cells: a full-width character one, anything narrower half. */
export function fieldCells(label: string): number {
  let cells = 0
  for (const ch of label) cells += ch >= ' ' && ch <= '~' ? 0.5 : 1
  return cells
}

/** A block's prefix as a run: a field's label is set as a label (黑体), a number or marker in the block's face. */
export const prefixRun = (block: TextBlock): TextRun =>
  block.role === 'field' ? { text: block.prefix, label: true } : { text: block.prefix }

function sameFormat(a: TextRun, b: TextRun): boolean {
  return (
    !!a.bold === !!b.bold &&
    !!a.italic === !!b.italic &&
    !!a.underline === !!b.underline &&
    !!a.strike === !!b.strike &&
    a.revision?.kind === b.revision?.kind &&
    a.revision?.author === b.revision?.author &&
    a.revision?.date === b.revision?.date
  )
}

function hasText(runs: TextRun[]): boolean {
  return runs.some((run) => run.text.trim().length > 0)
}

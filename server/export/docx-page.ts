/**
 * The GB/T 9704 page in Word's terms: named styles (one per element of the page, each with the
 * typeface and size of the standard), the section (A4, margins, 22×28 document grid), the odd and
 * even page-number footers, the draft mark in the header, and the paragraphs of an ExportText.
 * Both the clean DOCX and the redline are built from it, so they look alike.
 */
import {
  AlignmentType,
  BorderStyle,
  DocumentGridType,
  Footer,
  Header,
  LineRuleType,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun as WordRun,
  VerticalAlignTable,
  WidthType,
  type ITableRowOptions,
  type IParagraphRunOptions,
  type IParagraphStyleOptions,
  type IRunOptions,
  type ISectionOptions,
  type IStylesOptions,
  type ParagraphChild,
} from 'docx'
import type { PartRewrites } from './docx-package.js'
import {
  isTable,
  type ExportText,
  type TableBlock,
  type TableCellBlock,
  type TextBlock,
  fieldCells,
  prefixRun,
  type TextRun,
} from './export-text.js'
import {
  grid,
  margins,
  page,
  pageNumber,
  signatureGaps,
  sizes,
  table as tableLayout,
  tableTextSize,
  textArea,
  typefaces,
  type FontRole,
} from './layout.js'

/** The Word font name written for each role; recipients' machines resolve it. */
export type FontNames = Record<FontRole, string>

export const defaultFontNames: FontNames = Object.fromEntries(
  Object.entries(typefaces).map(([role, face]) => [role, face.docxName]),
) as FontNames

/** Paragraph style ids; headings keep Word's built-in ids so the navigation pane and outline work. */
const styleIds = {
  documentNumber: 'DocumentNumber',
  title: 'Title',
  adoptionNote: 'AdoptionNote',
  recipients: 'Recipients',
  body: 'BodyText',
  heading1: 'Heading1',
  heading2: 'Heading2',
  heading3: 'Heading3',
  heading4: 'Heading4',
  signature: 'Signature',
  date: 'DocumentDate',
  pageNumber: 'PageNumber',
  draftMark: 'DraftMark',
  tableText: 'TableText',
  meetingField: 'MeetingField',
} as const

/** The character style of a 纪要 header line's label (时间：): 3号黑体. */
const fieldLabelStyle = 'FieldLabel'

type StyleId = (typeof styleIds)[keyof typeof styleIds]

/** One paragraph of the page, before it becomes Word XML. */
export interface PageParagraph {
  style: StyleId
  runs: TextRun[]
  /** Extra left indent in character cells (block quotes; a 纪要 header line's hanging text). */
  indentCells: number
  /** A first line that starts this many cells left of `indentCells` (a 纪要 header line's label). */
  hangingCells?: number
  /** Gap to the right margin in character cells (署名 and 日期). */
  rightGapCells: number
  keepNext: boolean
}

/** A table of the body, placed between the paragraphs around it. */
export interface PageTable {
  style: 'Table'
  table: TableBlock
}

export type PageItem = PageParagraph | PageTable

export const isPageTable = (item: PageItem): item is PageTable => item.style === 'Table'

/** The paragraphs (and tables) of the page in order: 文号, title, 题注, blank, 主送, body, blank, 署名, 日期. */
export function pageParagraphs(text: ExportText): PageItem[] {
  const paragraph = (style: StyleId, runs: TextRun[], extra: Partial<PageParagraph> = {}): PageParagraph => ({
    style,
    runs,
    indentCells: 0,
    rightGapCells: 0,
    keepNext: false,
    ...extra,
  })
  const paragraphs: PageItem[] = []
  if (text.documentNumber) {
    paragraphs.push(
      paragraph(styleIds.documentNumber, [{ text: text.documentNumber }]),
      paragraph(styleIds.body, [], { keepNext: true }),
    )
  }
  // The title's lines are the ones the PDF prints: one paragraph, broken where `titleLines` broke it.
  paragraphs.push(paragraph(styleIds.title, [{ text: text.titleLines.join('\n') }], { keepNext: true }))
  if (text.adoptionNoteLines.length) {
    paragraphs.push(paragraph(styleIds.adoptionNote, [{ text: text.adoptionNoteLines.join('\n') }], { keepNext: true }))
  }
  paragraphs.push(paragraph(styleIds.body, []))
  if (text.recipients) paragraphs.push(paragraph(styleIds.recipients, [{ text: text.recipients }]))
  text.blocks.forEach((block, i) => {
    if (isTable(block)) {
      paragraphs.push({ style: 'Table', table: block })
      return
    }
    const runs = block.prefix ? [prefixRun(block), ...block.runs] : block.runs
    const last = i === text.blocks.length - 1
    if (block.role === 'field') {
      // GB/T 9704 10.3 as for 出席: 左空二字, the label and a full-width colon, and the lines after
      // the first aligned with the first character after the colon. The block keeps together.
      const label = fieldCells(block.prefix)
      paragraphs.push(
        paragraph(styleIds.meetingField, runs, { indentCells: 2 + label, hangingCells: label, keepNext: true }),
      )
      return
    }
    // Headings stay with what they head; the last paragraph stays with the signature below it.
    paragraphs.push(
      paragraph(styleIds[block.role === 'body' ? 'body' : block.role], runs, {
        indentCells: block.indentCells,
        keepNext: block.role !== 'body' || (last && text.signed),
      }),
    )
  })
  if (text.attachments.length) {
    // 附件说明: one empty line below the body, 左空二字, names aligned (export-text.ts attachmentLines).
    paragraphs.push(paragraph(styleIds.body, [], { keepNext: true }))
    text.attachments.forEach((item, i) =>
      paragraphs.push(
        paragraph(styleIds.meetingField, [{ text: item.prefix + item.name }], {
          indentCells: 2 + item.hangCells,
          hangingCells: item.hangCells - item.offsetCells,
          keepNext: i < text.attachments.length - 1 || text.signed,
        }),
      ),
    )
  }
  if (!text.signed) return paragraphs
  const gaps = signatureGaps(text.signature, text.date)
  paragraphs.push(
    paragraph(styleIds.body, [], { keepNext: true }),
    paragraph(styleIds.signature, [{ text: text.signature }], { rightGapCells: gaps.signature, keepNext: true }),
    paragraph(styleIds.date, [{ text: text.date }], { rightGapCells: gaps.date }),
  )
  return paragraphs
}

/**
 * A Word paragraph for `paragraph` holding `children` (plain runs, or revision marks in a redline).
 * `mark` formats the paragraph mark itself: a redline marks it inserted or deleted with the text.
 */
export function wordParagraph(
  paragraph: PageParagraph,
  children: ParagraphChild[],
  mark?: IParagraphRunOptions,
): Paragraph {
  const cells = (n: number) => Math.round(n * grid.cell)
  const indent =
    paragraph.indentCells || paragraph.rightGapCells
      ? {
          ...(paragraph.indentCells ? { left: cells(paragraph.indentCells) } : {}),
          ...(paragraph.hangingCells ? { hanging: cells(paragraph.hangingCells) } : {}),
          ...(paragraph.rightGapCells ? { right: cells(paragraph.rightGapCells) } : {}),
        }
      : undefined
  return new Paragraph({
    style: paragraph.style,
    children,
    keepNext: paragraph.keepNext || undefined,
    // Widow control would leave pages of 21 lines; the standard fills every page with 22.
    widowControl: false,
    ...(mark ? { run: mark } : {}),
    ...(indent ? { indent: { ...styleIndent(paragraph.style), ...indent } } : {}),
  })
}

/**
 * Word runs for `runs`, "\n" becoming a line break; `make` builds a plain run or a revision mark.
 * `base` is formatting every run takes (a table's text size).
 */
export function wordRuns<T>(
  runs: TextRun[],
  make: (options: IRunOptions, run: TextRun) => T = (options) => new WordRun(options) as T,
  base: Partial<IRunOptions> = {},
): T[] {
  const children: T[] = []
  for (const run of runs) {
    run.text.split('\n').forEach((piece, i) => {
      if (!piece && i === 0) return
      children.push(
        make(
          {
            ...base,
            text: piece,
            ...(i > 0 ? { break: 1 } : {}),
            ...(run.bold ? { bold: true } : {}),
            ...(run.italic ? { italics: true } : {}),
            ...(run.underline ? { underline: {} } : {}),
            ...(run.strike ? { strike: true } : {}),
            ...(run.label ? { style: fieldLabelStyle } : {}),
          },
          run,
        ),
      )
    })
  }
  return children
}

/** A cell's paragraph: its prefix (a list marker) and runs, bold in a header cell. */
export function cellRuns(paragraph: TextBlock, cell: TableCellBlock): TextRun[] {
  const runs = paragraph.prefix ? [{ text: paragraph.prefix }, ...paragraph.runs] : paragraph.runs
  return cell.header ? runs.map((run) => ({ ...run, bold: true })) : runs
}

/** A paragraph in a table cell: centred in a header cell, justified elsewhere; no first-line indent. */
export function cellParagraph(
  cell: TableCellBlock,
  children: ParagraphChild[],
  mark?: IParagraphRunOptions,
): Paragraph {
  return new Paragraph({
    style: styleIds.tableText,
    children,
    alignment: cell.header ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    widowControl: false,
    ...(mark ? { run: mark } : {}),
  })
}

const rule = { style: BorderStyle.SINGLE, size: tableLayout.ruleEighths, color: '000000' } as const

/**
 * A Word table of `table` as wide as the 版心, with single black rules, the header rows repeated on
 * every page, and no row split across two pages (the PDF moves such a row to the next page too).
 * `paragraphsOf` makes each cell's paragraphs; `rowOptions` adds to a row (a redline's revision).
 */
export function wordTable(
  table: TableBlock,
  paragraphsOf: (cell: TableCellBlock, rowIndex: number, size: number) => Paragraph[],
  rowOptions: (rowIndex: number) => Partial<ITableRowOptions> = () => ({}),
): Table {
  const size = tableTextSize(table.widths)
  const widths = table.widths.map((fraction) => Math.round(fraction * textArea.width))
  // Rounding must not make the table wider or narrower than the 版心.
  widths[widths.length - 1] += textArea.width - widths.reduce((sum, width) => sum + width, 0)
  return new Table({
    width: { size: textArea.width, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { left: tableLayout.cellPadding, right: tableLayout.cellPadding, top: 0, bottom: 0 },
    borders: {
      top: rule,
      bottom: rule,
      left: rule,
      right: rule,
      insideHorizontal: rule,
      insideVertical: rule,
    },
    rows: table.rows.map(
      (row, r) =>
        new TableRow({
          ...rowOptions(r),
          tableHeader: row.header || undefined,
          cantSplit: true,
          children: row.cells.map((cell) => {
            const paragraphs = paragraphsOf(cell, r, size)
            return new TableCell({
              width: {
                size: widths.slice(cell.column, cell.column + cell.colspan).reduce((sum, width) => sum + width, 0),
                type: WidthType.DXA,
              },
              verticalAlign: VerticalAlignTable.TOP,
              ...(cell.colspan > 1 ? { columnSpan: cell.colspan } : {}),
              ...(cell.rowspan > 1 ? { rowSpan: cell.rowspan } : {}),
              // Word cannot open a cell without a paragraph.
              children: paragraphs.length ? paragraphs : [cellParagraph(cell, [])],
            })
          }),
        }),
    ),
  })
}

const fontOf = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name, hint: 'eastAsia' })
const exact = { line: grid.linePitch, lineRule: LineRuleType.EXACT, before: 0, after: 0 }
/** Two characters of first-line indent: Word reads the Chars value, others fall back to twips. */
const firstLineTwoChars = { firstLineChars: 200, firstLine: Math.round(2 * grid.cell) }

function styleIndent(style: StyleId) {
  return style === styleIds.body || style.startsWith('Heading') ? firstLineTwoChars : {}
}

/** The named styles of the page. */
export function officialStyles(fonts: FontNames = defaultFontNames): IStylesOptions {
  const style = (
    id: StyleId,
    name: string,
    font: string,
    size: number,
    paragraph: IParagraphStyleOptions['paragraph'] = {},
    run: IParagraphStyleOptions['run'] = {},
  ): IParagraphStyleOptions => ({
    id,
    name,
    // Styles at natural width stand alone: based on Normal they would inherit its condensed spacing.
    basedOn: run.characterSpacing === 0 ? undefined : 'Normal',
    next: styleIds.body,
    quickFormat: true,
    run: {
      font: fontOf(font),
      size,
      ...(run.characterSpacing === 0 ? {} : { characterSpacing: grid.characterSpacing }),
      ...run,
    },
    paragraph: { spacing: exact, ...paragraph },
  })
  const heading = (id: StyleId, name: string, font: string, outlineLevel: number) =>
    style(
      id,
      name,
      font,
      sizes.body,
      { indent: firstLineTwoChars, alignment: AlignmentType.JUSTIFIED, keepNext: true, outlineLevel },
      { bold: false, color: '000000', italics: false },
    )
  return {
    characterStyles: [
      {
        id: fieldLabelStyle,
        name: '纪要事项名',
        basedOn: 'DefaultParagraphFont',
        run: { font: fontOf(fonts.heading1) },
      },
    ],
    default: {
      document: {
        run: { font: fontOf(fonts.body), size: sizes.body, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
        paragraph: { spacing: exact, alignment: AlignmentType.JUSTIFIED },
      },
    },
    paragraphStyles: [
      // Normal carries the body font and size itself: LibreOffice sizes the character grid from
      // Normal's size, not from the document defaults, and would otherwise use 12 pt.
      {
        ...style(styleIds.body, 'Normal', fonts.body, sizes.body, { alignment: AlignmentType.JUSTIFIED }),
        id: 'Normal',
        basedOn: undefined,
        next: 'Normal',
      },
      style(styleIds.body, '正文', fonts.body, sizes.body, {
        indent: firstLineTwoChars,
        alignment: AlignmentType.JUSTIFIED,
      }),
      // The 2号 title keeps its natural width and is off the line grid (see offGridRewrites).
      style(
        styleIds.title,
        '标题',
        fonts.title,
        sizes.title,
        { alignment: AlignmentType.CENTER, keepNext: true },
        { snapToGrid: false, bold: false, color: '000000', characterSpacing: 0 },
      ),
      style(styleIds.documentNumber, '发文字号', fonts.body, sizes.body, { alignment: AlignmentType.CENTER }),
      style(styleIds.adoptionNote, '题注', fonts.kai, sizes.body, { alignment: AlignmentType.CENTER, keepNext: true }),
      style(styleIds.recipients, '主送机关', fonts.body, sizes.body, { alignment: AlignmentType.JUSTIFIED }),
      style(styleIds.meetingField, '纪要事项', fonts.body, sizes.body, { alignment: AlignmentType.JUSTIFIED }),
      heading(styleIds.heading1, 'heading 1', fonts.heading1, 0),
      heading(styleIds.heading2, 'heading 2', fonts.heading2, 1),
      heading(styleIds.heading3, 'heading 3', fonts.body, 2),
      heading(styleIds.heading4, 'heading 4', fonts.body, 3),
      style(styleIds.signature, '发文机关署名', fonts.body, sizes.body, {
        alignment: AlignmentType.RIGHT,
        keepNext: true,
      }),
      style(styleIds.date, '成文日期', fonts.body, sizes.body, { alignment: AlignmentType.RIGHT }),
      style(
        styleIds.pageNumber,
        '页码',
        fonts.pageNumber,
        sizes.pageNumber,
        { spacing: { line: sizes.pageNumber * 10, lineRule: LineRuleType.EXACT, before: 0, after: 0 } },
        { snapToGrid: false, characterSpacing: 0 },
      ),
      // Table text keeps the grid's line pitch (one cell line per grid line) at its natural width:
      // the 28-characters condensing is for 3号 body lines; the size comes with each run.
      style(
        styleIds.tableText,
        '表格文字',
        fonts.body,
        sizes.tableText,
        { alignment: AlignmentType.JUSTIFIED },
        { characterSpacing: 0 },
      ),
      style(
        styleIds.draftMark,
        '稿件标记',
        fonts.heading1,
        sizes.mark,
        { alignment: AlignmentType.RIGHT, spacing: { before: 0, after: 0 } },
        { snapToGrid: false, color: 'C00000', characterSpacing: 0 },
      ),
    ],
  }
}

/**
 * Part rewrites for what the docx library has no option for: paragraph-level w:snapToGrid="0" on
 * the title, page number and mark styles, so that neither Word nor LibreOffice stretches a 2号 title
 * line over two grid lines (the run-level switch only frees the character pitch).
 */
export const offGridRewrites: PartRewrites = {
  'word/styles.xml': (xml) =>
    xml.replace(
      new RegExp(
        `(<w:style [^>]*w:styleId="(?:${styleIds.title}|${styleIds.pageNumber}|${styleIds.draftMark})"[^>]*>(?:(?!</w:style>).)*?<w:pPr>(?:(?!</w:pPr>).)*?)(<w:spacing )`,
        'gs',
      ),
      '$1<w:snapToGrid w:val="0"/>$2',
    ),
}

/** The section: page, margins, grid, page-number footers and, on drafts, the mark in the header. */
export function officialSection(text: ExportText, children: (Paragraph | Table)[]): ISectionOptions {
  const footer = (odd: boolean) =>
    new Footer({
      children: [
        new Paragraph({
          style: styleIds.pageNumber,
          alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
          indent: odd ? { right: pageNumber.edgeIndent } : { left: pageNumber.edgeIndent },
          children: [new WordRun({ children: ['— ', PageNumber.CURRENT, ' —'] })],
        }),
      ],
    })
  const header = () =>
    new Header({
      children: [new Paragraph({ style: styleIds.draftMark, children: [new WordRun(text.headerMark ?? '')] })],
    })
  return {
    properties: {
      page: {
        size: { width: page.width, height: page.height },
        margin: { ...margins, gutter: 0 },
      },
      grid: { type: DocumentGridType.LINES, linePitch: grid.linePitch },
    },
    ...(text.headerMark ? { headers: { default: header(), even: header() } } : {}),
    footers: { default: footer(true), even: footer(false) },
    children,
  }
}

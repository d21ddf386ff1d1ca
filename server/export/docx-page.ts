/**
 * The GB/T 9704 page in Word's terms: named styles (one per element of the page, each with the
 * typeface and size of the standard), the section (A4, margins, 22×28 document grid), the odd and
 * even page-number footers, the draft mark in the header, and the paragraphs of an ExportText.
 * Both the clean DOCX and the redline are built from it, so they look alike.
 */
import {
  AlignmentType,
  DocumentGridType,
  Footer,
  Header,
  LineRuleType,
  PageNumber,
  Paragraph,
  TextRun as WordRun,
  type IParagraphRunOptions,
  type IParagraphStyleOptions,
  type IRunOptions,
  type ISectionOptions,
  type IStylesOptions,
  type ParagraphChild,
} from 'docx'
import type { PartRewrites } from './docx-package.js'
import type { ExportText, TextRun } from './export-text.js'
import { grid, margins, page, pageNumber, signatureGaps, sizes, typefaces, type FontRole } from './layout.js'

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
} as const

type StyleId = (typeof styleIds)[keyof typeof styleIds]

/** One paragraph of the page, before it becomes Word XML. */
export interface PageParagraph {
  style: StyleId
  runs: TextRun[]
  /** Extra left indent in character cells (block quotes). */
  indentCells: number
  /** Gap to the right margin in character cells (署名 and 日期). */
  rightGapCells: number
  keepNext: boolean
}

/** The paragraphs of the page in order: 文号, title, 题注, blank, 主送, body, blank, 署名, 日期. */
export function pageParagraphs(text: ExportText): PageParagraph[] {
  const paragraph = (style: StyleId, runs: TextRun[], extra: Partial<PageParagraph> = {}): PageParagraph => ({
    style,
    runs,
    indentCells: 0,
    rightGapCells: 0,
    keepNext: false,
    ...extra,
  })
  const paragraphs: PageParagraph[] = []
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
    const runs = block.prefix ? [{ text: block.prefix }, ...block.runs] : block.runs
    const last = i === text.blocks.length - 1
    // Headings stay with what they head; the last paragraph stays with the signature below it.
    paragraphs.push(
      paragraph(styleIds[block.role === 'body' ? 'body' : block.role], runs, {
        indentCells: block.indentCells,
        keepNext: block.role !== 'body' || last,
      }),
    )
  })
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

/** Word runs for `runs`, "\n" becoming a line break; `make` builds a plain run or a revision mark. */
export function wordRuns<T>(
  runs: TextRun[],
  make: (options: IRunOptions, run: TextRun) => T = (options) => new WordRun(options) as T,
): T[] {
  const children: T[] = []
  for (const run of runs) {
    run.text.split('\n').forEach((piece, i) => {
      if (!piece && i === 0) return
      children.push(
        make(
          {
            text: piece,
            ...(i > 0 ? { break: 1 } : {}),
            ...(run.bold ? { bold: true } : {}),
            ...(run.italic ? { italics: true } : {}),
            ...(run.underline ? { underline: {} } : {}),
            ...(run.strike ? { strike: true } : {}),
          },
          run,
        ),
      )
    })
  }
  return children
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
export function officialSection(text: ExportText, children: Paragraph[]): ISectionOptions {
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

/**
 * 意见采纳情况表 as DOCX: a title and one table row per opinion, on A4 landscape pages. The columns
 * have fixed widths in twips (a grid Word, WPS and LibreOffice all keep), sized so that 序号 and
 * 处理情况 (部分采纳) stay on one line and the three text columns share the rest; the header row
 * repeats on every page.
 */
import {
  AlignmentType,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
/** One opinion as the table prints it. */
export interface OpinionRow {
  number: number
  /** The words the opinion is about. */
  quote: string
  opinion: string
  raisedBy: string
  disposition: string
  rationale: string
}

/** A4 landscape, 2 cm side margins: the table's width in twips. */
const page = { width: 16838, height: 11906, side: 1134, topBottom: 1134 }
export const tableWidth = page.width - 2 * page.side

/** 小四 (12 pt): one CJK character is 240 twips wide; each cell keeps 108 twips of margin left and right. */
const bodySize = 24
const cellMargin = 108

/** The narrow columns fit their longest value on one line; the text columns take what is left, 3 : 4 : 2.5. */
const narrow = (characters: number) => characters * 240 + 2 * cellMargin + 60

interface Column {
  title: string
  /** Width in twips. */
  width: number
  align?: 'center'
  value: (r: OpinionRow) => string
}

const fixed = { number: narrow(2), raisedBy: narrow(5), disposition: narrow(4) }
const shared = tableWidth - fixed.number - fixed.raisedBy - fixed.disposition
const quoteWidth = Math.round((shared * 3) / 9.5)
const opinionWidth = Math.round((shared * 4) / 9.5)

export const columns: Column[] = [
  { title: '序号', width: fixed.number, align: 'center', value: (r) => String(r.number) },
  { title: '所涉原文', width: quoteWidth, value: (r) => r.quote },
  { title: '意见', width: opinionWidth, value: (r) => r.opinion },
  { title: '提出人', width: fixed.raisedBy, value: (r) => r.raisedBy },
  { title: '处理情况', width: fixed.disposition, align: 'center', value: (r) => r.disposition },
  { title: '说明', width: shared - quoteWidth - opinionWidth, value: (r) => r.rationale },
]

const cell = (text: string, column: Column, header = false) =>
  new TableCell({
    width: { size: column.width, type: WidthType.DXA },
    children: text.split('\n').map(
      (line) =>
        new Paragraph({
          alignment: header || column.align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT,
          children: [new TextRun({ text: line, bold: header, font: header ? '黑体' : '仿宋', size: bodySize })],
        }),
    ),
  })

export async function opinionTableDocx(title: string, rows: OpinionRow[]): Promise<Uint8Array> {
  const document = new Document({
    creator: 'Jianyi',
    title: `${title}意见采纳情况表`,
    sections: [
      {
        properties: {
          page: {
            // Given as portrait; the library writes the landscape page (w:orient) with width and height swapped.
            size: { width: page.height, height: page.width, orientation: PageOrientation.LANDSCAPE },
            margin: { top: page.topBottom, bottom: page.topBottom, left: page.side, right: page.side },
          },
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [new TextRun({ text: `《${title}》意见采纳情况表`, font: '黑体', size: 32 })],
          }),
          new Table({
            width: { size: tableWidth, type: WidthType.DXA },
            columnWidths: columns.map((c) => c.width),
            layout: TableLayoutType.FIXED,
            // Stated, not left to each program's default (Word 115, LibreOffice 108 twips).
            margins: { left: cellMargin, right: cellMargin, marginUnitType: WidthType.DXA },
            rows: [
              new TableRow({
                tableHeader: true,
                cantSplit: true,
                children: columns.map((c) => cell(c.title, c, true)),
              }),
              ...rows.map((r) => new TableRow({ children: columns.map((c) => cell(c.value(r), c)) })),
            ],
          }),
        ],
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(document))
}

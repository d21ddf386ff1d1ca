/**
 * 年度统计 as DOCX: each table under its title, on A4 portrait, in the fonts of the other tables
 * (黑体 headings and header rows, 仿宋 body, 小四), ready to paste into a work report.
 */
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import type { CsvCell } from './csv.js'

/** A table as printed (CSV and DOCX alike): its title, header row and rows. */
export interface StatisticsTable {
  title: string
  header: string[]
  rows: CsvCell[][]
}

/** A4 portrait with 2.5 cm side margins: the width a table takes, in twips. */
const page = { width: 11906, height: 16838, side: 1417, topBottom: 1440 }
const tableWidth = page.width - 2 * page.side
const bodySize = 24

const cell = (value: CsvCell, width: number, header: boolean, first: boolean) =>
  new TableCell({
    width: { size: width, type: WidthType.DXA },
    children: [
      new Paragraph({
        alignment: first && !header ? AlignmentType.LEFT : AlignmentType.CENTER,
        children: [new TextRun({ text: String(value), bold: header, font: header ? '黑体' : '仿宋', size: bodySize })],
      }),
    ],
  })

function table({ header, rows }: StatisticsTable): Table {
  const width = Math.floor(tableWidth / header.length)
  return new Table({
    width: { size: width * header.length, type: WidthType.DXA },
    columnWidths: header.map(() => width),
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, width, true, i === 0)) }),
      ...rows.map((row) => new TableRow({ children: row.map((v, i) => cell(v, width, false, i === 0)) })),
    ],
  })
}

export async function statisticsDocx(title: string, tables: StatisticsTable[]): Promise<Uint8Array> {
  const document = new Document({
    creator: 'Jianyi',
    title,
    sections: [
      {
        properties: {
          page: {
            size: { width: page.width, height: page.height },
            margin: { top: page.topBottom, bottom: page.topBottom, left: page.side, right: page.side },
          },
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [new TextRun({ text: title, font: '黑体', size: 32 })],
          }),
          ...tables.flatMap((t) => [
            new Paragraph({
              spacing: { before: 240, after: 120 },
              children: [new TextRun({ text: t.title, font: '黑体', size: 28 })],
            }),
            table(t),
          ]),
        ],
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(document))
}

/** 意见采纳情况表 as DOCX: a title and one table row per opinion, on A4 portrait pages. */
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'

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

const columns: { title: string; width: number; value: (r: OpinionRow) => string }[] = [
  { title: '序号', width: 6, value: (r) => String(r.number) },
  { title: '所涉原文', width: 22, value: (r) => r.quote },
  { title: '意见', width: 30, value: (r) => r.opinion },
  { title: '提出人', width: 12, value: (r) => r.raisedBy },
  { title: '处理情况', width: 10, value: (r) => r.disposition },
  { title: '说明', width: 20, value: (r) => r.rationale },
]

const cell = (text: string, width: number, bold = false) =>
  new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    children: text
      .split('\n')
      .map((line) => new Paragraph({ children: [new TextRun({ text: line, bold, font: '仿宋', size: 24 })] })),
  })

export async function opinionTableDocx(title: string, rows: OpinionRow[]): Promise<Uint8Array> {
  const document = new Document({
    creator: 'Jianyi',
    title: `${title}意见采纳情况表`,
    sections: [
      {
        properties: {
          page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1134, right: 1134 } },
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [new TextRun({ text: `《${title}》意见采纳情况表`, font: '黑体', size: 32 })],
          }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({ tableHeader: true, children: columns.map((c) => cell(c.title, c.width, true)) }),
              ...rows.map((r) => new TableRow({ children: columns.map((c) => cell(c.value(r), c.width)) })),
            ],
          }),
        ],
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(document))
}

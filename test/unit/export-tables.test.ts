/** Tables in every export format: DOCX (a real Word table), PDF, Markdown, plain text and the redline. */
import { beforeAll, describe, expect, it } from 'vitest'
import { exportDocx } from '../../server/export/docx.js'
import { blockText, exportText, isTable, type TableBlock } from '../../server/export/export-text.js'
import { tableTextSize } from '../../server/export/layout.js'
import { exportMarkdown } from '../../server/export/markdown.js'
import { exportPdf } from '../../server/export/pdf.js'
import { exportPlainText } from '../../server/export/plain-text.js'
import { exportRedline } from '../../server/export/redline.js'
import type { JsonNode } from '../../shared/editor/text.js'
import { readDocx, unescapeXml } from '../fixtures/export/docx-parts.js'
import { extractedBodyText, poppler, withoutWhitespace } from '../fixtures/export/poppler.js'
import { figuresTable, paragraph, table, tableSource, withBody } from '../fixtures/export/table-source.js'

const heading = (level: number, text: string): JsonNode => ({
  type: 'heading',
  attrs: { level },
  content: [{ type: 'text', text }],
})

/** The w:tbl elements of document.xml, each as rows of cells of text (deleted text left out). */
function wordTables(documentXml: string): { xml: string; rows: { xml: string; cells: string[] }[] }[] {
  return [...documentXml.matchAll(/<w:tbl>(.*?)<\/w:tbl>/gs)].map((table) => ({
    xml: table[1],
    rows: [...table[1].matchAll(/<w:tr>(.*?)<\/w:tr>/gs)].map((row) => ({
      xml: row[1],
      cells: [...row[1].matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((cell) =>
        [...cell[1].replace(/<w:del [^>]*>.*?<\/w:del>/gs, '').matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
          .map((t) => unescapeXml(t[1]))
          .join(''),
      ),
    })),
  }))
}

describe('a table in the export text', () => {
  it('is one block on its grid: merged cells know the column they start in', () => {
    const blocks = exportText(tableSource).blocks
    expect(blocks.map((block) => block.role)).toEqual(['body', 'table', 'body'])
    const grid = blocks[1] as TableBlock
    expect(grid.columns).toBe(4)
    expect(grid.widths).toEqual([0.25, 0.25, 0.25, 0.25])
    expect(grid.rows.map((row) => row.header)).toEqual([true, false, false, false, false])
    // 甲县 spans rows 2 and 3, so the third row's first cell starts in the second column.
    expect(grid.rows[2].cells.map((cell) => cell.column)).toEqual([1, 2, 3])
    expect(grid.rows[4].cells.map((cell) => [cell.column, cell.colspan])).toEqual([
      [0, 2],
      [2, 1],
      [3, 1],
    ])
  })

  it('leaves headings in cells unnumbered and out of the count, as the editor shows them', () => {
    const blocks = exportText(
      withBody(heading(1, '基本情况'), table([['表头'], [{ text: '格内' }]]), heading(1, '存在的问题')),
    ).blocks
    const cellHeading = table([['说明']], false)
    cellHeading.content![0].content![0].content = [heading(1, '格内标题')]
    const withCellHeading = exportText(withBody(heading(1, '基本情况'), cellHeading, heading(1, '存在的问题'))).blocks
    expect(withCellHeading.filter((block) => !isTable(block)).map(blockText)).toEqual([
      '一、基本情况',
      '二、存在的问题',
    ])
    const cell = (withCellHeading[1] as TableBlock).rows[0].cells[0].paragraphs[0]
    expect(blockText(cell)).toBe('格内标题')
    expect(cell.runs.every((run) => run.bold)).toBe(true)
    expect(blocks.filter((block) => !isTable(block)).map(blockText)).toEqual(['一、基本情况', '二、存在的问题'])
  })

  it('sets 4号 text while a column holds four characters, smaller in many narrow columns', () => {
    expect(tableTextSize(new Array(4).fill(1 / 4))).toBe(28)
    expect(tableTextSize(new Array(6).fill(1 / 6))).toBe(28)
    expect(tableTextSize(new Array(7).fill(1 / 7))).toBe(24)
    expect(tableTextSize(new Array(10).fill(1 / 10))).toBe(21)
  })
})

describe('DOCX export of a table', () => {
  let document: string

  beforeAll(async () => {
    document = (await readDocx(await exportDocx(tableSource))).document
  })

  it('is a Word table between the paragraphs around it, its cells holding the text in place', () => {
    const [word] = wordTables(document)
    expect(word.rows.map((row) => row.cells)).toEqual([
      ['县（市、区）', '年度', '建成面积（万亩）', '投入资金（亿元）'],
      ['甲县', '2023年', '12.5', '3.1'],
      // The cell docx adds under 甲县, merged into it.
      ['', '2024年', '14.2', '3.6'],
      ['乙县', '2024年', '9.8', '2.4|含配套'],
      ['合计', '36.5', '9.1'],
    ])
    expect(word.rows[1].xml).toContain('<w:vMerge w:val="restart"/>')
    expect(word.rows[2].xml).toContain('<w:vMerge w:val="continue"/>')
    expect(word.rows[4].xml).toContain('<w:gridSpan w:val="2"/>')
    const before = document.indexOf('调研组汇总了各县建设情况')
    expect(before).toBeLessThan(document.indexOf('<w:tbl>'))
    expect(document.indexOf('从上表可以看出')).toBeGreaterThan(document.indexOf('</w:tbl>'))
  })

  it('spans the 版心 (156 mm) in fixed columns, with single black rules all round and inside', () => {
    const [word] = wordTables(document)
    expect(word.xml).toContain('<w:tblW w:type="dxa" w:w="8845"/>')
    expect(word.xml).toContain('<w:tblLayout w:type="fixed"/>')
    const columns = [...word.xml.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]))
    expect(columns.reduce((a, b) => a + b, 0)).toBe(8845)
    for (const side of ['top', 'left', 'bottom', 'right', 'insideH', 'insideV']) {
      expect(word.xml).toContain(`<w:${side} w:val="single" w:color="000000" w:sz="4"/>`)
    }
  })

  it('repeats the header row on each page, sets it bold and centred, and splits no row', () => {
    const [word] = wordTables(document)
    expect(word.rows[0].xml).toContain('<w:tblHeader/>')
    expect(word.rows.slice(1).every((row) => !row.xml.includes('<w:tblHeader/>'))).toBe(true)
    expect(word.rows.every((row) => row.xml.includes('<w:cantSplit/>'))).toBe(true)
    expect(word.rows[0].xml).toContain('<w:jc w:val="center"/>')
    expect(word.rows[0].xml).toContain('<w:b/>')
    expect(word.rows[1].xml).not.toContain('<w:b/>')
  })

  it('sets the cell text in 仿宋 at 4号 (w:sz 28)', async () => {
    const parts = await readDocx(await exportDocx(tableSource))
    const style = /<w:style [^>]*w:styleId="TableText"[^>]*>.*?<\/w:style>/s.exec(parts.styles)![0]
    expect(style).toContain('w:eastAsia="仿宋"')
    const sizes = new Set([...wordTables(parts.document)[0].xml.matchAll(/<w:sz w:val="(\d+)"\/>/g)].map((m) => m[1]))
    expect([...sizes]).toEqual(['28'])
  })
})

describe('PDF export of a table', () => {
  let pdf: Uint8Array

  beforeAll(async () => {
    pdf = await exportPdf(tableSource)
  })

  it('carries every cell’s text, in reading order between the paragraphs around the table', () => {
    // In content-stream order (-raw): pdftotext's default reads a table column by column.
    const text = withoutWhitespace(poppler('pdftotext', pdf, ['-raw', '-enc', 'UTF-8']))
    expect(withoutWhitespace(extractedBodyText(pdf))).toContain('2.4|含配套')
    const cells = [
      '县（市、区）',
      '甲县',
      '2023年',
      '12.5',
      '2024年',
      '14.2',
      '乙县',
      '2.4|含配套',
      '合计',
      '36.5',
      '9.1',
    ]
    let at = text.indexOf('见下表。')
    expect(at).toBeGreaterThan(0)
    for (const cell of cells) {
      const found = text.indexOf(cell, at)
      expect(found, cell).toBeGreaterThan(at)
      at = found
    }
    expect(text.indexOf('从上表可以看出')).toBeGreaterThan(at)
  })

  it('moves a row that does not fit to the next page, and repeats the header row there', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`第${i + 1}项`, `${(i + 1) * 3}.5`])
    const long = await exportPdf(withBody(table([['项目', '数值'], ...rows])))
    const pages = Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', long))![1])
    expect(pages).toBe(2)
    const first = withoutWhitespace(poppler('pdftotext', long, ['-f', '1', '-l', '1']))
    const second = withoutWhitespace(poppler('pdftotext', long, ['-f', '2', '-l', '2']))
    // 22 lines: 2 title lines, a blank, the header and 18 rows fit on the first page.
    expect(first).toContain('第18项')
    expect(first).not.toContain('第19项')
    expect(second.startsWith('项目数值第19项')).toBe(true)
  })

  it('moves a row of two lines whole rather than split it over two pages', async () => {
    const rows = Array.from({ length: 18 }, (_, i) => [`第${i + 1}项`, '短'])
    const tall = '这一格的文字较长需要折成两行才能排下全部内容并且还要更长一些' // two lines in half the 版心
    const pdf = await exportPdf(withBody(table([['项目', '说明'], ...rows, ['末项', tall]])))
    const second = withoutWhitespace(poppler('pdftotext', pdf, ['-f', '2', '-l', '2']))
    expect(second).toContain('末项')
    expect(second).toContain(tall)
  })
})

describe('Markdown and plain text of a table', () => {
  it('Markdown: a pipe table with pipes escaped, merged cells empty beyond their first column and row', () => {
    const markdown = exportMarkdown(tableSource)
    expect(markdown).toContain(
      [
        '| 县（市、区） | 年度 | 建成面积（万亩） | 投入资金（亿元） |',
        '| --- | --- | --- | --- |',
        '| 甲县 | 2023年 | 12.5 | 3.1 |',
        '|  | 2024年 | 14.2 | 3.6 |',
        '| 乙县 | 2024年 | 9.8 | 2.4\\|含配套 |',
        '| 合计 |  | 36.5 | 9.1 |',
      ].join('\n'),
    )
  })

  it('Markdown: a table without a header row takes its first row as the header', () => {
    const markdown = exportMarkdown(
      withBody(
        table(
          [
            ['甲', '乙'],
            ['1', '2'],
          ],
          false,
        ),
      ),
    )
    expect(markdown).toContain('| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |')
  })

  it('plain text: one line per row, cells separated by tabs, columns kept under merged cells', () => {
    const lines = exportPlainText(tableSource).split('\n')
    const at = lines.indexOf('调研组汇总了各县建设情况，见下表。')
    expect(lines.slice(at + 1, at + 7)).toEqual([
      '县（市、区）\t年度\t建成面积（万亩）\t投入资金（亿元）',
      '甲县\t2023年\t12.5\t3.1',
      '\t2024年\t14.2\t3.6',
      '乙县\t2024年\t9.8\t2.4|含配套',
      '合计\t\t36.5\t9.1',
      '从上表可以看出，建设进度总体符合预期。',
    ])
  })
})

describe('redline of a changed table', () => {
  it('marks the changed cell’s words and an added row as Word revisions, leaving the rest plain', async () => {
    const earlier = { ...withBody(paragraph('见下表。'), figuresTable), versionNumber: 3, mark: 'draft' as const }
    const changed = table([
      ['县（市、区）', '年度', '建成面积（万亩）', '投入资金（亿元）'],
      [{ text: '甲县', rowspan: 2 }, '2023年', '12.5', '3.1'],
      ['2024年', '15.0', '3.6'],
      ['乙县', '2024年', '9.8', '2.4|含配套'],
      ['丙县', '2024年', '5.2', '1.2'],
      [{ text: '合计', colspan: 2 }, '36.5', '9.1'],
    ])
    const later = { ...withBody(paragraph('见下表。'), changed), versionNumber: 4, mark: 'draft' as const }
    const { document } = await readDocx(await exportRedline({ earlier, later, author: '调研组', date: '2025-02-20' }))
    const [word] = wordTables(document)
    // Accepted, the table reads as the later one.
    expect(word.rows.map((row) => row.cells.join('|'))).toContain('|2024年|15.0|3.6')
    const rowWith = (text: string) => word.rows.find((row) => row.cells.join('').includes(text))!
    expect(rowWith('15.0').xml).toMatch(/<w:del [^>]*w:author="调研组"[^>]*>.*?<w:delText[^>]*>14\.2<\/w:delText>/s)
    expect(rowWith('15.0').xml).toMatch(/<w:ins [^>]*w:author="调研组"[^>]*>.*?<w:t[^>]*>15\.0<\/w:t>/s)
    // The new row is marked inserted as a row, and its words as insertions.
    expect(rowWith('丙县').xml).toMatch(/<w:trPr>.*<w:ins [^>]*w:author="调研组"/s)
    expect(rowWith('乙县').xml).not.toMatch(/<w:(ins|del) /)
  })
})

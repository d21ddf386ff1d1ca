/**
 * The one CSV writer: RFC 4180 (every text field quoted, quotes doubled, CRLF between records),
 * UTF-8 with a BOM so that Excel reads the Chinese, and no cell a spreadsheet would run as a
 * formula (OWASP "CSV injection").
 */

/** A cell: text from people (neutralised and quoted), or a number the server computed. */
export type CsvCell = string | number

// Excel, LibreOffice and Google Sheets start a formula (or a DDE call) at these; tab and CR let one
// hide behind whitespace. The full-width forms are what a Chinese input method types, and
// spreadsheets read some of them as the ASCII ones.
const formulaStart = /^[=+\-@\t\r＝＋－＠]/

function field(cell: CsvCell): string {
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : ''
  // A leading apostrophe makes the cell text; spreadsheets show it without the apostrophe.
  const text = formulaStart.test(cell) ? `'${cell}` : cell
  return `"${text.replace(/"/g, '""')}"`
}

/** A whole CSV file: a header row, then the rows; a BOM first. */
export function csvFile(header: string[], rows: CsvCell[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(field).join(',')).join('\r\n')}\r\n`
}

/**
 * The page of GB/T 9704-2012 in numbers, shared by the DOCX and the PDF so that both print the same
 * page. Lengths are in twips (1/20 pt) as Word stores them; font sizes in half-points (Word's w:sz).
 * Where a figure is derived rather than quoted from the standard, the comment says how.
 */

/** A4 210×297 mm. */
export const page = { width: 11906, height: 16838 } as const

/**
 * 天头 37 mm, 订口 28 mm (quoted); right 26 mm and bottom 35 mm follow from the 156×225 mm 版心.
 * Header and footer distances: the draft mark sits 15 mm from the top edge (as Word-saved 公文 templates
 * do); the footer distance puts the page number's dashes 7 mm below the 版心 (see `pageNumber`).
 */
export const margins = { top: 2098, left: 1587, right: 1474, bottom: 1984, header: 851, footer: 1440 } as const

/** The 版心: 8845 × 12756 tw. */
export const textArea = {
  width: page.width - margins.left - margins.right,
  height: page.height - margins.top - margins.bottom,
} as const

/**
 * 22 lines × 28 characters filling the 版心. 225 mm / 22 = 28.99 pt; 579 tw (28.95 pt) is the largest
 * whole-twip pitch of which 22 lines fit (22 × 579 = 12738 ≤ 12756; at 580 LibreOffice fits only 21).
 * 28 characters of 16 pt (158 mm) exceed 156 mm, so each character is condensed: a cell is
 * 8845/28 = 315.9 tw (15.79 pt). The DOCX gets there with run spacing of −0.25 pt (`characterSpacing`,
 * in twentieths of a point: 28 × 15.75 pt = 441 pt ≤ 442.25 pt) on a line-only grid. Word's
 * character grid (linesAndChars with charSpace −849) would do it in Word, but LibreOffice gives
 * each 16 pt character two cells of such a grid and sets 14 characters a line.
 */
export const grid = {
  linesPerPage: 22,
  charsPerLine: 28,
  linePitch: 579,
  characterSpacing: -5,
  /** Width of one character cell, in twips. */
  cell: (page.width - margins.left - margins.right) / 28,
} as const

/** Font sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt (page numbers; tables at most, see tableTextSize). */
export const sizes = { title: 44, body: 32, pageNumber: 28, mark: 32, tableText: 28 } as const

/**
 * The roles a piece of text plays on the page, each with the typeface the standard asks for.
 * `docxName` is the name written into the DOCX, the one recipients' Windows and WPS machines have.
 */
export type FontRole = 'title' | 'body' | 'heading1' | 'heading2' | 'kai' | 'pageNumber'

export const typefaces: Record<FontRole, { standard: string; docxName: string }> = {
  title: { standard: '2号小标宋体', docxName: '方正小标宋简体' },
  body: { standard: '3号仿宋体 (also 3rd and 4th level headings, 署名, 日期)', docxName: '仿宋' },
  heading1: { standard: '3号黑体', docxName: '黑体' },
  heading2: { standard: '3号楷体', docxName: '楷体' },
  kai: { standard: '3号楷体 (题注)', docxName: '楷体' },
  pageNumber: { standard: '4号半角宋体阿拉伯数字', docxName: '宋体' },
}

/**
 * Page number: "— N —", 4号宋体, dashes 7 mm below the 版心; odd pages right-aligned and even pages
 * left-aligned, each 空一字 (one 4号 character, 280 tw) from the edge of the 版心.
 */
export const pageNumber = {
  dashGap: Math.round((7 / 25.4) * 1440),
  edgeIndent: 280,
  text: (n: number) => `— ${n} —`,
} as const

/** Twips to PDF points. */
export const points = (twips: number) => twips / 20

/**
 * How many character cells a piece of text takes: 汉字 and full-width punctuation one, half-width
 * digits, Latin letters and ASCII punctuation half. Used to place the 署名 and to break the title.
 */
export function textCells(text: string): number {
  let cells = 0
  for (const ch of text) cells += isHalfWidth(ch) ? 0.5 : 1
  return cells
}

/**
 * Half-width characters: ASCII and accented Latin letters. Symbols such as × ÷ ° § come from GB2312
 * as full-width characters in Chinese fonts, as do all CJK characters and punctuation.
 */
function isHalfWidth(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0
  if (code < 0x80) return true
  return code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7
}

/**
 * 署名 and 日期 without a seal (7.3.5.2): the 署名 ends two cells before the right edge and the date
 * starts two cells right of the 署名's start; when the date is too long for that, the date ends two
 * cells before the edge and the 署名 moves left to keep the two-cell offset. Returns each line's gap
 * to the right edge, in cells.
 */
export function signatureGaps(signature: string, date: string): { signature: number; date: number } {
  const sig = textCells(signature)
  const dat = textCells(date)
  const start = Math.min(grid.charsPerLine - 2 - sig, grid.charsPerLine - 2 - dat - 2)
  return { signature: grid.charsPerLine - start - sig, date: grid.charsPerLine - (start + 2) - dat }
}

/**
 * Tables: single black rules of ½ pt (Word's w:sz is in eighths of a point), cells padded left and
 * right by Word's default 108 tw (0.19 cm), and each line of cell text one line of the 579 tw grid,
 * so that a table takes whole grid lines, the text after it stays on the grid, and the DOCX (exact
 * 579 tw spacing in cells) and the PDF break a table into the same rows and pages.
 */
export const table = { ruleEighths: 4, cellPadding: 108 } as const

/**
 * The size of a table's text, in half-points: 4号 (14 pt) while a column still holds four
 * characters of it (a figure like "48.6%", or a short label such as 合计, on one line), else 小四
 * (12 pt), else 5号 (10.5 pt), the smallest a 公文 table prints. Body text stays 3号; a table's
 * cells are narrower than the 版心, and at 3号 four columns would already hold only five characters.
 */
export function tableTextSize(widths: number[]): number {
  const narrowest = Math.min(...widths) * textArea.width - 2 * table.cellPadding
  for (const size of [28, 24]) if (narrowest / (size * 10) >= 4) return size
  return 21
}

/**
 * The PDF of a version, made on the server with the fonts embedded, on the same GB/T 9704 page as
 * the DOCX: A4, the same margins, 22 lines of 28 characters, "— N —" page numbers right on odd and
 * left on even pages. It is set from `exportText`, so its extracted text is the DOCX's text.
 *
 * Every line sits on the grid (579 tw pitch); full-width characters take one 28th of the 版心 width,
 * so a line of 28 汉字 fills it exactly. Lines are justified except the last of a paragraph.
 */
import PDFDocument from 'pdfkit'
import {
  blockText,
  exportText,
  fieldCells,
  isTable,
  prefixRun,
  type BlockRole,
  type ExportText,
  type TableBlock,
  type TableCellBlock,
  type TextRun,
} from './export-text.js'
import { ExportError } from './export-error.js'
import { findFonts, fontSearchDirs, type FontFace, type FontSet, type PdfFontRole } from './fonts.js'
import {
  grid,
  margins,
  page,
  pageNumber,
  points,
  signatureGaps,
  sizes,
  table as tableLayout,
  tableTextSize,
  textArea,
} from './layout.js'
import { breakLines, type Piece } from './line-breaking.js'
import { calendarDate, type ExportSource } from './export-source.js'

export interface PdfOptions {
  /** Where to look for fonts; by default JIANYI_FONT_DIR and the Debian font directories. */
  fontDirs?: string[]
}

/** The PDF's bytes; throws ExportError when a font or a glyph is missing rather than print empty boxes. */
export async function exportPdf(source: ExportSource, options: PdfOptions = {}): Promise<Uint8Array> {
  const text = exportText(source)
  const fonts = findFonts(options.fontDirs ?? fontSearchDirs())
  const lines = layOutLines(text, fonts)
  const pages = paginate(lines)
  return render(source, text, fonts, pages)
}

// ── Geometry in points ───────────────────────────────────────────────────────

const pitch = points(grid.linePitch)
const cell = points(grid.cell)
const left = points(margins.left)
const top = points(margins.top)
const width = points(textArea.width)
const bodySize = sizes.body / 2

// ── Lines ────────────────────────────────────────────────────────────────────

interface Glyph extends Piece {
  face: FontFace
  size: number
  bold?: boolean
  underline?: boolean
  strike?: boolean
}

interface Line {
  glyphs: Glyph[]
  /** Width of a punctuation mark hanging past the right edge, left out when justifying. */
  hanging: number
  /** Where the line's first glyph starts, from the left edge of the 版心, before alignment. */
  indent: number
  /** Width available to the line, from `indent`. */
  available: number
  align: 'justify' | 'left' | 'center' | 'right'
  /** Gap to the right edge of the 版心 for right-aligned lines. */
  rightGap: number
  /** Must be on the same page as the next line (a heading and its paragraph, the signature block). */
  keepWithNext: boolean
  /** An empty line: dropped when it would open a page. */
  blank: boolean
  /** One grid line of a table row: its cells' text and rules. */
  table?: TableLine
}

/**
 * A grid line through a table. Each line of cell text takes one grid line, so a row is as many grid
 * lines as its tallest cell has lines of text, and the page keeps its 22 lines.
 */
interface TableLine {
  /** The table it belongs to: rules close a table where the next line is not of the same one. */
  of: TableBlock
  /** The cells this grid line crosses: left edge from the 版心's left, width, and the text to set (if any). */
  cells: { x: number; width: number; text: Line | null }[]
  /** The first grid line of a row, with the rules above the cells that start in it. */
  rowStart: boolean
  topRules: [number, number][]
  /** A line of a header row, which is repeated at the top of each page the table continues on. */
  header: boolean
  /** The table's header lines, to repeat. */
  headerLines: Line[]
}

const blankLine = (keepWithNext = false): Line => ({
  glyphs: [],
  hanging: 0,
  indent: 0,
  available: width,
  align: 'left',
  rightGap: 0,
  keepWithNext,
  blank: true,
})

const roleFont: Record<BlockRole, PdfFontRole> = {
  heading1: 'heading1',
  heading2: 'heading2',
  heading3: 'body',
  heading4: 'body',
  body: 'body',
  field: 'body',
}

function layOutLines(text: ExportText, fonts: FontSet): Line[] {
  const lines: Line[] = []
  const centred = (runs: TextRun[], role: PdfFontRole, size: number, onGrid: boolean) =>
    paragraphLines(runs, fonts, role, size, { firstIndent: 0, leftIndent: 0, align: 'center', onGrid })

  if (text.documentNumber) {
    lines.push(...centred([{ text: text.documentNumber }], 'body', bodySize, true), blankLine())
  }
  for (const titleLine of text.titleLines) {
    // The 2号 title is set at its natural width: the character grid is for 3号 text (Word turns
    // "snap to grid" off for the title for the same reason).
    lines.push(...centred([{ text: titleLine }], 'title', sizes.title / 2, false))
  }
  for (const noteLine of text.adoptionNoteLines) lines.push(...centred([{ text: noteLine }], 'kai', bodySize, true))
  lines.push(blankLine())
  if (text.recipients) {
    lines.push(
      ...paragraphLines([{ text: text.recipients }], fonts, 'body', bodySize, {
        firstIndent: 0,
        leftIndent: 0,
        align: 'justify',
        onGrid: true,
      }),
    )
  }
  text.blocks.forEach((block) => {
    if (isTable(block)) {
      lines.push(...tableLines(block, fonts))
      return
    }
    const runs = block.prefix ? [prefixRun(block), ...block.runs] : block.runs
    if (block.role === 'field') {
      // A 纪要 header line as the DOCX sets it (GB/T 9704 10.3): 左空二字, the label in 黑体, the
      // lines after the first aligned after the colon; the block keeps together.
      const label = fieldCells(block.prefix)
      const fieldLines = paragraphLines(runs, fonts, 'body', bodySize, {
        firstIndent: 2 * cell,
        leftIndent: (2 + label) * cell,
        align: 'justify',
        onGrid: true,
        context: blockText(block),
      })
      fieldLines.forEach((line) => (line.keepWithNext = true))
      lines.push(...fieldLines)
      return
    }
    const blockLines = paragraphLines(runs, fonts, roleFont[block.role], bodySize, {
      firstIndent: (2 + block.indentCells) * cell,
      leftIndent: block.indentCells * cell,
      align: 'justify',
      onGrid: true,
      context: blockText(block),
    })
    // A heading never ends a page: it goes with the first line of what it heads.
    if (block.role !== 'body') blockLines.forEach((line) => (line.keepWithNext = true))
    lines.push(...blockLines)
  })
  if (text.attachments.length) {
    // 附件说明: one empty line below the body, 左空二字, names aligned (export-text.ts attachmentLines).
    if (lines.length) lines[lines.length - 1].keepWithNext = true
    lines.push(blankLine(true))
    for (const item of text.attachments) {
      const itemLines = paragraphLines([{ text: item.prefix + item.name }], fonts, 'body', bodySize, {
        firstIndent: (2 + item.offsetCells) * cell,
        leftIndent: (2 + item.hangCells) * cell,
        align: 'justify',
        onGrid: true,
      })
      itemLines.forEach((line) => (line.keepWithNext = true))
      lines.push(...itemLines)
    }
    lines[lines.length - 1].keepWithNext = text.signed
  }
  // A 纪要 is not signed: it ends with its last paragraph.
  if (!text.signed) return lines
  // 署名 after one empty line, right gap of two cells; the date below it (7.3.5.2). The last line
  // of the body goes with them so that the signature never stands alone on a page.
  if (lines.length) lines[lines.length - 1].keepWithNext = true
  lines.push(blankLine(true))
  const gaps = signatureGaps(text.signature, text.date)
  const signature = paragraphLines([{ text: text.signature }], fonts, 'body', bodySize, {
    firstIndent: 0,
    leftIndent: 0,
    align: 'right',
    onGrid: true,
  })
  signature.forEach((line) => {
    line.rightGap = gaps.signature * cell
    line.keepWithNext = true
  })
  const date = paragraphLines([{ text: text.date }], fonts, 'body', bodySize, {
    firstIndent: 0,
    leftIndent: 0,
    align: 'right',
    onGrid: true,
  })
  date.forEach((line) => (line.rightGap = gaps.date * cell))
  lines.push(...signature, ...date)
  return lines
}

interface ParagraphStyle {
  firstIndent: number
  leftIndent: number
  align: Line['align']
  /** Full-width characters take one grid cell rather than their natural advance. */
  onGrid: boolean
  /** The paragraph's text, for error messages. */
  context?: string
  /** The width lines are broken to: the 版心's unless given (a table cell's text). */
  measure?: number
}

function paragraphLines(
  runs: TextRun[],
  fonts: FontSet,
  role: PdfFontRole,
  size: number,
  style: ParagraphStyle,
): Line[] {
  const glyphs: Glyph[] = []
  const context = style.context ?? runs.map((run) => run.text).join('')
  for (const run of runs) {
    for (const ch of run.text) {
      if (ch === '\n') {
        glyphs.push({ ch, width: 0, face: fonts[role], size })
        continue
      }
      const face = faceFor(ch, fonts, run.label ? 'heading1' : role, context)
      glyphs.push({
        ch,
        face,
        size,
        width: advance(ch, face, size, style.onGrid),
        bold: run.bold,
        underline: run.underline,
        strike: run.strike,
      })
    }
  }
  const measure = style.measure ?? width
  const broken = breakLines(glyphs, measure - style.firstIndent, measure - style.leftIndent)
  return broken.map((line, i) => ({
    glyphs: line.pieces,
    hanging: line.hanging,
    indent: i === 0 ? style.firstIndent : style.leftIndent,
    available: measure - (i === 0 ? style.firstIndent : style.leftIndent),
    align: style.align === 'justify' && line.ragged ? 'left' : style.align,
    rightGap: 0,
    keepWithNext: false,
    blank: false,
  }))
}

/**
 * A table as grid lines: the table spans the 版心, each cell's text (仿宋 at the table's size, bold
 * and centred in header cells) is broken to the cell's width less its padding, a row is as tall as
 * its tallest cell, and a merged cell's text runs down the rows it covers (the last of them grows
 * when it needs more). The lines of a row, and of rows a merged cell joins, keep together, so a row
 * that does not fit on a page moves to the next one; a header row keeps with the row after it.
 */
function tableLines(table: TableBlock, fonts: FontSet): Line[] {
  const size = tableTextSize(table.widths) / 2
  const padding = points(tableLayout.cellPadding)
  const edges = [0]
  for (const fraction of table.widths) edges.push(edges[edges.length - 1] + fraction * width)
  const textOf = new Map<TableCellBlock, Line[]>()
  for (const row of table.rows) {
    for (const cell of row.cells) {
      const x = edges[cell.column]
      const cellWidth = edges[Math.min(cell.column + cell.colspan, table.columns)] - x
      const lines = cell.paragraphs.flatMap((paragraph) => {
        const runs = paragraph.prefix ? [{ text: paragraph.prefix }, ...paragraph.runs] : paragraph.runs
        return paragraphLines(cell.header ? runs.map((run) => ({ ...run, bold: true })) : runs, fonts, 'body', size, {
          firstIndent: 0,
          leftIndent: 0,
          align: cell.header ? 'center' : 'justify',
          onGrid: false,
          measure: cellWidth - 2 * padding,
        })
      })
      lines.forEach((line) => (line.indent += x + padding))
      textOf.set(cell, lines)
    }
  }
  const count = table.rows.length
  const heights = table.rows.map((row) =>
    Math.max(1, ...row.cells.filter((cell) => cell.rowspan === 1).map((cell) => textOf.get(cell)!.length)),
  )
  // How far down the rows a merged cell reaches, and what it needs.
  const spans: { cell: TableCellBlock; from: number; to: number }[] = []
  table.rows.forEach((row, r) =>
    row.cells.forEach((cell) => spans.push({ cell, from: r, to: Math.min(count, r + cell.rowspan) - 1 })),
  )
  for (const span of spans) {
    if (span.from === span.to) continue
    const have = heights.slice(span.from, span.to + 1).reduce((sum, h) => sum + h, 0)
    const need = textOf.get(span.cell)!.length
    if (need > have) heights[span.to] += need - have
  }
  const headerLines: Line[] = []
  const lines: Line[] = []
  table.rows.forEach((row, r) => {
    const crossing = spans
      .filter((span) => span.from <= r && span.to >= r)
      .sort((a, b) => a.cell.column - b.cell.column)
    // The rows a merged cell starting here joins stay on one page with this one.
    const joinedUntil = Math.max(r, ...spans.filter((span) => span.from === r).map((span) => span.to))
    for (let k = 0; k < heights[r]; k++) {
      const line: Line = { ...blankLine(), blank: false }
      line.table = {
        of: table,
        cells: crossing.map(({ cell, from }) => {
          const above = heights.slice(from, r).reduce((sum, h) => sum + h, 0)
          const x = edges[cell.column]
          return {
            x,
            width: edges[Math.min(cell.column + cell.colspan, table.columns)] - x,
            text: textOf.get(cell)![above + k] ?? null,
          }
        }),
        rowStart: k === 0,
        topRules:
          k === 0
            ? crossing
                .filter((span) => span.from === r)
                .map(({ cell }) => [edges[cell.column], edges[Math.min(cell.column + cell.colspan, table.columns)]])
            : [],
        header: row.header,
        headerLines,
      }
      const lastOfRow = k === heights[r] - 1
      line.keepWithNext = !lastOfRow || joinedUntil > r || (row.header && r < count - 1)
      lines.push(line)
      if (row.header) headerLines.push(line)
    }
  })
  return lines
}

/** The role's face when it has the character, else the fallback; never a face without the glyph. */
function faceFor(ch: string, fonts: FontSet, role: PdfFontRole, context: string): FontFace {
  const code = ch.codePointAt(0) ?? 0
  if (fonts[role].font.hasGlyphForCodePoint(code)) return fonts[role]
  if (fonts.fallback.font.hasGlyphForCodePoint(code)) return fonts.fallback
  const hex = code.toString(16).toUpperCase().padStart(4, '0')
  throw new ExportError(
    'export_glyph_missing',
    `No installed font has the character "${ch}" (U+${hex}) in "${context.slice(0, 40)}": ` +
      `${fonts[role].family} and ${fonts.fallback.family} lack it. Install fonts-noto-cjk-extra or put a font with it into JIANYI_FONT_DIR.`,
  )
}

/** A glyph's advance in points; on the grid a full-width character takes exactly one cell. */
function advance(ch: string, face: FontFace, size: number, onGrid: boolean): number {
  const glyph = face.font.glyphForCodePoint(ch.codePointAt(0) ?? 0)
  const natural = (glyph.advanceWidth / face.font.unitsPerEm) * size
  if (onGrid && natural >= size * 0.9) return cell * (size / bodySize)
  return natural
}

// ── Pages ────────────────────────────────────────────────────────────────────

/** Fills pages of 22 lines, keeping chains of keepWithNext lines together when they fit on a page. */
function paginate(lines: Line[]): Line[][] {
  const pages: Line[][] = [[]]
  let i = 0
  while (i < lines.length) {
    let current = pages[pages.length - 1]
    const line = lines[i]
    if (line.blank && current.length === 0 && pages.length > 1) {
      i++
      continue
    }
    let chain = 1
    while (i + chain - 1 < lines.length - 1 && lines[i + chain - 1].keepWithNext) chain++
    // A table continued from the page before starts with its header rows again.
    const repeat = line.table && !line.table.header ? line.table.headerLines : []
    if (current.length === 0 && pages.length > 1 && repeat.length && repeat.length + chain <= grid.linesPerPage) {
      current.push(...repeat)
    }
    const room = grid.linesPerPage - current.length
    if (chain > room && current.length > 0 && chain <= grid.linesPerPage) {
      pages.push([])
      continue
    }
    if (room === 0) {
      pages.push([])
      current = pages[pages.length - 1]
      if (line.blank) {
        i++
        continue
      }
    }
    current.push(line)
    i++
  }
  return pages
}

// ── Drawing ──────────────────────────────────────────────────────────────────

function render(source: ExportSource, text: ExportText, fonts: FontSet, pages: Line[][]): Promise<Uint8Array> {
  const { year, month, day } = calendarDate(source.date, source.timeZone)
  // The document date, not the clock: the same version exports to the same bytes.
  const created = new Date(Date.UTC(year, month - 1, day))
  const doc = new PDFDocument({
    size: [points(page.width), points(page.height)],
    margins: { top: 0, left: 0, right: 0, bottom: 0 },
    autoFirstPage: false,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: text.titleLines.join(''),
      Author: text.signature,
      Subject: text.headerMark ? `建议案（${text.headerMark}）` : '建议案',
      Keywords: `sha256:${source.contentHash}`,
      Creator: 'Jianyi',
      Producer: 'Jianyi',
      CreationDate: created,
      ModDate: created,
      JianyiContentHash: source.contentHash,
      JianyiVersionNumber: String(source.versionNumber),
      JianyiMark: source.mark,
      ...(source.wordCount !== undefined ? { JianyiWordCount: String(source.wordCount) } : {}),
    } as PDFKit.DocumentInfo,
  })
  const chunks: Buffer[] = []
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.on('error', reject)
  })
  const registered = new Set<string>()
  const use = (face: FontFace) => {
    // One registration per file and face: roles that share a font share its embedded subset.
    const name = `${face.path}#${face.postscriptName ?? ''}`
    if (!registered.has(name)) {
      // The parsed face, not its bytes: parsing a CJK font is most of an export's time, and the
      // face (cached per process in fonts.ts) can be shared, each document making its own subset.
      doc.registerFont(name, face.font as unknown as PDFKit.Mixins.PDFFontSource)
      registered.add(name)
    }
    doc.font(name)
  }

  pages.forEach((lines, index) => {
    doc.addPage()
    if (text.headerMark) drawHeaderMark(doc, text.headerMark, fonts, use)
    lines.forEach((line, row) => {
      if (line.table) drawTableLine(doc, line.table, row, lines, use)
      else drawLine(doc, line, row, use)
    })
    drawPageNumber(doc, index + 1, fonts, use)
  })
  doc.end()
  return done
}

/** Baseline that centres an ideographic em box of `size` in the grid line `row`. */
function baseline(row: number, size: number): number {
  const lineTop = top + row * pitch
  return lineTop + (pitch - size) / 2 + size * 0.88
}

function drawLine(doc: PDFKit.PDFDocument, line: Line, row: number, use: (face: FontFace) => void) {
  if (!line.glyphs.length) return
  const natural = line.glyphs.reduce((total, glyph) => total + glyph.width, 0)
  let x = left + line.indent
  let spacing = 0
  if (line.align === 'justify' && line.glyphs.length > 1) {
    // A hanging mark sits past the edge: the glyphs before it fill the line.
    const gaps = line.hanging ? line.glyphs.length - 2 : line.glyphs.length - 1
    const extra = gaps > 0 ? (line.available - (natural - line.hanging)) / gaps : 0
    // A line cut before a long Latin word would be stretched apart; leave it ragged instead.
    spacing = extra > 0 && extra < cell * 0.5 ? extra : 0
  } else if (line.align === 'center') {
    x = left + line.indent + (line.available - natural) / 2
  } else if (line.align === 'right') {
    x = left + width - line.rightGap - natural
  }
  const size = Math.max(...line.glyphs.map((glyph) => glyph.size))
  const y = baseline(row, size)
  for (const glyph of line.glyphs) {
    use(glyph.face)
    doc.fontSize(glyph.size)
    if (glyph.bold) {
      // The stand-in fonts have no bold face: stroke the outline as Word's faux bold does.
      doc
        .lineWidth(glyph.size * 0.03)
        .fillColor('black')
        .strokeColor('black')
      doc.text(glyph.ch, x, y, { lineBreak: false, baseline: 'alphabetic', fill: true, stroke: true })
    } else {
      doc.fillColor('black').text(glyph.ch, x, y, { lineBreak: false, baseline: 'alphabetic' })
    }
    const advanceBy = glyph.width + spacing
    if (glyph.underline) {
      doc
        .lineWidth(0.6)
        .moveTo(x, y + glyph.size * 0.12)
        .lineTo(x + advanceBy, y + glyph.size * 0.12)
        .stroke('black')
    }
    if (glyph.strike) {
      doc
        .lineWidth(0.6)
        .moveTo(x, y - glyph.size * 0.3)
        .lineTo(x + advanceBy, y - glyph.size * 0.3)
        .stroke('black')
    }
    x += advanceBy
  }
}

/**
 * One grid line of a table: the text of each cell it crosses and the rules. A rule closes the table
 * above and below wherever the lines around are not of the same table, as where a page breaks it.
 */
function drawTableLine(
  doc: PDFKit.PDFDocument,
  line: TableLine,
  row: number,
  page: Line[],
  use: (face: FontFace) => void,
) {
  for (const cell of line.cells) if (cell.text) drawLine(doc, cell.text, row, use)
  const y = top + row * pitch
  const same = (other: Line | undefined) => other?.table?.of === line.of
  const previous = page[row - 1]?.table
  doc.lineWidth(tableLayout.ruleEighths / 8).strokeColor('black')
  const rule = (from: number, to: number, at: number) =>
    doc
      .moveTo(left + from, at)
      .lineTo(left + to, at)
      .stroke()
  if (!same(page[row - 1]) || (previous?.header && !line.header)) rule(0, width, y)
  else if (line.rowStart) line.topRules.forEach(([from, to]) => rule(from, to, y))
  if (!same(page[row + 1])) rule(0, width, y + pitch)
  for (const cell of line.cells) {
    doc
      .moveTo(left + cell.x, y)
      .lineTo(left + cell.x, y + pitch)
      .stroke()
  }
  doc
    .moveTo(left + width, y)
    .lineTo(left + width, y + pitch)
    .stroke()
}

/** "— N —" in 4号宋体 with the dashes 7 mm below the 版心; odd pages right, even pages left, 空一字. */
function drawPageNumber(doc: PDFKit.PDFDocument, n: number, fonts: FontSet, use: (face: FontFace) => void) {
  const face = fonts.pageNumber
  const size = sizes.pageNumber / 2
  const label = pageNumber.text(n)
  const dash = face.font.glyphForCodePoint(0x2014)
  const dashTop = (dash.bbox.maxY / face.font.unitsPerEm) * size
  const y = points(page.height - margins.bottom + pageNumber.dashGap) + dashTop
  use(face)
  doc.fontSize(size)
  const labelWidth = doc.widthOfString(label)
  const edge = points(pageNumber.edgeIndent)
  const x = n % 2 === 1 ? left + width - edge - labelWidth : left + edge
  doc.fillColor('black').text(label, x, y, { lineBreak: false, baseline: 'alphabetic' })
}

/** 草稿 / 征求意见稿 at the top right of every page, in red 3号黑体, above the 版心. */
function drawHeaderMark(doc: PDFKit.PDFDocument, mark: string, fonts: FontSet, use: (face: FontFace) => void) {
  const size = sizes.mark / 2
  use(fonts.heading1)
  doc.fontSize(size)
  const markWidth = doc.widthOfString(mark)
  const y = points(margins.header) + size * 0.88
  doc.fillColor('#C00000').text(mark, left + width - markWidth, y, { lineBreak: false, baseline: 'alphabetic' })
  doc.fillColor('black')
}

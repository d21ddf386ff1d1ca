/**
 * The Markdown of a version, for reading in a browser or a repository: the title as "#", numbered
 * headings one level below it (## 一、 … ##### （1）), bold and italic kept, from the same
 * `exportText` as the DOCX and PDF. A draft starts with its mark as a quote.
 */
import { exportText, isTable, tableGrid, type TableBlock, type TextBlock, type TextRun } from './export-text.js'
import type { ExportSource } from './export-source.js'

const headingMarks: Record<TextBlock['role'], string> = {
  heading1: '## ',
  heading2: '### ',
  heading3: '#### ',
  heading4: '##### ',
  body: '',
  field: '',
}

/** Markdown (CommonMark) of a version. */
export function exportMarkdown(source: ExportSource): string {
  const text = exportText(source)
  const paragraphs: string[] = []
  if (text.headerMark) paragraphs.push(`> **${escapeMarkdown(text.headerMark)}**`)
  if (text.documentNumber) paragraphs.push(escapeLineStart(escapeMarkdown(text.documentNumber)))
  paragraphs.push(`# ${escapeMarkdown(text.titleLines.join(''))}`)
  if (text.adoptionNoteLines.length) paragraphs.push(escapeLineStart(escapeMarkdown(text.adoptionNoteLines.join(''))))
  if (text.recipients) paragraphs.push(escapeLineStart(escapeMarkdown(text.recipients)))
  for (const block of text.blocks) {
    if (isTable(block)) {
      paragraphs.push(pipeTable(block))
      continue
    }
    const mark = headingMarks[block.role]
    const indent = block.indentCells > 0 ? '> ' : ''
    // A 纪要 header line's label is bold, as the editor shows it.
    const prefix = block.role === 'field' ? `**${escapeMarkdown(block.prefix)}**` : escapeMarkdown(block.prefix)
    const body = prefix + inline(block.runs)
    paragraphs.push(indent + mark + (mark ? body.replace(/\\\n/g, ' ') : escapeLineStart(body)))
  }
  if (text.attachments.length)
    paragraphs.push(
      text.attachments
        .map((line) => '\u3000'.repeat(line.offsetCells) + escapeLineStart(escapeMarkdown(line.prefix + line.name)))
        .join('\\\n'),
    )
  // A backslash at the end of a line is a hard break: 署名 and 日期 stay on two lines.
  if (text.signed)
    paragraphs.push(
      `${escapeLineStart(escapeMarkdown(text.signature))}\\\n${escapeLineStart(escapeMarkdown(text.date))}`,
    )
  return paragraphs.join('\n\n') + '\n'
}

/**
 * A GFM pipe table. Markdown has no merged cells: a merged cell's text stands in its first column
 * and first row, the columns and rows it covers stay empty. Markdown has no table without a header
 * either: when none is marked, the first row is the header (tables imported from Word rarely mark
 * theirs, and their first row is where the column names are). A cell is one line: its paragraphs
 * and line breaks are joined by spaces.
 */
function pipeTable(table: TableBlock): string {
  const grid = tableGrid(table, (cell) =>
    cell.paragraphs
      .map((paragraph) => (escapeMarkdown(paragraph.prefix) + inline(paragraph.runs)).replace(/\\\n/g, ' '))
      .join(' '),
  )
  const line = (cells: string[]) => `| ${cells.map((cell) => cell.trim()).join(' | ')} |`
  const [header, ...body] = grid
  return [line(header), `|${' --- |'.repeat(table.columns)}`, ...body.map(line)].join('\n')
}

function inline(runs: TextRun[]): string {
  return runs
    .map((run) => {
      let out = escapeMarkdown(run.text).replace(/\n/g, '\\\n')
      if (!out.trim()) return out
      if (run.strike) out = `~~${out}~~`
      if (run.italic) out = `*${out}*`
      if (run.bold) out = `**${out}**`
      return out
    })
    .join('')
}

/** Characters that Markdown would read as syntax anywhere in a line. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|~])/g, '\\$1')
}

/** What Markdown reads as a list, heading or quote at the start of a line: "1." "-" "+" "#" ">". */
function escapeLineStart(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^(\d+)([.)])/, '$1\\$2').replace(/^([-+#>=])/, '\\$1'))
    .join('\n')
}

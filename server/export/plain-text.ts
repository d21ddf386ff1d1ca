/**
 * The plain text of a version (for pasting into an OA system or a message), heading numbers
 * included, from the same `exportText` as the DOCX and PDF. A draft starts with its mark.
 */
import { blockText, exportText } from './export-text.js'
import type { ExportSource } from './export-source.js'

/** Plain text: the title block, a blank line, one line per paragraph, a blank line, 署名 and 日期 (a 纪要 has none). */
export function exportPlainText(source: ExportSource): string {
  const text = exportText(source)
  const sections: string[][] = []
  if (text.headerMark) sections.push([text.headerMark])
  sections.push([
    ...(text.documentNumber ? [text.documentNumber] : []),
    text.titleLines.join(''),
    ...(text.adoptionNoteLines.length ? [text.adoptionNoteLines.join('')] : []),
  ])
  sections.push([...(text.recipients ? [text.recipients] : []), ...text.blocks.map(blockText)])
  // The names line up under each other as on paper: the label's width in full-width spaces.
  if (text.attachments.length)
    sections.push(text.attachments.map((line) => '\u3000'.repeat(line.offsetCells) + line.prefix + line.name))
  if (text.signed) sections.push([text.signature, text.date])
  return sections.map((lines) => lines.join('\n')).join('\n\n') + '\n'
}

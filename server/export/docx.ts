/**
 * The DOCX of a version, laid out per GB/T 9704-2012: A4 with the standard's margins, a 22×28
 * document grid at a 579 tw line pitch, 3号仿宋 body indented two characters, 2号小标宋 title,
 * 黑体/楷体/仿宋 headings numbered 一、（一）1.（1）, 3号楷体 题注, 署名 and 日期 placed per 7.3.5,
 * "— N —" page numbers in 4号宋体 right on odd and left on even pages, and 草稿 / 征求意见稿 in the
 * header of anything not approved. The text is `exportText`'s, the same as the PDF's.
 */
import { DeletedTextRun, Document, InsertedTextRun, TextRun as WordRun, type IRunOptions } from 'docx'
import { packDocument, versionProperties } from './docx-package.js'
import {
  cellParagraph,
  cellRuns,
  defaultFontNames,
  isPageTable,
  offGridRewrites,
  officialSection,
  officialStyles,
  pageParagraphs,
  wordParagraph,
  wordRuns,
  wordTable,
  type FontNames,
} from './docx-page.js'
import { exportText, type TextRun } from './export-text.js'
import type { ExportSource } from './export-source.js'

export interface DocxOptions {
  /** Word font names per role, for offices whose machines name the fonts differently (仿宋_GB2312…). */
  fontNames?: Partial<FontNames>
}

/** The DOCX's bytes; throws ExportError for a malformed source. */
export async function exportDocx(source: ExportSource, options: DocxOptions = {}): Promise<Uint8Array> {
  const text = exportText(source)
  const fonts = { ...defaultFontNames, ...options.fontNames }
  const run = runMaker()
  const children = pageParagraphs(text).map((item) =>
    isPageTable(item)
      ? wordTable(item.table, (cell, _row, size) =>
          cell.paragraphs.map((paragraph) => cellParagraph(cell, wordRuns(cellRuns(paragraph, cell), run, { size }))),
        )
      : wordParagraph(item, wordRuns(item.runs, run)),
  )
  const document = new Document({
    ...versionProperties(source, text.titleLines.join('')),
    styles: officialStyles(fonts),
    evenAndOddHeaderAndFooters: true,
    sections: [officialSection(text, children)],
  })
  return packDocument(document, source, offGridRewrites)
}

/**
 * Plain runs, and the words of an open suggestion (修订) as a Word revision by its author, so that
 * Word and WPS list it under 修订 and let the reader accept or reject it there. Revision ids are
 * unique within the document, as Word requires.
 */
function runMaker(): (options: IRunOptions, run: TextRun) => WordRun | InsertedTextRun | DeletedTextRun {
  let nextId = 1
  return (options, run) => {
    if (!run.revision) return new WordRun(options)
    const stamp = { id: nextId++, author: run.revision.author, date: run.revision.date }
    return run.revision.kind === 'insertion'
      ? new InsertedTextRun({ ...options, ...stamp })
      : new DeletedTextRun({ ...options, ...stamp })
  }
}

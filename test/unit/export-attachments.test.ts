/**
 * 附件说明 (GB/T 9704 7.3.3) in every export: one empty line below the body, 左空二字, 附件：,
 * several names numbered and starting under each other, a long name continuing under its own first
 * character, no punctuation after a name; above the 署名.
 */
import { describe, expect, it } from 'vitest'
import { exportDocx } from '../../server/export/docx.js'
import { attachmentLines } from '../../server/export/export-text.js'
import type { ExportSource } from '../../server/export/export-source.js'
import { grid } from '../../server/export/layout.js'
import { exportMarkdown } from '../../server/export/markdown.js'
import { exportPdf } from '../../server/export/pdf.js'
import { exportPlainText } from '../../server/export/plain-text.js'
import { paragraphs, readDocx } from '../fixtures/export/docx-parts.js'
import { extractedBodyText, withoutWhitespace } from '../fixtures/export/poppler.js'
import { sampleSource } from '../fixtures/export/sample-source.js'

const names = ['全市高标准农田建设情况汇报（市农业农村局，2026年2月27日）。', '六县（市、区）亩均投入对比图']
const source: ExportSource = { ...sampleSource, attachments: names }

describe('附件说明', () => {
  it('numbers several names and aligns them; one name is not numbered', () => {
    expect(attachmentLines(names)).toEqual([
      {
        prefix: '附件：1.',
        name: '全市高标准农田建设情况汇报（市农业农村局，2026年2月27日）',
        offsetCells: 0,
        hangCells: 4,
      },
      { prefix: '2.', name: '六县（市、区）亩均投入对比图', offsetCells: 3, hangCells: 4 },
    ])
    expect(attachmentLines(['测算表'])).toEqual([{ prefix: '附件：', name: '测算表', offsetCells: 0, hangCells: 3 }])
    expect(attachmentLines(['  ', '。'])).toEqual([])
  })

  it('prints the lines between the body and the 署名 in plain text and Markdown', () => {
    const text = exportPlainText(source)
    const lines = text.trimEnd().split('\n')
    const at = lines.indexOf('附件：1.全市高标准农田建设情况汇报（市农业农村局，2026年2月27日）')
    expect(at).toBeGreaterThan(0)
    expect(lines[at - 1]).toBe('')
    expect(lines[at + 1]).toBe('\u3000\u3000\u30002.六县（市、区）亩均投入对比图')
    expect(lines[at + 2]).toBe('')
    expect(lines[at + 3]).toBe(sampleSource.signature)
    expect(exportMarkdown(source)).toContain('附件：1.全市高标准农田建设情况汇报')
    expect(exportPlainText(sampleSource)).not.toContain('附件')
  })

  it('sets the DOCX lines 左空二字 with the names under each other, before the 署名', async () => {
    const { document } = await readDocx(await exportDocx(source))
    const all = paragraphs(document)
    const first = all.findIndex((p) => p.text.startsWith('附件：1.'))
    expect(all[first - 1].text).toBe('')
    expect(all[first + 1].text).toBe('2.六县（市、区）亩均投入对比图')
    expect(all.slice(first + 2).some((p) => p.text === sampleSource.signature)).toBe(true)
    const indents = [
      ...document.matchAll(/<w:p>(?:(?!<\/w:p>).)*?<w:ind ([^>]*)\/>(?:(?!<\/w:p>).)*?(附件：1\.|2\.六县)/gs),
    ].map((m) => m[1])
    const cells = (n: number) => String(Math.round(n * grid.cell))
    // The first line of each starts 2 (附件：) and 5 (2.) cells in; every name, and its next lines, 6 cells in.
    expect(indents).toEqual([
      `w:left="${cells(6)}" w:hanging="${cells(4)}"`,
      `w:left="${cells(6)}" w:hanging="${cells(1)}"`,
    ])
  })

  it('prints them in the PDF', async () => {
    const text = withoutWhitespace(extractedBodyText(await exportPdf(source)))
    expect(text).toContain('附件：1.全市高标准农田建设情况汇报')
    expect(text.indexOf('2.六县')).toBeLessThan(text.lastIndexOf(sampleSource.signature))
  })
})

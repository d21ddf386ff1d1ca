import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { exportText, readingParagraphs } from '../../server/export/export-text.js'
import { findFonts } from '../../server/export/fonts.js'
import { exportPdf } from '../../server/export/pdf.js'
import type { ExportSource } from '../../server/export/export-source.js'
import type { JsonNode } from '../../shared/editor/text.js'
import { extractedBodyText, poppler, withoutWhitespace } from '../fixtures/export/poppler.js'
import { sampleSource } from '../fixtures/export/sample-source.js'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const pageCount = (pdf: Uint8Array) => Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', pdf))![1])
const paragraph = (text: string): JsonNode => ({ type: 'paragraph', content: [{ type: 'text', text }] })
const withBody = (...content: JsonNode[]): ExportSource => ({
  ...sampleSource,
  adoptionNote: undefined,
  recipients: undefined,
  content: { type: 'doc', content },
})

/** Words with their boxes on one page, from pdftotext -bbox. */
function words(pdf: Uint8Array, page: number) {
  const xml = poppler('pdftotext', pdf, ['-bbox', '-f', String(page), '-l', String(page)])
  return [
    ...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
  ].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: m[5],
  }))
}

describe('PDF export of the sample 建议案', () => {
  let pdf: Uint8Array

  beforeAll(async () => {
    pdf = await exportPdf(sampleSource)
  })

  it('embeds every font it uses', () => {
    const rows = poppler('pdffonts', pdf)
      .split('\n')
      .slice(2)
      .filter((line) => line.trim())
    expect(rows.length).toBeGreaterThanOrEqual(4)
    for (const row of rows) {
      const columns = /\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(row)
      expect(columns, row).not.toBeNull()
      expect(columns![1], `not embedded: ${row}`).toBe('yes')
    }
  })

  it('carries exactly the text of the export, which the DOCX carries too', () => {
    const expected = readingParagraphs(exportText(sampleSource)).join('\n')
    expect(withoutWhitespace(extractedBodyText(pdf))).toBe(withoutWhitespace(expected))
  })

  it('is an A4 document of five pages', () => {
    const info = poppler('pdfinfo', pdf)
    expect(info).toMatch(/Page size:\s+595\.3 x 841\.9 pts \(A4\)/)
    expect(pageCount(pdf)).toBe(5)
    expect(info).toContain(`sha256:${sampleSource.contentHash}`)
  })

  it('sets the text inside the 版心, justified to its right edge', () => {
    const cell = 8845 / 28 / 20
    const all = [1, 2].flatMap((page) => words(pdf, page)).filter((w) => !/^[—\d]+$/.test(w.text))
    const left = Math.min(...all.map((w) => w.xMin))
    const right = Math.max(...all.map((w) => w.xMax))
    expect(left).toBeCloseTo(1587 / 20, 0)
    // Justified lines end at the right edge; a hanging comma or full stop may stand one cell beyond it.
    expect(right).toBeGreaterThan((11906 - 1474) / 20 - 2)
    expect(right).toBeLessThanOrEqual((11906 - 1474) / 20 + 1.5 * cell)
    // Glyph boxes include the font's ascent, which reaches a little above the first grid line.
    expect(Math.min(...all.map((w) => w.yMin))).toBeGreaterThan(2098 / 20 - 6)
    expect(Math.max(...all.map((w) => w.yMax))).toBeLessThanOrEqual((16838 - 1984) / 20)
  })

  it('prints "— N —" below the 版心, right on odd pages and left on even pages', () => {
    const textBottom = (16838 - 1984) / 20
    const number = (page: number) => {
      const row = words(pdf, page).filter((w) => w.yMin > textBottom)
      expect(row.map((w) => w.text).join(' ')).toBe(`— ${page} —`)
      return { left: Math.min(...row.map((w) => w.xMin)), right: Math.max(...row.map((w) => w.xMax)) }
    }
    const oneCharacter = 14
    for (const page of [1, 3]) expect(number(page).right).toBeCloseTo((11906 - 1474) / 20 - oneCharacter, 0)
    for (const page of [2, 4]) expect(number(page).left).toBeCloseTo(1587 / 20 + oneCharacter, 0)
  })

  it('produces the same bytes and text for the same version', async () => {
    const again = await exportPdf(structuredClone(sampleSource))
    expect(sha256(again)).toBe(sha256(pdf))
  })
})

describe('PDF layout on the 22 × 28 grid', () => {
  it('sets 22 lines a page and 28 characters a line', async () => {
    // Each paragraph: 2 cells of indent + 54 汉字 = exactly two full lines.
    const hanzi = '农田建设管护机制资金投入质量监管规划布局耕地保护粮食安全'
    const body = Array.from({ length: 100 }, (_, i) =>
      paragraph((hanzi.repeat(3).slice(i % 10) + hanzi.repeat(3)).slice(0, 54)),
    )
    const pdf = await exportPdf(withBody(...body))
    // Title 1 + blank 1 + 200 body lines + blank, 署名, 日期 = 205 lines = 9 full pages and 7 lines.
    expect(pageCount(pdf)).toBe(Math.ceil(205 / 22))
    const lines = poppler('pdftotext', pdf, ['-f', '2', '-l', '2', '-enc', 'UTF-8'])
      .split('\n')
      .filter((line) => line.trim() && !/^—\s*\d+\s*—$/.test(line.trim()))
    expect(lines).toHaveLength(22)
    for (const line of lines) expect([...line.trim()].length === 26 || [...line.trim()].length === 28).toBe(true)
    expect(lines.some((line) => [...line.trim()].length === 28)).toBe(true)
  })

  it('keeps the 署名 and date with the last line of the body when the page is full', async () => {
    // 20 body lines after title and blank fill page 1; the signature block moves with the last body line.
    const body = Array.from({ length: 10 }, () => paragraph('农'.repeat(54)))
    const pdf = await exportPdf(withBody(...body))
    expect(pageCount(pdf)).toBe(2)
    const page2 = poppler('pdftotext', pdf, ['-f', '2', '-l', '2', '-enc', 'UTF-8'])
      .split('\n')
      .filter((l) => l.trim())
    expect(page2[0]).toBe('农'.repeat(28))
    expect(page2).toContain('政协××市委员会')
  })
})

describe('PDF of drafts', () => {
  it('prints 草稿 with the version on every page of a draft', async () => {
    const draft = { ...sampleSource, mark: 'draft' as const, versionNumber: 3 }
    const pdf = await exportPdf(draft)
    const pages = poppler('pdftotext', pdf, ['-enc', 'UTF-8'])
      .split('\f')
      .filter((p) => p.trim())
    expect(pages).toHaveLength(5)
    for (const page of pages) expect(page).toContain('草稿（第3版）')
    expect(withoutWhitespace(extractedBodyText(pdf, ['草稿（第3版）']))).toBe(
      withoutWhitespace(readingParagraphs(exportText(draft)).join('')),
    )
  })
})

describe('PDF fonts', () => {
  it('fails with a clear error naming the Debian package when no font is installed', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'jianyi-no-fonts-'))
    await expect(exportPdf(sampleSource, { fontDirs: [empty] })).rejects.toMatchObject({
      code: 'export_font_missing',
      message: expect.stringMatching(/apt-get install --no-install-recommends fonts-noto-cjk/),
    })
  })

  it('names texlive-lang-chinese when only the Noto fonts are there and 仿宋 is missing', async () => {
    const fonts = findFonts()
    const dir = mkdtempSync(join(tmpdir(), 'jianyi-noto-only-'))
    mkdirSync(join(dir, 'noto'))
    for (const face of [fonts.title, fonts.fallback]) {
      if (/noto/i.test(face.path)) symlinkSync(face.path, join(dir, 'noto', basename(face.path)))
    }
    await expect(exportPdf(sampleSource, { fontDirs: [dir] })).rejects.toMatchObject({
      code: 'export_font_missing',
      message: expect.stringMatching(/仿宋.*texlive-lang-chinese/s),
    })
  })

  it('sets a rare character from the fallback font rather than an empty box', async () => {
    const fonts = findFonts()
    const rare = '䶮'
    expect(fonts.fallback.font.hasGlyphForCodePoint(rare.codePointAt(0)!)).toBe(true)
    const pdf = await exportPdf(withBody(paragraph(`刘${rare}委员提出建议。`)))
    expect(extractedBodyText(pdf)).toContain(`刘${rare}委员提出建议。`)
  })

  it('refuses a character that no installed font has', async () => {
    await expect(exportPdf(withBody(paragraph('西夏文\u{17000}字')))).rejects.toMatchObject({
      code: 'export_glyph_missing',
      message: expect.stringContaining('U+17000'),
    })
  })
})

import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { exportDocx } from '../../server/export/docx.js'
import { exportText, readingParagraphs } from '../../server/export/export-text.js'
import type { ExportSource } from '../../server/export/export-source.js'
import { paragraphs, readDocx, styleXml, type DocxParts } from '../fixtures/export/docx-parts.js'
import { sampleSource } from '../fixtures/export/sample-source.js'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const attr = (xml: string, element: string, name: string) =>
  new RegExp(`<${element} [^>]*?${name}="([^"]*)"`).exec(xml)?.[1]

describe('DOCX export of an approved 建议案', () => {
  let approved: DocxParts
  let bytes: Uint8Array

  beforeAll(async () => {
    bytes = await exportDocx(sampleSource)
    approved = await readDocx(bytes)
  })

  it('sets the A4 page and the GB/T 9704 margins in twips', () => {
    const sectPr = /<w:sectPr>.*<\/w:sectPr>/s.exec(approved.document)![0]
    expect(attr(sectPr, 'w:pgSz', 'w:w')).toBe('11906')
    expect(attr(sectPr, 'w:pgSz', 'w:h')).toBe('16838')
    expect(attr(sectPr, 'w:pgMar', 'w:top')).toBe('2098')
    expect(attr(sectPr, 'w:pgMar', 'w:left')).toBe('1587')
    expect(attr(sectPr, 'w:pgMar', 'w:right')).toBe('1474')
    expect(attr(sectPr, 'w:pgMar', 'w:bottom')).toBe('1984')
  })

  it('uses a 579-twip line grid and exact 579-twip line spacing, condensed to 28 characters a line', () => {
    expect(attr(approved.document, 'w:docGrid', 'w:linePitch')).toBe('579')
    const body = styleXml(approved.styles, 'BodyText')
    expect(attr(body, 'w:spacing', 'w:line')).toBe('579')
    expect(attr(body, 'w:spacing', 'w:lineRule')).toBe('exact')
    // 28 × (16 pt − 0.25 pt) = 441 pt fits the 442.25 pt text width; 29 would not.
    expect(body).toContain('<w:spacing w:val="-5"/>')
  })

  it('gives each element the typeface and half-point size of the standard', () => {
    const font = (id: string) => attr(styleXml(approved.styles, id), 'w:rFonts', 'w:eastAsia')
    const size = (id: string) => attr(styleXml(approved.styles, id), 'w:sz', 'w:val')
    expect([font('Title'), size('Title')]).toEqual(['方正小标宋简体', '44'])
    expect([font('BodyText'), size('BodyText')]).toEqual(['仿宋', '32'])
    expect([font('Heading1'), size('Heading1')]).toEqual(['黑体', '32'])
    expect([font('Heading2'), size('Heading2')]).toEqual(['楷体', '32'])
    expect([font('Heading3'), size('Heading3')]).toEqual(['仿宋', '32'])
    expect([font('Heading4'), size('Heading4')]).toEqual(['仿宋', '32'])
    expect([font('AdoptionNote'), size('AdoptionNote')]).toEqual(['楷体', '32'])
    expect([font('Signature'), size('Signature')]).toEqual(['仿宋', '32'])
    expect([font('DocumentDate'), size('DocumentDate')]).toEqual(['仿宋', '32'])
    expect([font('PageNumber'), size('PageNumber')]).toEqual(['宋体', '28'])
    // Every script slot names the Chinese font, so digits and Latin letters match the text around them.
    expect(attr(styleXml(approved.styles, 'BodyText'), 'w:rFonts', 'w:ascii')).toBe('仿宋')
  })

  it('centres the title and the 题注, indents body and headings by two characters, and does not bold headings', () => {
    expect(attr(styleXml(approved.styles, 'Title'), 'w:jc', 'w:val')).toBe('center')
    expect(attr(styleXml(approved.styles, 'AdoptionNote'), 'w:jc', 'w:val')).toBe('center')
    for (const id of ['BodyText', 'Heading1', 'Heading2', 'Heading3']) {
      expect(attr(styleXml(approved.styles, id), 'w:ind', 'w:firstLineChars')).toBe('200')
    }
    expect(styleXml(approved.styles, 'Heading1')).toContain('<w:b w:val="false"/>')
  })

  it('prints the heading numbers as text, and all of the export text in order', () => {
    const printed = paragraphs(approved.document).filter((p) => p.text.length > 0)
    expect(printed.map((p) => p.text.replace(/\n/g, ''))).toEqual(readingParagraphs(exportText(sampleSource)))
    const headings = printed.filter((p) => p.style?.startsWith('Heading')).map((p) => p.text)
    expect(headings.slice(0, 6)).toEqual([
      '一、基本情况',
      '（一）统筹推进机制初步形成',
      '（二）资金投入渠道逐步拓宽',
      '（三）建设成效初步显现',
      '二、存在的问题',
      '（一）建设标准与实际需求不相适应',
    ])
    expect(headings).toContain('1.完善规划布局')
    expect(headings).toContain('2.严格质量监管')
  })

  it('breaks the title where the PDF breaks it', () => {
    const title = paragraphs(approved.document).find((p) => p.style === 'Title')!
    expect(title.text.split('\n')).toEqual(exportText(sampleSource).titleLines)
  })

  it('places the 署名 right with its gap and the date on the next line', () => {
    const body = approved.document
    const signature = /<w:p><w:pPr><w:pStyle w:val="Signature"\/>.*?<\/w:p>/s.exec(body)![0]
    const date = /<w:p><w:pPr><w:pStyle w:val="DocumentDate"\/>.*?<\/w:p>/s.exec(body)![0]
    expect(signature).toContain('政协××市委员会')
    expect(date).toContain('2025年2月26日')
    // 政协××市委员会 (8 cells) over a 6.5-cell date: date 2 cells from the edge, 署名 2.5.
    expect(Number(attr(signature, 'w:ind', 'w:right'))).toBe(Math.round(2.5 * (8845 / 28)))
    expect(Number(attr(date, 'w:ind', 'w:right'))).toBe(Math.round(2 * (8845 / 28)))
    expect(attr(styleXml(approved.styles, 'Signature'), 'w:jc', 'w:val')).toBe('right')
  })

  it('numbers pages "— N —" with a PAGE field, right on odd pages and left on even pages', () => {
    expect(approved.settings).toContain('<w:evenAndOddHeaders/>')
    const odd = approved.footers.default
    const even = approved.footers.even
    for (const footer of [odd, even]) {
      expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/)
      expect(footer).toContain('— </w:t>')
      expect(footer).toContain(' —</w:t>')
      expect(footer).toContain('<w:pStyle w:val="PageNumber"/>')
    }
    expect(attr(odd, 'w:jc', 'w:val')).toBe('right')
    expect(attr(odd, 'w:ind', 'w:right')).toBe('280')
    expect(attr(even, 'w:jc', 'w:val')).toBe('left')
    expect(attr(even, 'w:ind', 'w:left')).toBe('280')
  })

  it('has no draft mark in any header', () => {
    expect(Object.keys(approved.headers)).toHaveLength(0)
    expect(approved.document).not.toContain('草稿')
    expect(approved.document).not.toContain('征求意见稿')
  })

  it('records the content hash, version and mark in the document properties', () => {
    expect(approved.custom).toMatch(
      new RegExp(`name="JianyiContentHash"><vt:lpwstr>${sampleSource.contentHash}</vt:lpwstr>`),
    )
    expect(approved.custom).toMatch(/name="JianyiVersionNumber"><vt:lpwstr>7<\/vt:lpwstr>/)
    expect(approved.custom).toMatch(/name="JianyiMark"><vt:lpwstr>approved<\/vt:lpwstr>/)
    expect(approved.core).toContain(`<cp:keywords>sha256:${sampleSource.contentHash}</cp:keywords>`)
    expect(approved.core).toContain('<dc:title>关于推进我市高标准农田建设提质增效的建议案</dc:title>')
  })

  it('produces the same bytes for the same version', async () => {
    const again = await exportDocx(structuredClone(sampleSource))
    expect(sha256(again)).toBe(sha256(bytes))
    expect(approved.core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-02-26T00:00:00Z</dcterms:created>')
  })
})

describe('DOCX export of drafts', () => {
  const draftParts = (mark: ExportSource['mark']) =>
    exportDocx({ ...sampleSource, mark, versionNumber: 3 }).then(readDocx)

  it('puts 草稿 with the version number in the odd and even headers of a draft', async () => {
    const draft = await draftParts('draft')
    expect(Object.keys(draft.headers).sort()).toEqual(['default', 'even'])
    for (const header of Object.values(draft.headers)) expect(header).toContain('草稿（第3版）')
    expect(draft.custom).toMatch(/name="JianyiMark"><vt:lpwstr>draft<\/vt:lpwstr>/)
  })

  it('puts 征求意见稿 in the headers of a consultation draft', async () => {
    const consultation = await draftParts('consultation')
    for (const header of Object.values(consultation.headers)) expect(header).toContain('征求意见稿（第3版）')
  })

  it('prints the 主送 line and a document number when given', async () => {
    const parts = await readDocx(await exportDocx({ ...sampleSource, documentNumber: '政协××〔2025〕3号' }))
    const texts = paragraphs(parts.document).map((p) => p.text)
    expect(texts[0]).toBe('政协××〔2025〕3号')
    expect(texts).toContain('中共××市委、××市人民政府：')
    expect(parts.custom).toContain('政协××〔2025〕3号')
  })
})

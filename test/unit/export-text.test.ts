import { describe, expect, it } from 'vitest'
import { adoptionNoteLines, titleLines } from '../../server/export/centred-lines.js'
import { ExportError } from '../../server/export/export-error.js'
import { blockText, exportText, readingParagraphs, type TextBlock } from '../../server/export/export-text.js'
import { chineseNumeral, headingNumber, numberedHeadings } from '../../server/export/heading-numbers.js'
import { signatureGaps, textCells } from '../../server/export/layout.js'
import { formatDocumentDate, type ExportSource } from '../../server/export/export-source.js'
import type { JsonNode } from '../../shared/editor/text.js'
import { sampleSource } from '../fixtures/export/sample-source.js'

const shanghai = 'Asia/Shanghai'

const heading = (level: number, text: string): JsonNode => ({
  type: 'heading',
  attrs: { level },
  content: [{ type: 'text', text }],
})
const paragraph = (...content: JsonNode[]): JsonNode => ({ type: 'paragraph', content })
const text = (value: string, ...marks: string[]): JsonNode => ({
  type: 'text',
  text: value,
  marks: marks.map((type) => ({ type })),
})
const doc = (...content: JsonNode[]): JsonNode => ({ type: 'doc', content })
const source = (content: JsonNode, extra: Partial<ExportSource> = {}): ExportSource => ({
  ...sampleSource,
  content,
  ...extra,
})

describe('heading numbers', () => {
  it('writes Chinese numerals as 公文 count them', () => {
    expect([1, 9, 10, 11, 19, 20, 21, 99, 100, 105, 110].map(chineseNumeral)).toEqual([
      '一',
      '九',
      '十',
      '十一',
      '十九',
      '二十',
      '二十一',
      '九十九',
      '一百',
      '一百零五',
      '一百一十',
    ])
  })

  it('numbers the four levels 一、（一）1.（1）', () => {
    expect([headingNumber(1, 3), headingNumber(2, 12), headingNumber(3, 4), headingNumber(4, 2)]).toEqual([
      '三、',
      '（十二）',
      '4.',
      '（2）',
    ])
  })

  it('counts per level and restarts the deeper levels under each new heading', () => {
    const content = doc(
      heading(1, '基本情况'),
      heading(2, '甲'),
      heading(3, '甲一'),
      heading(3, '甲二'),
      heading(4, '甲二子'),
      heading(2, '乙'),
      heading(3, '乙一'),
      heading(1, '意见建议'),
      heading(2, '丙'),
      heading(6, '深层'),
      heading(2, '  '),
      heading(2, '丁'),
    )
    expect(numberedHeadings(content).map((h) => h.number + h.text)).toEqual([
      '一、基本情况',
      '（一）甲',
      '1.甲一',
      '2.甲二',
      '（1）甲二子',
      '（二）乙',
      '1.乙一',
      '二、意见建议',
      '（一）丙',
      '（1）深层',
      '（二）丁',
    ])
  })

  it('prints the same numbers in the export text as numberedHeadings gives', () => {
    const numbered = numberedHeadings(sampleSource.content).map((h) => h.number + h.text)
    const printed = exportText(sampleSource)
      .blocks.filter((block) => block.role !== 'body')
      .map(blockText)
    expect(printed).toEqual(numbered)
    expect(printed.slice(0, 3)).toEqual(['一、基本情况', '（一）统筹推进机制初步形成', '（二）资金投入渠道逐步拓宽'])
  })
})

describe('the document date', () => {
  it('is written with Arabic numerals, the full year and no zero padding', () => {
    expect(formatDocumentDate('2025-03-01', shanghai)).toBe('2025年3月1日')
    expect(formatDocumentDate('2025-12-31', shanghai)).toBe('2025年12月31日')
  })

  it('reads an instant on the office’s clock, so a morning meeting in China keeps its own date', () => {
    expect(formatDocumentDate(new Date('2025-02-28T17:30:00Z'), shanghai)).toBe('2025年3月1日')
    expect(formatDocumentDate('2025-03-01T01:00:00+08:00', shanghai)).toBe('2025年3月1日')
  })

  it('reads it on another office’s clock when TIME_ZONE names one, and takes a plain date as written', () => {
    // 17:30 UTC is 12:30 in New York, still 28 February there.
    expect(formatDocumentDate(new Date('2025-02-28T17:30:00Z'), 'America/New_York')).toBe('2025年2月28日')
    expect(formatDocumentDate('2025-03-01', 'America/New_York')).toBe('2025年3月1日')
  })

  it('rejects what is not a date, and a zone Intl does not know', () => {
    expect(() => formatDocumentDate('2025-13-01', shanghai)).toThrow(ExportError)
    expect(() => formatDocumentDate('soon', shanghai)).toThrow(/not a date/)
    expect(() => formatDocumentDate('2025-03-01T01:00:00Z', 'Mars/Olympus')).toThrow(/timeZone: Mars\/Olympus/)
  })
})

describe('export text', () => {
  it('lays out the sample in reading order: title, 题注, 主送, body, 署名, date', () => {
    const paragraphs = readingParagraphs(exportText(sampleSource))
    expect(paragraphs[0]).toBe('关于推进我市高标准农田建设提质增效的建议案')
    expect(paragraphs[1]).toBe('（2025年2月26日政协××市第五届委员会第十二次主席会议审议通过）')
    expect(paragraphs[2]).toBe('中共××市委、××市人民政府：')
    expect(paragraphs.slice(-2)).toEqual(['政协××市委员会', '2025年2月26日'])
  })

  it('is the same for the same input, every time', () => {
    expect(exportText(structuredClone(sampleSource))).toEqual(exportText(sampleSource))
  })

  it('marks drafts and consultation drafts with their version, and leaves the approved text unmarked', () => {
    expect(exportText({ ...sampleSource, mark: 'draft', versionNumber: 3 }).headerMark).toBe('草稿（第3版）')
    expect(exportText({ ...sampleSource, mark: 'consultation', versionNumber: 4 }).headerMark).toBe(
      '征求意见稿（第4版）',
    )
    expect(exportText(sampleSource).headerMark).toBeNull()
  })

  it('numbers list items 1. then （1）, keeps formatting, hard breaks and quotes, and drops empty paragraphs', () => {
    const content = doc(
      paragraph(text('一般'), text('加粗', 'bold'), text('倾斜', 'italic'), { type: 'hardBreak' }, text('下一行')),
      paragraph(),
      paragraph(text('   ')),
      {
        type: 'orderedList',
        attrs: { start: 1 },
        content: [
          { type: 'listItem', content: [paragraph(text('第一项'))] },
          {
            type: 'listItem',
            content: [
              paragraph(text('第二项')),
              { type: 'orderedList', content: [{ type: 'listItem', content: [paragraph(text('子项'))] }] },
            ],
          },
        ],
      },
      { type: 'blockquote', content: [paragraph(text('引文'))] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('要点'))] }] },
    )
    const blocks = exportText(source(content)).blocks as TextBlock[]
    expect(blocks.map(blockText)).toEqual([
      '一般加粗倾斜\n下一行',
      '1.第一项',
      '2.第二项',
      '（1）子项',
      '引文',
      '•要点',
    ])
    expect(blocks[0].runs).toEqual([
      { text: '一般' },
      { text: '加粗', bold: true },
      { text: '倾斜', italic: true },
      { text: '\n' },
      { text: '下一行' },
    ])
    expect(blocks[4].indentCells).toBe(2)
  })

  it('drops control and zero-width characters that no font can print', () => {
    const { blocks } = exportText(source(doc(paragraph(text('建议\u200b加强\u0007管护\t机制')))))
    expect(blockText(blocks[0])).toBe('建议加强管护 机制')
  })

  it('rejects a malformed source with a code', () => {
    const attempt = (extra: Partial<ExportSource>) => () => exportText({ ...sampleSource, ...extra })
    for (const bad of [
      { title: ' ' },
      { contentHash: 'abc' },
      { versionNumber: 0 },
      { signature: '' },
      { date: 'someday' },
    ]) {
      expect(attempt(bad)).toThrow(expect.objectContaining({ code: 'export_invalid_source' }))
    }
  })
})

describe('centred lines', () => {
  it('keeps a title that fits on one line', () => {
    expect(titleLines('关于加强我市高标准农田建设的建议案')).toEqual(['关于加强我市高标准农田建设的建议案'])
  })

  it('breaks a long title into balanced lines at word boundaries', () => {
    const lines = titleLines('关于加快推进城乡供水一体化提升农村饮水安全保障水平的建议案')
    expect(lines).toHaveLength(2)
    expect(lines.join('')).toBe('关于加快推进城乡供水一体化提升农村饮水安全保障水平的建议案')
    expect(Math.abs(textCells(lines[0]) - textCells(lines[1]))).toBeLessThanOrEqual(2)
    for (const line of lines) expect(textCells(line)).toBeLessThanOrEqual(18)
    expect(lines[1].endsWith('的建议案')).toBe(true)
  })

  it('follows the writer’s own line breaks', () => {
    expect(titleLines('关于加强我市\n高标准农田建设的建议案')).toEqual(['关于加强我市', '高标准农田建设的建议案'])
  })

  it('never starts a 题注 line with closing punctuation nor cuts a number', () => {
    const lines = adoptionNoteLines('（2025年2月26日政协××市第五届委员会第十二次主席会议审议通过）')
    expect(lines).toHaveLength(2)
    expect(lines[1]).not.toMatch(/^[，。、）]/)
    expect(lines.join('')).toContain('2025年2月26日')
  })
})

describe('署名 and 日期 placement', () => {
  it('puts the 署名 two cells from the right and the date two cells right of the 署名', () => {
    // 16 cells of 署名, 6.5 of date (half-width digits): the date starts 2 cells in from the 署名.
    const gaps = signatureGaps('中国人民政治协商会议××市委员会', '2025年2月26日')
    expect(gaps.signature).toBe(2)
    expect(28 - gaps.date - textCells('2025年2月26日')).toBe(28 - gaps.signature - 16 + 2)
  })

  it('right-aligns a long date two cells from the edge and moves the 署名 left to keep the offset', () => {
    expect(signatureGaps('政协××市委员会', '2025年2月26日')).toEqual({ signature: 2.5, date: 2 })
    const gaps = signatureGaps('调研组', '2025年12月31日')
    expect(gaps.date).toBe(2)
    expect(28 - gaps.signature - textCells('调研组')).toBe(28 - gaps.date - textCells('2025年12月31日') - 2)
  })
})

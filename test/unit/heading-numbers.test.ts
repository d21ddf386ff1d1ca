/**
 * Heading numbers as the editor shows them (shared/editor/heading-numbers.ts): 一、（一）1.（1）
 * from the structure alone, the same as the export prints; and the 建议案 template they number.
 */
import { describe, expect, it } from 'vitest'
import * as exportNumbers from '../../server/export/heading-numbers.js'
import {
  HeadingCounter,
  chineseNumeral,
  clampHeadingLevel,
  headingNumber,
  numberedHeadings,
  type HeadingSource,
} from '../../shared/editor/heading-numbers.js'
import { signatureBlock, signatureGaps, templateContent, templateTitle } from '../../shared/editor/template.js'
import { lineKinds } from '../../shared/editor/line-kinds.js'
import { plainText, textBlocks, type JsonNode } from '../../shared/editor/text.js'
import { blockText, exportText } from '../../server/export/export-text.js'
import { sampleSource } from '../fixtures/export/sample-source.js'

const heading = (level: number, text: string): HeadingSource => ({
  type: 'heading',
  attrs: { level },
  content: text ? [{ type: 'text', text }] : [],
})
const paragraph = (text: string): HeadingSource => ({ type: 'paragraph', content: [{ type: 'text', text }] })
const doc = (...content: HeadingSource[]): HeadingSource => ({ type: 'doc', content })
const numbers = (content: HeadingSource) => numberedHeadings(content).map((h) => `${h.number}${h.text}`)

describe('heading numbers', () => {
  it('writes Chinese numerals as 公文 count them', () => {
    expect([1, 9, 10, 11, 19, 20, 21, 99, 100, 105, 110, 1000, 1001].map(chineseNumeral)).toEqual([
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
      '一千',
      '一千零一',
    ])
    expect(() => chineseNumeral(0)).toThrow(RangeError)
  })

  it('prints the four levels of GB/T 9704 7.3.3 as 一、（一）1.（1）', () => {
    expect([headingNumber(1, 3), headingNumber(2, 12), headingNumber(3, 4), headingNumber(4, 2)]).toEqual([
      '三、',
      '（十二）',
      '4.',
      '（2）',
    ])
  })

  it('counts per level and restarts the deeper levels under each new heading above them', () => {
    const content = doc(
      heading(1, '基本情况'),
      paragraph('近年来，我市累计建成高标准农田48.6万亩。'),
      heading(1, '存在的问题'),
      heading(2, '建设投入标准偏低'),
      heading(3, '亩均投入不足'),
      heading(4, '丘陵山区'),
      heading(4, '平原地区'),
      heading(3, '资金整合不够'),
      heading(2, '建后管护机制不健全'),
      heading(3, '管护主体不明确'),
      heading(1, '意见建议'),
      heading(2, '多渠道加大资金投入'),
    )
    expect(numbers(content)).toEqual([
      '一、基本情况',
      '二、存在的问题',
      '（一）建设投入标准偏低',
      '1.亩均投入不足',
      '（1）丘陵山区',
      '（2）平原地区',
      '2.资金整合不够',
      '（二）建后管护机制不健全',
      '1.管护主体不明确',
      '三、意见建议',
      '（一）多渠道加大资金投入',
    ])
  })

  it('renumbers the following sections when one is inserted, moved or deleted', () => {
    const sections = [heading(1, '基本情况'), heading(1, '存在的问题'), heading(1, '意见建议')]
    expect(numbers(doc(...sections))).toEqual(['一、基本情况', '二、存在的问题', '三、意见建议'])
    // Inserted before the second.
    expect(numbers(doc(sections[0], heading(1, '主要做法'), sections[1], sections[2]))).toEqual([
      '一、基本情况',
      '二、主要做法',
      '三、存在的问题',
      '四、意见建议',
    ])
    // The last moved to the front.
    expect(numbers(doc(sections[2], sections[0], sections[1]))).toEqual([
      '一、意见建议',
      '二、基本情况',
      '三、存在的问题',
    ])
    // The first deleted.
    expect(numbers(doc(sections[1], sections[2]))).toEqual(['一、存在的问题', '二、意见建议'])
  })

  it('neither numbers nor counts an empty heading, as the export does not print it', () => {
    const content = doc(heading(1, '基本情况'), heading(1, ''), heading(1, '  '), heading(1, '意见建议'))
    expect(numbers(content)).toEqual(['一、基本情况', '二、意见建议'])
    const counter = new HeadingCounter()
    expect([counter.number(1, '甲'), counter.number(2, ''), counter.number(2, '乙')]).toEqual(['一、', null, '（一）'])
  })

  it('numbers levels 5 and 6 as the fourth, and a heading that skips a level under the one above', () => {
    expect([clampHeadingLevel(6), clampHeadingLevel(0), clampHeadingLevel('x'), clampHeadingLevel(2.7)]).toEqual([
      4, 1, 1, 2,
    ])
    expect(numbers(doc(heading(1, '甲'), heading(3, '跳过二级'), heading(6, '六级'), heading(2, '乙')))).toEqual([
      '一、甲',
      '1.跳过二级',
      '（1）六级',
      '（一）乙',
    ])
  })

  it('finds headings inside blockquotes and lists too, in document order', () => {
    const content = doc(
      heading(1, '甲'),
      { type: 'blockquote', content: [heading(1, '引文中的标题')] },
      heading(1, '乙'),
    )
    expect(numbers(content)).toEqual(['一、甲', '二、引文中的标题', '三、乙'])
  })

  it('treats a heading of invisible characters or line breaks as empty, as the export does', () => {
    const content = doc(
      heading(1, '基本情况'),
      heading(1, '\u200b'),
      { type: 'heading', attrs: { level: 1 }, content: [{ type: 'hardBreak' }] },
      heading(1, '\ufeff\t'),
      heading(1, '意见建议'),
    )
    expect(numbers(content)).toEqual(['一、基本情况', '二、意见建议'])
    const printed = exportText({ ...sampleSource, content: content as JsonNode }).blocks.map(blockText)
    expect(printed).toEqual(['一、基本情况', '二、意见建议'])
  })

  it('gives each line of a diff the number the editor and the export give its heading', () => {
    const content = doc(
      heading(1, '基本情况'),
      paragraph('近年来成效明显。'),
      heading(2, ''),
      { type: 'blockquote', content: [heading(2, '引')] },
      {
        type: 'heading',
        attrs: { level: 3 },
        content: [{ type: 'text', text: '两' }, { type: 'hardBreak' }, { type: 'text', text: '行' }],
      },
      heading(1, '意见建议'),
    )
    const kinds = lineKinds(content as JsonNode)
    expect(kinds).toHaveLength(plainText(content as JsonNode).split('\n').length)
    expect(kinds.map((kind) => (kind.type === 'heading' ? kind.number : kind.type))).toEqual([
      '一、',
      'paragraph',
      null,
      '（一）',
      '1.',
      null,
      '二、',
    ])
    const printed = exportText({ ...sampleSource, content: content as JsonNode }).blocks.flatMap((block) =>
      block.role === 'body' || block.role === 'table' ? [] : [block.prefix],
    )
    expect(printed).toEqual(['一、', '（一）', '1.', '二、'])
  })

  it('gives the same numbers as the export module, so the paper matches the screen', () => {
    const content = doc(
      heading(1, '基本情况'),
      heading(2, '甲'),
      heading(1, ''),
      heading(3, '甲一'),
      heading(5, '深层'),
      heading(1, '意见建议'),
      { type: 'blockquote', content: [heading(2, '引')] },
      heading(2, '乙'),
    )
    const ours = numberedHeadings(content).map(({ level, number, text }) => ({ level, number, text }))
    expect(ours).toEqual(exportNumbers.numberedHeadings(content))
  })
})

describe('the 建议案 template', () => {
  it('suggests the title 关于……的建议案 and starts with three unnumbered level-1 sections, each with a prompt', () => {
    expect(templateTitle).toBe('关于……的建议案')
    const content = templateContent('jianyian') as HeadingSource
    const headings = (content.content ?? []).filter((node) => node.type === 'heading')
    expect(headings.map((h) => [h.attrs?.level, h.content?.[0].text])).toEqual([
      [1, '基本情况'],
      [1, '存在的问题'],
      [1, '意见建议'],
    ])
    // The numbers are generated, never typed.
    expect(numbers(content)).toEqual(['一、基本情况', '二、存在的问题', '三、意见建议'])
    const blocks = content.content ?? []
    blocks.forEach((node, index) => {
      if (node.type === 'heading')
        expect(blocks[index + 1].type, `a prompt under ${node.content?.[0].text}`).toBe('paragraph')
    })
  })

  it('ends with the 署名 and the date after one blank line, which the editor recognises as the signature block', () => {
    const blocks = textBlocks(templateContent('jianyian'))
    expect(blocks.slice(-3)).toEqual(['', '政协××市委员会', '××××年×月×日'])
    expect(signatureBlock(blocks)).toEqual({ signature: blocks.length - 2, date: blocks.length - 1 })
  })

  it('is a single empty paragraph when blank', () => {
    expect(templateContent('blank')).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] })
  })

  it('recognises a closing date, with or without a 署名, and nothing else', () => {
    expect(signatureBlock(['正文。', '政协某某市委员会', '2025年3月1日', ''])).toEqual({ signature: 1, date: 2 })
    expect(signatureBlock(['正文。', '2025年3月1日'])).toEqual({ signature: null, date: 1 })
    expect(signatureBlock(['正文。', '二〇二五年三月一日'])).toEqual({ signature: null, date: 1 })
    expect(signatureBlock(['政协某某市委员会', '会议于2025年3月1日召开。'])).toBeNull()
    expect(signatureBlock([])).toBeNull()
  })

  it('places the date two cells right of the 署名, as GB/T 9704 7.3.5.2 does', () => {
    // 2025年3月1日 is 6 cells wide: 2025 and the two single digits are half-width.
    // A long 署名 (16 cells) ends two cells from the edge; the date starts two cells right of its start.
    expect(signatureGaps('中国人民政治协商会议某某市委员会', '2025年3月1日')).toEqual({
      signature: 2,
      date: 2 + 16 - 2 - 6,
    })
    // A short 署名: the date ends two cells from the edge and the 署名 moves left to keep the offset.
    expect(signatureGaps('政协', '2025年3月1日')).toEqual({ signature: 2 + 6 + 2 - 2, date: 2 })
    expect(signatureGaps(null, '2025年3月1日')).toEqual({ signature: 2, date: 2 })
  })
})

/** 字数统计 as Word and WPS give it (shared/editor/char-count.ts), on the sentences of a 建议案. */
import { describe, expect, it } from 'vitest'
import { countEditorDocument } from '../../client/editor/extensions/char-counts.js'
import { diffTexts } from '../../server/domain/text-diff.js'
import { addCounts, countDocument, countText, emptyCount } from '../../shared/editor/char-count.js'
import { documentSchema } from '../../shared/editor/schema.js'
import type { JsonNode } from '../../shared/editor/text.js'

describe('character count', () => {
  it('counts each 汉字 and each full-width punctuation mark as one 字', () => {
    const count = countText('粮食安全是“国之大者”。')
    expect(count).toMatchObject({
      hanzi: 9,
      punctuation: 3,
      nonChineseWords: 0,
      words: 12,
      charsNoSpaces: 12,
      charsWithSpaces: 12,
    })
  })

  it('counts a run of Latin letters or digits as one word, whatever it holds', () => {
    const count = countText('依据GB/T 9704-2012，增长3.5%，访问www.example.com。')
    // 依据 增长 访问 = 6 汉字; ，，。 = 3; GB/T, 9704-2012, 3.5%, www.example.com = 4 words.
    expect(count).toMatchObject({ hanzi: 6, punctuation: 3, nonChineseWords: 4, words: 13 })
    expect(count.charsWithSpaces).toBe('依据GB/T 9704-2012，增长3.5%，访问www.example.com。'.length)
    expect(count.charsNoSpaces).toBe(count.charsWithSpaces - 1)
  })

  it('counts half-width punctuation and spaces only as 字符, not as 字', () => {
    const count = countText('你好, 世界!')
    expect(count).toMatchObject({ hanzi: 4, punctuation: 0, words: 4, charsNoSpaces: 6, charsWithSpaces: 7 })
    expect(countText(' , . ').words).toBe(0)
  })

  it('counts dates and amounts the way Word does: digits are words, 年月日 are 汉字', () => {
    expect(countText('2025年3月1日')).toMatchObject({ hanzi: 3, nonChineseWords: 3, words: 6 })
    expect(countText('48.6万亩')).toMatchObject({ hanzi: 2, nonChineseWords: 1, words: 3 })
  })

  it('counts the 省略号, 破折号, 书名号, 间隔号 and brackets as punctuation, one per character', () => {
    expect(countText('《党政机关公文格式》……——（一）〔2021〕阿依古丽·买买提')).toMatchObject({
      punctuation: 2 + 2 + 2 + 2 + 2 + 1,
      nonChineseWords: 1,
    })
  })

  it('counts full-width digits, kana and symbols such as ×℃ one by one, as Word counts Asian characters', () => {
    expect(countText('２０２５年')).toMatchObject({ otherAsian: 4, hanzi: 1, words: 5 })
    expect(countText('政协××市')).toMatchObject({ otherAsian: 2, hanzi: 3, words: 5 })
  })

  it('counts a character outside the basic plane once', () => {
    expect(countText('𠀋𪚥')).toMatchObject({ hanzi: 2, words: 2, charsWithSpaces: 2 })
  })

  it('does not count line breaks, and they separate words', () => {
    expect(countText('abc\ndef')).toMatchObject({ nonChineseWords: 2, charsWithSpaces: 6 })
  })

  it('counts a document as the sum of its text blocks: words in two paragraphs stay two words', () => {
    // As the count bar does (client/outline/CountBar.tsx): each text block counted, the counts added.
    const blocks = ['基本情况', '建成高标准农田48.6万亩。', 'GDP', 'growth']
    // 4 + (9 汉字 + 1 word + 1 标点) + 1 + 1: GDP and growth stay two words across the paragraph end.
    expect(blocks.map(countText).reduce(addCounts, emptyCount)).toMatchObject({
      hanzi: 13,
      punctuation: 1,
      nonChineseWords: 3,
      words: 17,
    })
  })

  it('adds counts field by field', () => {
    expect(addCounts(countText('中文'), countText('abc'))).toEqual(countText('中文abc'))
    expect(addCounts(emptyCount, countText('，'))).toEqual(countText('，'))
  })

  it('gives a saved version the count the editor’s count bar gives the same text', () => {
    const text = (value: string): JsonNode => ({ type: 'text', text: value })
    const content: JsonNode = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [text('基本情况')] },
        { type: 'paragraph', content: [text('依据GB/T 9704-2012，'), { type: 'hardBreak' }, text('2025年完成。')] },
        {
          type: 'bulletList',
          content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('GDP')] }] }],
        },
        { type: 'blockquote', content: [{ type: 'paragraph', content: [text('growth, 3.5%')] }] },
        { type: 'codeBlock', content: [text('a = 1')] },
        { type: 'horizontalRule' },
        { type: 'paragraph' },
      ],
    }
    const saved = countDocument(content)
    // 汉字: 基本情况 依据 年完成; 标点: ，。; words: GB/T 9704-2012 2025 GDP growth 3.5% a 1 (a lone = is none).
    expect(saved).toMatchObject({ hanzi: 9, punctuation: 2, nonChineseWords: 8, words: 19 })
    expect(countEditorDocument(documentSchema.nodeFromJSON(content))).toEqual(saved)
  })

  it('counts a diff’s 新增 and 删除 in the same 字', () => {
    const diff = diffTexts('依据国家标准。', '依据GB/T 9704-2012, 标准。')
    expect(diff.summary).toMatchObject({ added: 2, removed: 2 })
  })
})

/**
 * The punctuation rules of 公文 proofreading (GB/T 15834): half-width marks in Chinese text, mixed
 * or unpaired brackets and quotes, doubled or malformed marks. Each on realistic sentences, for
 * what it must flag and for what it must leave alone.
 */
import { describe, expect, it } from 'vitest'
import { doubledPunctuation } from '../../shared/editor/proofreading/doubled-punctuation.js'
import { halfWidthPunctuation } from '../../shared/editor/proofreading/half-width-punctuation.js'
import type { ProofRule } from '../../shared/editor/proofreading/issue.js'
import { mixedPairs } from '../../shared/editor/proofreading/mixed-pairs.js'

/** What a rule flags in `text`: [the flagged text, its fix, the message]. */
const hits = (rule: ProofRule, text: string) =>
  rule(text).map((issue) => [text.slice(issue.from, issue.to), issue.fix, issue.message])

describe('half-width punctuation in Chinese text', () => {
  it('flags , . ; : ? ! after or before Chinese text and offers the full-width mark', () => {
    expect(hits(halfWidthPunctuation, '近年来,我市累计建成高标准农田48.6万亩.')).toEqual([
      [',', '，', 'halfWidthPunctuation'],
      ['.', '。', 'halfWidthPunctuation'],
    ])
    expect(hits(halfWidthPunctuation, '一是加强组织领导;二是完善投入机制:三是强化考核')).toEqual([
      [';', '；', 'halfWidthPunctuation'],
      [':', '：', 'halfWidthPunctuation'],
    ])
    expect(hits(halfWidthPunctuation, '如何破解管护难题?关键在于落实责任!')).toEqual([
      ['?', '？', 'halfWidthPunctuation'],
      ['!', '！', 'halfWidthPunctuation'],
    ])
  })

  it('takes the spaces typed after the mark into the fix, since the full-width mark brings its own', () => {
    expect(hits(halfWidthPunctuation, '资金投入不足, 管护责任不清')).toEqual([[', ', '，', 'halfWidthPunctuation']])
    expect(hits(halfWidthPunctuation, '详见网址: http://www.example.gov.cn')).toEqual([
      [': ', '：', 'halfWidthPunctuation'],
    ])
  })

  it('flags a pair of half-width parentheses around or next to Chinese text, both halves', () => {
    expect(hits(halfWidthPunctuation, '国内生产总值(GDP)增长6%')).toEqual([
      ['(', '（', 'halfWidthPunctuation'],
      [')', '）', 'halfWidthPunctuation'],
    ])
    expect(hits(halfWidthPunctuation, '6个县(市、区)')).toEqual([
      ['(', '（', 'halfWidthPunctuation'],
      [')', '）', 'halfWidthPunctuation'],
    ])
    // An enumeration typed by hand at the start of a clause: （1）, not (1).
    expect(hits(halfWidthPunctuation, '(1)加强领导;(2)完善机制')).toEqual([
      ['(', '（', 'halfWidthPunctuation'],
      [')', '）', 'halfWidthPunctuation'],
      [';(', '；（', 'halfWidthPunctuation'],
      [')', '）', 'halfWidthPunctuation'],
    ])
  })

  it('joins ?! typed together into one fix', () => {
    expect(hits(halfWidthPunctuation, '这还是高标准农田吗?!')).toEqual([['?!', '？！', 'halfWidthPunctuation']])
  })

  it('leaves numbers, addresses, standard numbers and heading numbers alone', () => {
    for (const text of [
      '粮食产量增长3.5%，达到1,000万吨。',
      '详情请访问www.example.com了解。',
      '依据GB/T 9704-2012《党政机关公文格式》执行。',
      '（一）加强组织领导',
      '1.亩均投入不足',
      '会议于上午10:30开始，赞成与反对之比为3:2。',
      '登录http://www.example.gov.cn查询',
      '函数f(x)的值随x增大',
      'Hello, world! This is English (mostly).',
      '第3.2节规定',
    ]) {
      expect(hits(halfWidthPunctuation, text), text).toEqual([])
    }
  })
})

describe('mixed brackets and quotation marks', () => {
  it('flags the half-width half of a bracket pair whose other half is full-width', () => {
    expect(hits(mixedPairs, '调研组赴6个县（市、区)实地走访')).toEqual([[')', '）', 'mixedBrackets']])
    expect(hits(mixedPairs, '国内生产总值(GDP）增长')).toEqual([['(', '（', 'mixedBrackets']])
  })

  it('turns straight quotes around Chinese text into “ ”, and a straight half of a curly pair too', () => {
    expect(hits(mixedPairs, '深入实施"藏粮于地、藏粮于技"战略')).toEqual([
      ['"', '“', 'quotes'],
      ['"', '”', 'quotes'],
    ])
    expect(hits(mixedPairs, '按照“谁受益、谁管护"的原则')).toEqual([['"', '”', 'quotes']])
  })

  it('flags a quote pair turned the wrong way', () => {
    expect(hits(mixedPairs, '粮食安全是”国之大者“')).toEqual([
      ['”', '“', 'quotes'],
      ['“', '”', 'quotes'],
    ])
  })

  it('puts the year of a document number in 六角括号', () => {
    expect(hits(mixedPairs, '根据市政府办公室[2021]21号文件')).toEqual([
      ['[2021]', '〔2021〕', 'documentNumberBrackets'],
    ])
    expect(hits(mixedPairs, '市政发（2024）3号')).toEqual([['（2024）', '〔2024〕', 'documentNumberBrackets']])
    expect(hits(mixedPairs, '依据【2023】15号通知')).toEqual([['【2023】', '〔2023〕', 'documentNumberBrackets']])
  })

  it('leaves matching pairs, English quotes and correct document numbers alone', () => {
    for (const text of [
      '（一）加强组织领导',
      '按照“谁受益、谁管护”的原则，落实‘最后一公里’管护责任',
      'He said "hello" to me',
      '市政发〔2024〕3号',
      '（2024年数据）显示',
      '国内生产总值(GDP) in English text',
    ]) {
      expect(hits(mixedPairs, text), text).toEqual([])
    }
  })
})

describe('doubled and malformed punctuation', () => {
  it('flags a mark typed twice, or two marks where one is meant, keeping the stronger', () => {
    expect(hits(doubledPunctuation, '实地走访，，召开座谈会5次。。')).toEqual([
      ['，，', '，', 'doubledPunctuation'],
      ['。。', '。', 'doubledPunctuation'],
    ])
    expect(hits(doubledPunctuation, '完善管护机制，。')).toEqual([['，。', '。', 'doubledPunctuation']])
    expect(hits(doubledPunctuation, '加强领导,,完善机制')).toEqual([[',,', '，', 'doubledPunctuation']])
  })

  it('flags ..., 。。。 and a lone … in place of the 省略号 ……', () => {
    expect(hits(doubledPunctuation, '农业、水利、财政...等部门')).toEqual([['...', '……', 'ellipsis']])
    expect(hits(doubledPunctuation, '农业、水利。。。等部门')).toEqual([['。。。', '……', 'ellipsis']])
    expect(hits(doubledPunctuation, '农业、水利…等部门')).toEqual([['…', '……', 'ellipsis']])
  })

  it('flags -- between Chinese words in place of the 破折号 ——', () => {
    expect(hits(doubledPunctuation, '关键在于一个字--干')).toEqual([['--', '——', 'dash']])
  })

  it('leaves ？！, a correct 省略号 and 破折号, and English or code alone', () => {
    for (const text of [
      '这还是高标准农田吗？！',
      '农业、水利、财政……等部门',
      '关键在于一个字——干。',
      'Wait... what?',
      'npm install --save',
      '增长3.5%，达到1,000万吨。',
      '2013—2015年',
    ]) {
      expect(hits(doubledPunctuation, text), text).toEqual([])
    }
  })
})

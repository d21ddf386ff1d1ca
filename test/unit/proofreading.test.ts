/** 公文 proofreading as a whole: every rule over one paragraph, no two fixes on the same text, rules switched off. */
import { describe, expect, it } from 'vitest'
import { sampleDraft } from '../../server/domain/demo.js'
import { applyFixes, proofread, ruleIds } from '../../shared/editor/proofreading/index.js'
import { textBlocks } from '../../shared/editor/text.js'
import { templateContent } from '../../shared/editor/template.js'

describe('proofreading a paragraph', () => {
  it('finds each slip once and fixes a careless paragraph into clean 公文 text', () => {
    const typed = '25年03月以来,调研组先后赴6个县(市、区)实地走访,,召开座谈会 5 次,听取"种粮大户"的意见...'
    const issues = proofread(typed)
    // No two issues overlap, so every fix can be applied.
    for (let i = 1; i < issues.length; i++) expect(issues[i].from).toBeGreaterThanOrEqual(issues[i - 1].to)
    expect(applyFixes(typed, issues)).toBe(
      '2025年3月以来，调研组先后赴6个县（市、区）实地走访，召开座谈会5次，听取“种粮大户”的意见……',
    )
    // Once fixed, nothing is left to flag.
    expect(proofread(applyFixes(typed, issues))).toEqual([])
  })

  it('reports a doubled half-width comma as one doubled mark, not also as two half-width ones', () => {
    expect(proofread('实地走访,,召开').map((issue) => issue.rule)).toEqual(['doubledPunctuation'])
  })

  it('checks only the rules switched on', () => {
    const text = '近年来,我市召开座谈会 5 次'
    expect(new Set(proofread(text).map((issue) => issue.rule))).toEqual(
      new Set(['halfWidthPunctuation', 'chineseSpacing']),
    )
    expect(proofread(text, (rule) => rule !== 'halfWidthPunctuation').map((issue) => issue.rule)).toEqual([
      'chineseSpacing',
      'chineseSpacing',
    ])
    expect(proofread(text, () => false)).toEqual([])
  })

  it('raises no false alarm on a well-written draft: the demo 建议案 and the template', () => {
    for (const block of [...textBlocks(sampleDraft), ...textBlocks(templateContent('jianyian'))]) {
      expect(proofread(block), block).toEqual([])
    }
  })

  it('raises no false alarm on the usual mixed content of a 建议案', () => {
    for (const text of [
      '全市粮食总产量达到3.5亿斤，同比增长3.5%。',
      '详见市农业农村局网站www.example.com。',
      '设计须符合GB/T 9704-2012及GB/T 15834-2011的规定。',
      '（一）加强组织领导',
      '1.亩均投入不足',
      '（1）丘陵山区',
      '按照“谁受益、谁管护”的原则，落实管护经费。',
      '2013—2015年，每年新建3～5万亩，2025年3月1日印发。',
      '市政发〔2024〕3号',
    ]) {
      expect(proofread(text), text).toEqual([])
    }
  })

  it('names each rule once, in precedence order', () => {
    expect(ruleIds).toEqual([
      'typedHeadingNumber',
      'doubledPunctuation',
      'mixedPairs',
      'numberUsage',
      'halfWidthPunctuation',
      'chineseSpacing',
    ])
  })
})

describe('numbers typed into headings', () => {
  const inHeading = (text: string) =>
    proofread(text, () => true, 'heading').map((issue) => [text.slice(issue.from, issue.to), issue.fix, issue.message])

  it('flags a number typed at the start of a heading, at any of the four levels, and deletes it', () => {
    expect(inHeading('一、基本情况')).toEqual([['一、', '', 'typedHeadingNumber']])
    expect(inHeading('（二）建后管护机制不健全')).toEqual([['（二）', '', 'typedHeadingNumber']])
    expect(inHeading('1. 管护主体不明确')).toEqual([['1. ', '', 'typedHeadingNumber']])
    expect(inHeading('1、管护主体不明确')).toEqual([['1、', '', 'typedHeadingNumber']])
    expect(inHeading('(3)丘陵山区')).toEqual([['(3)', '', 'typedHeadingNumber']])
  })

  it('leaves paragraphs that open with a number, headings that start with a year or a figure, and a bare number alone', () => {
    expect(proofread('一、基本情况')).toEqual([])
    expect(inHeading('2025年工作要点')).toEqual([])
    expect(inHeading('3.5%的增长从何而来')).toEqual([])
    expect(inHeading('一是加强组织领导')).toEqual([])
    expect(inHeading('一、')).toEqual([])
  })
})

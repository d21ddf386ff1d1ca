/**
 * Typed heading numbers (shared/editor/typed-numbering.ts): which paragraph starts are headings of
 * which level, what is removed, and the many starts that only look like one.
 */
import { describe, expect, it } from 'vitest'
import { chineseNumeralValue, typedHeading } from '../../shared/editor/typed-numbering.js'

const read = (text: string) => {
  const found = typedHeading(text)
  return found && { level: found.level, ordinal: found.ordinal, text: found.text }
}

describe('typed heading numbers', () => {
  it.each([
    ['一、基本情况', 1, 1, '基本情况'],
    ['三、意见建议', 1, 3, '意见建议'],
    ['十二、其他', 1, 12, '其他'],
    ['二十一、附则', 1, 21, '附则'],
    ['一．基本情况', 1, 1, '基本情况'],
    ['一.基本情况', 1, 1, '基本情况'],
    ['　　一、基本情况', 1, 1, '基本情况'],
    ['一、 基本情况', 1, 1, '基本情况'],
    ['（一）统筹推进机制初步形成', 2, 1, '统筹推进机制初步形成'],
    ['(二)资金投入渠道逐步拓宽', 2, 2, '资金投入渠道逐步拓宽'],
    ['（三)建设成效初步显现', 2, 3, '建设成效初步显现'],
    ['（ 十 ）其他', 2, 10, '其他'],
    ['（一）、加强领导', 2, 1, '加强领导'],
    ['1.加强组织领导', 3, 1, '加强组织领导'],
    ['1. 加强组织领导', 3, 1, '加强组织领导'],
    ['1．加强组织领导', 3, 1, '加强组织领导'],
    ['１．加强组织领导', 3, 1, '加强组织领导'],
    ['1、加强组织领导', 3, 1, '加强组织领导'],
    ['12.完善考核', 3, 12, '完善考核'],
    ['（1）明确责任', 4, 1, '明确责任'],
    ['(2)明确责任', 4, 2, '明确责任'],
    ['（１）明确责任', 4, 1, '明确责任'],
    ['（10）明确责任', 4, 10, '明确责任'],
    ['1. 2025年工作回顾', 3, 1, '2025年工作回顾'],
    ['一、三年行动计划', 1, 1, '三年行动计划'],
  ])('%s is a level-%i heading numbered %i: %s', (input, level, ordinal, text) => {
    expect(read(input)).toEqual({ level, ordinal, text })
  })

  it.each([
    ['一是加强领导，二是完善机制。'],
    ['第一，加强领导。'],
    ['首先，要提高认识。'],
    ['①加强领导'],
    ['2025年以来，全市累计投入资金28.7亿元。'],
    ['1.5倍于去年'],
    ['3.14是圆周率'],
    ['1.1 总体目标'],
    ['12.5%的农户参与'],
    ['2025.3.1召开会议'],
    ['（2025）年度报告'],
    ['(2025)12号'],
    ['一、二年级学生占比较高。'],
    ['二、三产业融合发展'],
    ['1、2号楼已经完工'],
    ['2、3月份降水偏少'],
    ['一、'],
    ['（一）'],
    ['1.'],
    ['（1）。'],
    ['我们提出（一）加强领导'],
    ['会上，1.加强领导'],
    ['一，加强领导'],
    [''],
    ['这是一段普通的正文。'],
  ])('%s is not a heading', (input) => {
    expect(typedHeading(input)).toBeNull()
  })

  it('gives the typed prefix, spaces included, so a caller removes exactly it', () => {
    expect(typedHeading('　一、 基本情况')?.prefix).toBe('　一、 ')
    expect(typedHeading('（一）、加强领导')?.prefix).toBe('（一）、')
    expect(typedHeading('１． 加强组织领导')?.prefix).toBe('１． ')
  })

  it('takes a level 3 or 4 heading that runs on into its paragraph as a heading, however long', () => {
    const long = `1.加强组织领导。${'各级各部门要把高标准农田建设摆上重要议事日程，'.repeat(5)}确保各项任务落到实处。`
    expect(typedHeading(long)).toMatchObject({ level: 3, leadLength: null })
    expect(typedHeading(`（2）${long.slice(2)}`)).toMatchObject({ level: 4, leadLength: null })
  })

  it('takes a long paragraph after 一、 or （一） as a heading only when its first sentence is short', () => {
    const body = '各级各部门要把高标准农田建设摆上重要议事日程，'.repeat(4)
    expect(typedHeading(`（一）加强组织领导。${body}`)).toMatchObject({ level: 2, leadLength: '加强组织领导。'.length })
    expect(typedHeading(`一、总体要求：${body}`)).toMatchObject({ level: 1, leadLength: '总体要求：'.length })
    // A long first sentence is a paragraph that happens to start with 一、.
    expect(typedHeading(`一、${body}${body}`)).toBeNull()
    // A short heading with a full stop at its end is the whole heading.
    expect(typedHeading('（一）加强组织领导。')).toMatchObject({ level: 2, leadLength: null, text: '加强组织领导。' })
  })
})

describe('Chinese numerals', () => {
  it.each([
    ['一', 1],
    ['九', 9],
    ['十', 10],
    ['十一', 11],
    ['二十', 20],
    ['九十九', 99],
    ['一百', 100],
    ['一百零五', 105],
    ['一百二十', 120],
  ])('%s is %i', (numeral, value) => {
    expect(chineseNumeralValue(numeral)).toBe(value)
  })

  it.each(['', '零', '〇一', '一一', '十十', '百', '二二十', 'a'])('%s is no numeral', (numeral) => {
    expect(chineseNumeralValue(numeral)).toBeNull()
  })
})

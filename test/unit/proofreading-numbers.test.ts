/**
 * The spacing and number rules of 公文 proofreading: no spaces inside Chinese text, and number
 * usage per GB/T 15835 where it is mechanical. Hits and false alarms on realistic sentences.
 */
import { describe, expect, it } from 'vitest'
import { chineseSpacing } from '../../shared/editor/proofreading/chinese-spacing.js'
import type { ProofRule } from '../../shared/editor/proofreading/issue.js'
import { numberUsage } from '../../shared/editor/proofreading/number-usage.js'

const hits = (rule: ProofRule, text: string) =>
  rule(text).map((issue) => [text.slice(issue.from, issue.to), issue.fix, issue.message])

describe('spaces in Chinese text', () => {
  it('flags spaces between 汉字, and between 汉字 and numbers, and deletes them', () => {
    expect(hits(chineseSpacing, '召开座谈会 5 次，听取 意见')).toEqual([
      [' ', '', 'spaceBetweenChinese'],
      [' ', '', 'spaceBetweenChinese'],
      [' ', '', 'spaceBetweenChinese'],
    ])
    expect(hits(chineseSpacing, '累计建成  48.6万亩，  占耕地面积的52%')).toEqual([
      ['  ', '', 'spaceBetweenChinese'],
      ['  ', '', 'spaceBetweenChinese'],
    ])
  })

  it('leaves spaces around Latin words, between numbers, at the ends, and full-width spaces alone', () => {
    for (const text of [
      '依据GB/T 9704-2012执行',
      '采用 ISO 标准和 PDF 格式',
      '人口1 000万',
      '  正文前的空格和正文后的空格  ',
      '王　明、李　华',
      '（一）加强组织领导',
    ]) {
      expect(hits(chineseSpacing, text), text).toEqual([])
    }
  })
})

describe('number usage (GB/T 15835)', () => {
  it('writes the year in full before a month', () => {
    expect(hits(numberUsage, '25年3月以来，调研组先后赴6个县')).toEqual([['25', '2025', 'shortYear']])
    expect(hits(numberUsage, '98年7月的洪水')).toEqual([['98', '1998', 'shortYear']])
  })

  it('drops the zero padding of months and days', () => {
    expect(hits(numberUsage, '2025年03月05日印发')).toEqual([
      ['03', '3', 'zeroPadding'],
      ['05', '5', 'zeroPadding'],
    ])
  })

  it('writes 日, not 号, in a date', () => {
    expect(hits(numberUsage, '会议定于3月5号召开')).toEqual([['号', '日', 'dateHao']])
  })

  it('writes a dotted date with 年月日', () => {
    expect(hits(numberUsage, '于2025.3.1召开专题协商会')).toEqual([['2025.3.1', '2025年3月1日', 'dottedDate']])
    expect(hits(numberUsage, '截至2024.12.31')).toEqual([['2024.12.31', '2024年12月31日', 'dottedDate']])
  })

  it('makes full-width digits and letters half-width', () => {
    expect(hits(numberUsage, '２０２５年ＧＤＰ增长５．２％')).toEqual([
      ['２０２５', '2025', 'fullWidthAlphanumeric'],
      ['ＧＤＰ', 'GDP', 'fullWidthAlphanumeric'],
      ['５．２％', '5.2%', 'fullWidthAlphanumeric'],
    ])
  })

  it('marks ranges with — for years and ～ for amounts', () => {
    expect(hits(numberUsage, '2013-2015年，每年新建3-5万亩')).toEqual([
      ['-', '—', 'rangeMark'],
      ['-', '～', 'rangeMark'],
    ])
  })

  it('leaves spans of years, standard numbers, phone numbers, percentages and correct dates alone', () => {
    for (const text of [
      '改革开放40年来，特别是近25年来',
      '依据GB/T 9704-2012《党政机关公文格式》',
      '联系电话0571-88888888',
      '增长率为3.5%，访问www.example.com',
      '2025年3月1日印发',
      '2013—2015年，3～5年',
      '10月1日，20日，30日',
      '5号楼、3月5号文件',
      '版本2.1.3',
      '（一）加强组织领导',
    ]) {
      expect(hits(numberUsage, text), text).toEqual([])
    }
  })
})

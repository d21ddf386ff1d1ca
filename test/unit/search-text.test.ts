import { describe, expect, it } from 'vitest'
import { foldForSearch, occurrences, snippetAt } from '../../shared/search.js'

describe('finding words (搜索)', () => {
  it('finds Chinese words inside text without spaces, every occurrence, not overlapping', () => {
    expect(occurrences('加强高标准农田建设', '高标准农田')).toEqual([2])
    expect(occurrences('农田农田农田', '农田')).toEqual([0, 2, 4])
    expect(occurrences('啊啊啊', '啊啊')).toEqual([0])
    expect(occurrences('高标准农田', '低标准')).toEqual([])
    expect(occurrences('农田', '  农田 ')).toEqual([0])
    expect(occurrences('农田农田', '农田', 1)).toEqual([0])
    expect(occurrences('任何文字', '   ')).toEqual([])
  })

  it('folds case and full-width Latin characters, one character for one so offsets stay true', () => {
    expect(foldForSearch('ＰＰＰ模式ABC１２')).toBe('ppp模式abc12')
    expect(foldForSearch('ＰＰＰ模式ABC１２')).toHaveLength('ＰＰＰ模式ABC１２'.length)
    expect(occurrences('推广ＰＰＰ模式', 'ppp')).toEqual([2])
    expect(occurrences('推广PPP模式', 'ｐｐｐ')).toEqual([2])
  })

  it('gives the sentence around a hit, cut at sentence ends or about 40 characters away', () => {
    const text = '第一句话。建议加强高标准农田建设，提高投入标准。第三句。'
    const at = text.indexOf('高标准农田')
    expect(snippetAt(text, at, 5)).toEqual({ before: '建议加强', match: '高标准农田', after: '建设，提高投入标准。' })
    const long = '甲'.repeat(100) + '农田' + '乙'.repeat(100)
    const cut = snippetAt(long, 100, 2)
    expect(cut.before).toBe('…' + '甲'.repeat(40))
    expect(cut.after).toBe('乙'.repeat(40) + '…')
  })
})

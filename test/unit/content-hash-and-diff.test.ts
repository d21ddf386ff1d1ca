import { describe, expect, it } from 'vitest'
import { canonicalJson, contentHash } from '../../server/domain/content-hash.js'
import { diffTexts } from '../../server/domain/text-diff.js'

describe('content hashes', () => {
  it('are equal for equal content whatever the key order', () => {
    const a = {
      type: 'doc',
      content: [{ type: 'paragraph', attrs: { textAlign: null, id: 1 }, content: [{ type: 'text', text: '建议' }] }],
    }
    const b = {
      content: [{ content: [{ text: '建议', type: 'text' }], attrs: { id: 1, textAlign: null }, type: 'paragraph' }],
      type: 'doc',
    }
    expect(canonicalJson(a)).toBe(canonicalJson(b))
    expect(contentHash(a)).toBe(contentHash(b))
    expect(contentHash(a)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('differ when one character differs', () => {
    const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })
    expect(contentHash(doc('加强农田建设'))).not.toBe(contentHash(doc('加强农田建没')))
  })
})

describe('character-level differences of Chinese text', () => {
  it('marks exactly the changed characters', () => {
    const diff = diffTexts('建议市财政建立稳定增长的投入机制。', '建议市、县财政建立稳定增长的资金投入机制。')
    expect(diff.ops).toEqual([
      [0, '建议市'],
      [1, '、县'],
      [0, '财政建立稳定增长的'],
      [1, '资金'],
      [0, '投入机制。'],
    ])
    expect(diff.summary).toEqual({ added: 4, removed: 0, paragraphsChanged: 1 })
  })

  it('counts removed characters and changed paragraphs', () => {
    const diff = diffTexts(
      '一、基本情况\n近年来成效明显。\n二、存在的问题',
      '一、基本情况\n近年来成效显著。\n二、存在的问题\n三、意见建议',
    )
    expect(diff.summary.removed).toBe(1)
    expect(diff.summary.added).toBe(1 + 6)
    expect(diff.summary.paragraphsChanged).toBe(2)
    expect(
      diff.ops
        .filter(([op]) => op === -1)
        .map(([, t]) => t)
        .join(''),
    ).toBe('明')
  })
})

import { describe, expect, it } from 'vitest'
import { contentDisposition, safeFileName } from '../../server/http/attachment.js'
import { DocumentTitle } from '../../shared/schema.js'
import { codePointLength, truncateCodePoints, wellFormed } from '../../shared/unicode.js'

const hasLoneSurrogate = (text: string) =>
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)

describe('well-formed text', () => {
  it('replaces lone high and low surrogates, leaves pairs alone', () => {
    expect(wellFormed('a\uD800b\uDC00c𠀀\uDBFF')).toBe('a\uFFFDb\uFFFDc𠀀\uFFFD')
  })

  it('counts and cuts by characters, never inside a pair', () => {
    expect(codePointLength('甲𠀀乙')).toBe(3)
    expect(truncateCodePoints('甲𠀀乙', 2)).toBe('甲𠀀')
    expect(truncateCodePoints('甲𠀀乙', 1)).toBe('甲')
  })
})

describe('document titles', () => {
  it('are accepted with lone surrogates replaced, normalised to NFC and trimmed', () => {
    expect(DocumentTitle.parse(' \uD83D建议\uDE00 ')).toBe('\uFFFD建议\uFFFD')
    expect(DocumentTitle.parse('e\u0301')).toBe('\u00e9')
  })

  it('may have 200 characters, however many of them lie outside the BMP', () => {
    expect(DocumentTitle.safeParse('𠀀'.repeat(200)).success).toBe(true)
    expect(DocumentTitle.safeParse('𠀀'.repeat(201)).success).toBe(false)
    expect(DocumentTitle.safeParse('   ').success).toBe(false)
  })
})

describe('download file names', () => {
  it('never carry a lone surrogate nor end in half a character, and keep the extension', () => {
    for (let cut = 140; cut < 152; cut++) {
      const name = safeFileName(`${'甲'.repeat(cut)}${'𠀀'.repeat(20)}\uD800-v1-已审定.docx`)
      expect(hasLoneSurrogate(name)).toBe(false)
      expect(codePointLength(name)).toBeLessThanOrEqual(150)
      expect(name.endsWith('.docx')).toBe(true)
      expect(() => contentDisposition(name)).not.toThrow()
    }
  })

  it('are encoded even when a caller passes a lone surrogate straight to the header', () => {
    expect(contentDisposition('a\uD800.csv')).toBe(`attachment; filename="a_.csv"; filename*=UTF-8''a%EF%BF%BD.csv`)
  })
})

import { describe, expect, it } from 'vitest'
import { splitClosing } from '../../server/domain/exports.js'
import { templateContent, templateDate, templateSignature } from '../../shared/editor/template.js'
import { plainText } from '../../shared/editor/text.js'

describe('the closing 署名 and 日期 of a document, before export', () => {
  it('are taken off the body of a document made from the template, keeping its signature', () => {
    const content = templateContent('jianyian')
    const { body, signature } = splitClosing(content)
    expect(signature).toBe(templateSignature)
    const text = plainText(body)
    expect(text).not.toContain(templateDate)
    expect(text).not.toContain(templateSignature)
    expect(text).toContain('基本情况')
  })

  it('leave a document without a closing date untouched', () => {
    const content = {
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: '正文最后一段。' }] }],
    }
    expect(splitClosing(content)).toEqual({ body: content, signature: null })
  })
})

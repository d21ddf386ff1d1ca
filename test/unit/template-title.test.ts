/** tidyTitle: a whole title typed or pasted over the …… of 关于……的建议案 is not doubled. */
import { describe, expect, it } from 'vitest'
import { templateTitle, tidyTitle } from '../../shared/editor/template.js'
import { DocumentTitle } from '../../shared/schema.js'

/** The suggestion with `typed` put in place of its ……, as the browser does with the gap selected. */
const overGap = (typed: string) => templateTitle.replace('……', typed)

describe('tidyTitle', () => {
  it('undoes the doubled 关于 and 的建议案 of a whole title typed into the gap', () => {
    expect(tidyTitle(overGap('关于推进数字乡村建设的建议案')).title).toBe('关于推进数字乡村建设的建议案')
    expect(tidyTitle(overGap('推进数字乡村建设的建议案')).title).toBe('关于推进数字乡村建设的建议案')
    expect(tidyTitle(overGap('关于推进数字乡村建设')).title).toBe('关于推进数字乡村建设的建议案')
    expect(tidyTitle(overGap('关于推进数字乡村建设建议案')).title).toBe('关于推进数字乡村建设建议案')
    expect(tidyTitle(overGap('推进数字乡村建设的')).title).toBe('关于推进数字乡村建设的建议案')
    expect(tidyTitle('关于 关于推进数字乡村建设的建议案 的建议案').title).toBe('关于推进数字乡村建设的建议案')
  })

  it('leaves a title that is not doubled as it was', () => {
    for (const title of ['关于加强我市高标准农田建设的建议案', '农业农村调研报告', templateTitle, '关于'])
      expect(tidyTitle(title).title).toBe(title)
  })

  it('keeps the caret after the subject: the characters removed before it are counted off', () => {
    const typed = overGap('关于推进数字乡村建设的建议案')
    const caret = 2 + '关于推进数字乡村建设的建议案'.length
    expect(tidyTitle(typed, caret)).toEqual({ title: '关于推进数字乡村建设的建议案', caret: 14 })
    expect(tidyTitle(overGap('推进'), 4)).toEqual({ title: '关于推进的建议案', caret: 4 })
  })

  it('is applied to every title the server takes, which refuses the suggestion itself', () => {
    expect(DocumentTitle.parse(overGap('关于推进数字乡村建设的建议案'))).toBe('关于推进数字乡村建设的建议案')
    expect(DocumentTitle.safeParse(templateTitle).success).toBe(false)
  })
})

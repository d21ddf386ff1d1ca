import { describe, expect, it } from 'vitest'
import { exportMarkdown } from '../../server/export/markdown.js'
import { exportPlainText } from '../../server/export/plain-text.js'
import type { JsonNode } from '../../shared/editor/text.js'
import { sampleSource } from '../fixtures/export/sample-source.js'

const withContent = (...content: JsonNode[]) => ({ ...sampleSource, content: { type: 'doc', content } })

describe('plain text export', () => {
  it('prints the title block, numbered headings, body, 署名 and date', () => {
    const text = exportPlainText(sampleSource)
    const lines = text.split('\n')
    expect(lines.slice(0, 3)).toEqual([
      '关于推进我市高标准农田建设提质增效的建议案',
      '（2025年2月26日政协××市第五届委员会第十二次主席会议审议通过）',
      '',
    ])
    expect(lines).toContain('一、基本情况')
    expect(lines).toContain('（一）统筹推进机制初步形成')
    expect(lines).toContain('1.完善规划布局')
    expect(lines).toContain('1.用好新增耕地指标调剂收益，按规定将收益优先用于高标准农田建设和管护；')
    expect(text.endsWith('\n\n政协××市委员会\n2025年2月26日\n')).toBe(true)
  })

  it('starts a draft with its mark, so pasted text still says what it is', () => {
    expect(exportPlainText({ ...sampleSource, mark: 'consultation', versionNumber: 2 }).split('\n')[0]).toBe(
      '征求意见稿（第2版）',
    )
  })

  it('is the same for the same input', () => {
    expect(exportPlainText(structuredClone(sampleSource))).toBe(exportPlainText(sampleSource))
  })
})

describe('Markdown export', () => {
  it('makes the title the top heading and numbered headings the levels below it', () => {
    const markdown = exportMarkdown(sampleSource)
    expect(markdown.startsWith('# 关于推进我市高标准农田建设提质增效的建议案\n\n')).toBe(true)
    expect(markdown).toContain('\n\n## 一、基本情况\n\n')
    expect(markdown).toContain('\n\n### （一）统筹推进机制初步形成\n\n')
    expect(markdown).toContain('\n\n#### 1.完善规划布局\n\n')
    expect(markdown.endsWith('政协××市委员会\\\n2025年2月26日\n')).toBe(true)
  })

  it('keeps bold text and escapes what Markdown would misread', () => {
    const markdown = exportMarkdown(
      withContent(
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: '要点：' },
            { type: 'text', text: '限期整改', marks: [{ type: 'bold' }] },
          ],
        },
        { type: 'paragraph', content: [{ type: 'text', text: '2025. 不是列表，*也不是*强调' }] },
      ),
    )
    expect(markdown).toContain('\n\n要点：**限期整改**\n\n')
    expect(markdown).toContain('\n\n2025\\. 不是列表，\\*也不是\\*强调\n\n')
  })

  it('quotes the draft mark at the top of a draft', () => {
    expect(
      exportMarkdown({ ...sampleSource, mark: 'draft', versionNumber: 3 }).startsWith('> **草稿（第3版）**\n\n# '),
    ).toBe(true)
  })
})

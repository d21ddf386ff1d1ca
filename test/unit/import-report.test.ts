/** 导入Word's report in words (client/documents/import-report.ts): what the file had, said in plain Chinese. */
import { beforeAll, describe, expect, it } from 'vitest'
import { loadPageMessages } from '../../client/i18n/i18n.js'
import { importReportLines } from '../../client/documents/import-report.js'
import type { WordImportReport } from '../../shared/schema.js'

const report: WordImportReport = {
  title: true,
  recipients: true,
  signature: true,
  date: true,
  headings: [3, 5, 0, 2],
  typedNumbers: 7,
  paragraphs: 20,
  tables: 1,
  lists: 0,
  textBoxes: 0,
  trackedChanges: 2,
  dropped: { images: 3, footnotes: 1, comments: 0, equations: 0, objects: 0, contents: 0 },
}

describe('the 导入Word report', () => {
  // The import dialog's strings are among those the page loads on demand.
  beforeAll(() => loadPageMessages())

  it('says what was recognised, kept and left out, one line each, and nothing of what the file did not have', () => {
    const lines = importReportLines(report, { title: '关于养老的建议案', recipients: '市委、市政府' })
    expect(lines.map((line) => `${line.tone}: ${line.text}`)).toEqual([
      'found: 识别出标题：《关于养老的建议案》',
      'found: 识别出主送机关：市委、市政府',
      'found: 识别出一级标题 3 个、二级标题 5 个、四级标题 2 个',
      'note: 去掉了手写的标题序号 7 处（序号由系统自动编排）',
      'found: 识别出落款（署名和成文日期）',
      'found: 保留了正文段落 20 段、表格 1 个',
      'note: 文件中的修订 2 处已按“接受全部修订”处理',
      'dropped: 已略去图片 3 张（暂不支持图片）',
      'dropped: 已略去脚注、尾注 1 条',
    ])
  })

  it('says when no title and no heading level were recognised', () => {
    const bare = {
      ...report,
      title: false,
      recipients: false,
      signature: false,
      date: false,
      headings: [0, 0, 0, 0],
      typedNumbers: 0,
    }
    const texts = importReportLines(bare, { title: '调研掠影' }).map((line) => line.text)
    expect(texts.slice(0, 2)).toEqual([
      '未识别出标题，已用文件名作为标题：《调研掠影》，可在文稿中修改',
      '未识别出标题层级，正文均作为普通段落',
    ])
  })
})

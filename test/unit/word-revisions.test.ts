import { readFileSync } from 'node:fs'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { HeavyWork } from '../../server/domain/heavy-work.js'
import { W } from '../../server/import/docx-archive.js'
import { ImportError } from '../../server/import/import-error.js'
import { readReturnedDocx, type WordChange } from '../../server/import/word-revisions.js'

const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/returned/${name}`, import.meta.url))

const contentTypes =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'

/** A .docx of `body` (w: elements) and, when given, comments.xml content. */
function docx(body: string, comments?: string): Uint8Array {
  const parts: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(contentTypes),
    'word/document.xml': strToU8(
      `<?xml version="1.0"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`,
    ),
  }
  if (comments !== undefined)
    parts['word/comments.xml'] = strToU8(`<?xml version="1.0"?><w:comments xmlns:w="${W}">${comments}</w:comments>`)
  return zipSync(parts)
}

const run = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`
const delRun = (text: string) => `<w:r><w:delText xml:space="preserve">${text}</w:delText></w:r>`
const ins = (author: string, inner: string) =>
  `<w:ins w:id="1" w:author="${author}" w:date="2025-03-01T00:00:00Z">${inner}</w:ins>`
const del = (author: string, inner: string) =>
  `<w:del w:id="2" w:author="${author}" w:date="2025-03-02T00:00:00Z">${inner}</w:del>`
const p = (inner: string, markRevision = '') =>
  `<w:p>${markRevision ? `<w:pPr><w:rPr>${markRevision}</w:rPr></w:pPr>` : ''}${inner}</w:p>`

const brief = (c: WordChange) => [c.kind, c.paragraph, c.from, c.to, c.deleted, c.inserted, c.author]

describe('reading a returned draft that Jianyi exported and Word-style markup changed', () => {
  const returned = readReturnedDocx(fixture('returned.docx'))
  const at = (words: string) => returned.paragraphs.findIndex((text) => text.includes(words))

  it('gives back the text as it was sent: the deleted words in, the inserted ones out', () => {
    expect(returned.paragraphs[at('近年来，我市坚持')]).toContain('建设质量稳步提升。')
    expect(returned.paragraphs[at('2022年以来')]).toContain('其中中央和省级补助资金16.3亿元，市、县两级')
    expect(returned.paragraphs[at('2022年以来')]).toContain('反哺农田建设，拓展了资金来源。')
    expect(returned.paragraphs.some((text) => text.includes('建议进一步明确各部门职责分工'))).toBe(false)
    expect(returned.paragraphs[at('一些项目重视田块整治')]).toMatch(/^一些项目重视田块整治.*初衷不符。$/)
    // Headings keep the numbers the export printed.
    expect(returned.paragraphs).toContain('一、基本情况')
  })

  it('reads each change with its offsets, author, date and the words around it', () => {
    const replaced = returned.changes.find((c) => c.deleted === '稳步提升')!
    expect(brief(replaced)).toEqual(['replacement', at('近年来，我市坚持'), 45, 49, '稳步提升', '显著提升', '张三'])
    expect(returned.paragraphs[replaced.paragraph].slice(replaced.from, replaced.to)).toBe('稳步提升')
    expect(replaced.date).toBe('2025-03-03T09:15:00Z')
    expect(replaced.before.endsWith('建设规模持续扩大，建设质量')).toBe(true)
    expect(replaced.after.startsWith('。截至2024年底')).toBe(true)

    const inserted = returned.changes.find((c) => c.inserted === '（含一般债券）')!
    expect(inserted.kind).toBe('insertion')
    expect(inserted.author).toBe('李四')
    expect(inserted.from).toBe(inserted.to)
    expect(returned.paragraphs[inserted.paragraph].slice(0, inserted.from)).toMatch(/补助资金16\.3亿元$/)

    const deleted = returned.changes.find((c) => c.deleted === '，拓展了资金来源')!
    expect(brief(deleted)).toEqual(['deletion', at('2022年以来'), 105, 113, '，拓展了资金来源', '', '张三'])
  })

  it('reads a new paragraph as an insertion starting with a line break at the end of the one before', () => {
    const added = returned.changes.find((c) => c.inserted.includes('职责分工'))!
    const previous = at('项目区田块集中连片')
    expect(brief(added)).toEqual([
      'insertion',
      previous,
      returned.paragraphs[previous].length,
      returned.paragraphs[previous].length,
      '',
      '\n建议进一步明确各部门职责分工。',
      '李四',
    ])
  })

  it('reads a deleted paragraph as the deletion of all its words', () => {
    const gone = returned.changes.find((c) => c.deleted.startsWith('一些项目重视田块整治'))!
    expect(gone.kind).toBe('deletion')
    expect(gone.from).toBe(0)
    expect(gone.to).toBe(returned.paragraphs[gone.paragraph].length)
    expect(returned.changes.filter((c) => c.kind === 'paragraph_merge')).toEqual([])
  })

  it('reads comments with their words, authors, initials, dates and a reply from commentsExtended.xml', () => {
    expect(returned.comments).toHaveLength(2)
    const [checked, named] = returned.comments
    expect(checked).toMatchObject({
      text: '请核实数据口径。',
      author: '张三',
      initials: 'ZS',
      date: '2025-03-03T09:15:00Z',
      quote: '28.7亿元',
      replies: [{ text: '已与统计局核对。', author: '李四', initials: 'LS' }],
    })
    const paragraph = returned.paragraphs[checked.start!.paragraph]
    expect(paragraph.slice(checked.start!.offset, checked.end!.offset)).toBe('28.7亿元')
    expect(checked.before.endsWith('高标准农田建设资金')).toBe(true)
    expect(named).toMatchObject({ text: '建议写明专班名称。', author: '李四', quote: '工作专班', replies: [] })
  })

  it('counts the formatting-only revision and reads no change from it', () => {
    expect(returned.formattingChanges).toBe(1)
    expect(returned.changes).toHaveLength(6)
  })
})

describe('reading the same returned draft after LibreOffice saved it', () => {
  const word = readReturnedDocx(fixture('returned.docx'))
  const office = readReturnedDocx(fixture('returned-libreoffice.docx'))

  it('finds the same text and the same changes at the same offsets', () => {
    expect(office.paragraphs).toEqual(word.paragraphs)
    expect(office.changes.map(brief)).toEqual(word.changes.map(brief))
    expect(office.changes.map((c) => c.date)).toEqual(word.changes.map((c) => c.date))
    expect(office.formattingChanges).toBe(1)
  })

  it('finds every comment on its words (LibreOffice keeps a reply as a comment of its own on the same words)', () => {
    const summary = (c: (typeof office.comments)[number]) => [c.text, c.author, c.quote, c.start, c.end]
    expect(office.comments.map(summary).sort()).toEqual(
      [...word.comments, { ...word.comments[0], text: '已与统计局核对。', author: '李四' }].map(summary).sort(),
    )
  })
})

describe('reading revision markup', () => {
  it('pairs a deletion with the insertion next to it as one replacement, in either order', () => {
    const a = readReturnedDocx(docx(p(run('加强') + del('甲', delRun('农田')) + ins('甲', run('耕地')) + run('建设'))))
    const b = readReturnedDocx(docx(p(run('加强') + ins('甲', run('耕地')) + del('甲', delRun('农田')) + run('建设'))))
    for (const read of [a, b]) {
      expect(read.paragraphs).toEqual(['加强农田建设'])
      expect(read.changes.map(brief)).toEqual([['replacement', 0, 2, 4, '农田', '耕地', '甲']])
    }
  })

  it('keeps changes by two people next to each other apart', () => {
    const read = readReturnedDocx(
      docx(p(run('加强') + del('甲', delRun('农田')) + ins('乙', run('耕地')) + run('建设'))),
    )
    expect(read.changes.map(brief)).toEqual([
      ['deletion', 0, 2, 4, '农田', '', '甲'],
      ['insertion', 0, 4, 4, '', '耕地', '乙'],
    ])
  })

  it('reads moved text as a deletion where it was and an insertion where it went', () => {
    const move = (name: string, inner: string) => `<w:${name} w:id="3" w:author="丙">${inner}</w:${name}>`
    const read = readReturnedDocx(
      docx(p(move('moveTo', run('统筹')) + run('推进') + move('moveFrom', delRun('统筹')) + run('建设'))),
    )
    expect(read.paragraphs).toEqual(['推进统筹建设'])
    expect(read.changes.map(brief)).toEqual([
      ['insertion', 0, 0, 0, '', '统筹', '丙'],
      ['deletion', 0, 2, 4, '统筹', '', '丙'],
    ])
    expect(read.changes.every((c) => c.moved && c.date === null)).toBe(true)
  })

  it('reads words someone inserted and another deleted again as nothing at all', () => {
    const read = readReturnedDocx(docx(p(run('甲') + ins('A', del('B', delRun('乙'))) + run('丙'))))
    expect(read.paragraphs).toEqual(['甲丙'])
    expect(read.changes).toEqual([])
  })

  it('reads the paragraphs of table cells in order, with their changes', () => {
    const cell = (inner: string) => `<w:tc><w:tcPr/>${inner}</w:tc>`
    const table = `<w:tbl><w:tblPr/><w:tblGrid/><w:tr>${cell(p(run('指标')))}${cell(p(run('48.6万亩') + ins('丁', run('（暂定）'))))}</w:tr></w:tbl>`
    const read = readReturnedDocx(docx(p(run('表1')) + table + p(run('表后'))))
    expect(read.paragraphs).toEqual(['表1', '指标', '48.6万亩', '表后'])
    expect(read.changes.map(brief)).toEqual([['insertion', 2, 6, 6, '', '（暂定）', '丁']])
  })

  it('splits a paragraph where an inserted line break or paragraph mark is, and separates text at a hard break', () => {
    const read = readReturnedDocx(
      docx(
        p(run('第一句。') + ins('甲', run('新句。')), `<w:ins w:id="9" w:author="甲"/>`) +
          p(run('第二句。') + '<w:r><w:br/><w:t>下一行</w:t></w:r>'),
      ),
    )
    // The first mark is inserted: as sent, the paragraphs were one.
    expect(read.paragraphs).toEqual(['第一句。第二句。', '下一行'])
    expect(read.changes.map(brief)).toEqual([['insertion', 0, 4, 4, '', '新句。\n', '甲']])
  })

  it('tells a deleted mark that joins two paragraphs from one that goes with a deleted paragraph', () => {
    const read = readReturnedDocx(
      docx(
        p(run('甲段'), `<w:del w:id="5" w:author="乙"/>`) +
          p(run('乙段')) +
          p(del('乙', delRun('丙段')), `<w:del w:id="6" w:author="乙"/>`) +
          p(run('丁段')),
      ),
    )
    expect(read.paragraphs).toEqual(['甲段', '乙段', '丙段', '丁段'])
    expect(read.changes.map(brief)).toEqual([
      ['paragraph_merge', 0, 2, 2, '\n', '', '乙'],
      ['deletion', 2, 0, 2, '丙段', '', '乙'],
    ])
  })

  it('reads words replaced across a paragraph end as a change no suggestion can hold', () => {
    const read = readReturnedDocx(
      docx(
        p(run('甲') + del('乙', delRun('段尾')), `<w:del w:id="5" w:author="乙"/>`) +
          p(del('乙', delRun('段首')) + ins('乙', run('合并')) + run('乙')),
      ),
    )
    expect(read.changes.map(brief)).toEqual([['spans_paragraphs', 0, 1, 1, '段尾\n段首', '合并', '乙']])
  })

  it('skips field instructions and formatting changes, and reads symbols and tabs', () => {
    const field =
      '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' +
      run('3') +
      '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    const read = readReturnedDocx(
      docx(
        `<w:p><w:pPr><w:pPrChange w:id="1" w:author="甲"><w:pPr/></w:pPrChange></w:pPr>${field}<w:r><w:tab/><w:t>页</w:t></w:r></w:p>`,
      ),
    )
    expect(read.paragraphs).toEqual(['3\t页'])
    expect(read.formattingChanges).toBe(1)
  })

  it('reads a comment that marks only a point by its reference, and one that marks nowhere without a place', () => {
    const read = readReturnedDocx(
      docx(
        p(run('建议增加') + '<w:r><w:commentReference w:id="7"/></w:r>' + run('内容')),
        `<w:comment w:id="7" w:author="戊" w:initials="W"><w:p><w:r><w:annotationRef/></w:r><w:r><w:t>此处补充</w:t></w:r></w:p><w:p><w:r><w:t>两条。</w:t></w:r></w:p></w:comment>` +
          `<w:comment w:id="8" w:author="戊"><w:p><w:r><w:t>无处</w:t></w:r></w:p></w:comment>`,
      ),
    )
    expect(read.comments).toMatchObject([
      {
        id: '7',
        text: '此处补充\n两条。',
        quote: '',
        start: { paragraph: 0, offset: 4 },
        end: { paragraph: 0, offset: 4 },
      },
      { id: '8', text: '无处', start: null, end: null },
    ])
  })

  it('refuses what is not a .docx with an ImportError', () => {
    expect(() => readReturnedDocx(strToU8('%PDF-1.7'))).toThrow(ImportError)
  })
})

describe('reading a returned draft in the worker pool', () => {
  it('reads it in a worker thread as it reads it here, and a bad file fails there with its ImportError', async () => {
    const heavy = new HeavyWork({ workers: 1, timeoutMs: 20_000, maxChars: 2_000_000, idleMs: 60_000 })
    try {
      const bytes = fixture('returned.docx')
      expect((await heavy.returnedDraft(new Uint8Array(bytes), [])).docx).toEqual(readReturnedDocx(bytes))
      const failure = await heavy.returnedDraft(strToU8('%PDF-1.7 renamed'), []).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(ImportError)
      expect((failure as ImportError).code).toBe('import_not_docx')
    } finally {
      await heavy.close()
    }
  })
})

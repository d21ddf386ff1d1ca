/**
 * 导入Word (server/import/word-draft.ts): each committed fixture (test/fixtures/import/, written by
 * the `docx` library and some re-saved by LibreOffice) becomes a draft of the right structure, and
 * hand-written WordprocessingML covers what those writers do not produce (fields, alternate
 * content, deleted paragraph marks, outline levels, styles based on headings…).
 */
import { strToU8, zipSync } from 'fflate'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadPageMessages } from '../../client/i18n/i18n.js'
import { auditLine } from '../../client/versions/audit-line.js'
import { W } from '../../server/import/docx-archive.js'
import { ImportError } from '../../server/import/import-error.js'
import { wordDraft, type WordDraft } from '../../server/import/word-draft.js'
import { readCreateDetails, writeCreateDetails } from '../../shared/audit-details.js'
import { numberedHeadings } from '../../shared/editor/heading-numbers.js'
import { documentSchema } from '../../shared/editor/schema.js'
import type { JsonNode } from '../../shared/editor/text.js'

const fixture = (name: string) => wordDraft(readFileSync(join(import.meta.dirname, '../fixtures/import', name)))

/** Each top-level block as "type[level]: text", tables as rows of cells. */
const outline = (draft: WordDraft) =>
  draft.content.content!.map((node) => {
    if (node.type === 'table')
      return `table: ${node.content!.map((row) => row.content!.map(cellText).join(' | ')).join(' / ')}`
    const level = node.type === 'heading' ? String(node.attrs!.level) : ''
    return `${node.type}${level}: ${text(node)}`
  })
const text = (node: JsonNode): string =>
  node.type === 'text' ? node.text! : node.type === 'hardBreak' ? '\n' : (node.content ?? []).map(text).join('')
const cellText = (cell: JsonNode) => {
  const { colspan, rowspan } = cell.attrs as { colspan: number; rowspan: number }
  const span = colspan > 1 || rowspan > 1 ? `(${colspan}×${rowspan})` : ''
  return `${cell.type === 'tableHeader' ? '#' : ''}${text(cell)}${span}`
}
/** The draft is valid in the document schema (what the editor and the store will load). */
const valid = (draft: WordDraft) => {
  const node = documentSchema.nodeFromJSON(draft.content)
  node.check()
  return node
}

const NS = `xmlns:w="${W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"`
const docx = (bodyXml: string, parts: Record<string, string> = {}) =>
  zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    'word/document.xml': strToU8(`<?xml version="1.0"?><w:document ${NS}><w:body>${bodyXml}</w:body></w:document>`),
    ...Object.fromEntries(Object.entries(parts).map(([name, xml]) => [name, strToU8(xml)])),
  })
const styles = (inner: string) => ({ 'word/styles.xml': `<?xml version="1.0"?><w:styles ${NS}>${inner}</w:styles>` })
const para = (textXml: string, pPr = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${textXml}</w:p>`
const run = (value: string, rPr = '') =>
  `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${value}</w:t></w:r>`
const read = (bodyXml: string, parts?: Record<string, string>) => wordDraft(docx(bodyXml, parts))

describe('导入Word: the committed fixtures', () => {
  it('reads a Word-style draft: title, 主送机关, heading styles without their typed numbers, lists, 署名 and 日期', () => {
    const draft = fixture('word-styles.docx')
    valid(draft)
    expect(draft.title).toBe('关于加强社区养老服务体系建设的建议案')
    expect(draft.recipients).toBe('市委、市政府')
    expect(outline(draft)).toEqual([
      'heading1: 基本情况',
      'paragraph: 近年来，我市养老服务体系建设取得积极进展，社区嵌入式服务网络初步形成。\n截至2024年底，全市建成街道综合养老服务中心86个。',
      'heading2: 社区养老服务设施逐步完善',
      'paragraph: 详见市民政局年度报告。',
      'heading1: 存在的问题',
      'heading2: 设施布局不够均衡',
      'bulletList: 老城区设施密度高部分站点面积不足新建城区设施配套滞后',
      'heading1: 意见建议',
      'heading2: 完善规划布局',
      'heading3: 科学编制专项规划',
      'paragraph: 各区要把养老服务设施纳入国土空间规划。',
      'heading4: 明确建设标准',
      'orderedList: 新建住宅小区按标准配建老旧小区逐步补齐',
      // Word's own 一、 numbering on a plain paragraph makes it a heading, its number dropped.
      'heading1: 保障措施',
      'paragraph: 各级各部门要加强协同，形成工作合力。',
      'paragraph: ',
      'paragraph: 政协××市委员会',
      'paragraph: 2025年3月1日',
    ])
    expect(draft.report).toEqual({
      title: true,
      recipients: true,
      signature: true,
      date: true,
      headings: [4, 3, 1, 1],
      typedNumbers: 4,
      paragraphs: 6,
      tables: 0,
      lists: 2,
      textBoxes: 0,
      trackedChanges: 2,
      dropped: { images: 0, footnotes: 1, comments: 0, equations: 0, objects: 0, contents: 0 },
    })
  })

  it('keeps bold, italic, underline and links, and nests a list level under its item', () => {
    const blocks = fixture('word-styles.docx').content.content!
    const marksOf = (node: JsonNode) =>
      node
        .content!.filter((child) => child.marks)
        .map((child) => `${child.text}:${child.marks!.map((m) => m.type).join('+')}`)
    expect(marksOf(blocks[1])).toEqual(['养老服务体系建设:bold', '积极进展:italic', '社区嵌入式:underline'])
    expect(blocks[3].content!.find((child) => child.marks)?.marks).toEqual([
      { type: 'link', attrs: { href: 'https://example.org/report' } },
    ])
    const bullets = blocks[6]
    expect(bullets.content!.map((item) => item.content!.map((child) => child.type))).toEqual([
      ['paragraph', 'bulletList'],
      ['paragraph'],
    ])
  })

  it('numbers the imported headings once: the editor’s 一、（一）1.（1）, never a typed number left over', () => {
    const headings = numberedHeadings(fixture('word-styles.docx').content).map((h) => h.number + h.text)
    expect(headings).toEqual([
      '一、基本情况',
      '（一）社区养老服务设施逐步完善',
      '二、存在的问题',
      '（一）设施布局不够均衡',
      '三、意见建议',
      '（一）完善规划布局',
      '1.科学编制专项规划',
      '（1）明确建设标准',
      '四、保障措施',
    ])
  })

  it('reads typed numbers in plain paragraphs (a LibreOffice file) and leaves look-alikes as text', () => {
    const draft = fixture('typed-numbers.docx')
    valid(draft)
    expect(draft.title).toBe('关于加强社区养老服务体系建设的建议案')
    expect(draft.recipients).toBe('市委、市政府')
    expect(outline(draft)).toEqual([
      'heading1: 基本情况',
      'paragraph: 2025年以来，全市新增养老床位3200张，较上年增长1.5倍。',
      'heading2: 设施逐步完善',
      'heading3: 街道综合养老服务中心',
      'heading4: 覆盖情况',
      'heading4: 运营情况',
      'heading3: 社区养老服务站点',
      'heading1: 存在的问题',
      'paragraph: 一是设施布局不均衡，二是专业人才短缺。',
      'paragraph: 1.5倍以上的需求增长给服务供给带来压力。',
      'heading1: 意见建议',
      // （一） running on into its paragraph: the first sentence is the heading.
      'heading2: 加强组织领导',
      'paragraph: 各级各部门要把养老服务体系建设摆上重要议事日程，建立健全工作协调机制，明确责任分工，形成工作合力，确保各项任务落到实处。',
      // 1. running on stays one paragraph: a level-3 heading in the body's typeface, as GB/T 9704 sets it.
      'heading3: 完善规划。各区要把养老服务设施纳入国土空间规划，统筹新建与改造，按照人口结构和分布合理布局。',
      'paragraph: ',
      'paragraph: 政协××市委员会',
      'paragraph: 2025年3月1日',
    ])
    expect(draft.report).toMatchObject({ headings: [3, 2, 3, 2], typedNumbers: 10, signature: true, date: true })
  })

  it.each(['table.docx', 'table-libreoffice.docx'])(
    'keeps a table (%s): header row, a cell over two columns, one over two rows',
    (name) => {
      const draft = fixture(name)
      const node = valid(draft)
      expect(draft.title).toBe('关于社区养老服务设施情况的调研报告')
      expect(outline(draft)).toEqual([
        'heading1: 主要数据',
        'paragraph: 全市养老服务设施情况见下表。',
        'table: #项目 | #2023年 | #2024年 / 养老机构（家） | 120 | 135 / 社区站点(1×2) | 城区 410 | 城区 452 / 农村 230 | 农村 268 / 合计(2×1) | 855',
        'paragraph: 数据表明，设施总量稳步增长。',
      ])
      expect(draft.report).toMatchObject({ tables: 1, headings: [1, 0, 0, 0] })
      // A well-formed table for the editor: every row is three columns wide.
      const table = node.child(2)
      expect(table.type.name).toBe('table')
    },
  )

  it('drops pictures and counts them, and keeps the text of a text box after its paragraph', () => {
    const draft = fixture('images.docx')
    valid(draft)
    expect(outline(draft)).toEqual([
      'heading1: 调研掠影',
      'paragraph: 图为调研组在社区养老服务站座谈。',
      'paragraph: 附注：',
      'paragraph: 本图片由调研组拍摄。',
    ])
    expect(draft.report).toMatchObject({ textBoxes: 1, dropped: { images: 2 }, title: false, recipients: false })
  })
})

describe('导入Word: WordprocessingML the fixtures do not cover', () => {
  it('takes heading styles by name (标题 1), by a style based on one, and by outline level', () => {
    const draft = read(
      para(run('总体要求'), '<w:pStyle w:val="cn1"/>') +
        para(run('主要任务'), '<w:pStyle w:val="mine"/>') +
        para(run('具体措施'), '<w:outlineLvl w:val="2"/>') +
        para(run('正文'), '<w:outlineLvl w:val="9"/>'),
      styles(
        '<w:style w:type="paragraph" w:styleId="cn1"><w:name w:val="标题 1"/></w:style>' +
          '<w:style w:type="paragraph" w:styleId="h2"><w:name w:val="heading 2"/></w:style>' +
          '<w:style w:type="paragraph" w:styleId="mine"><w:name w:val="我的小标题"/><w:basedOn w:val="h2"/></w:style>',
      ),
    )
    expect(outline(draft)).toEqual([
      'heading1: 总体要求',
      'heading2: 主要任务',
      'heading3: 具体措施',
      'paragraph: 正文',
    ])
  })

  it('lets a typed number decide the level of a heading-styled paragraph, and removes it', () => {
    const draft = read(
      para(run('（二）完善机制'), '<w:pStyle w:val="h1"/>'),
      styles('<w:style w:type="paragraph" w:styleId="h1"><w:name w:val="heading 1"/></w:style>'),
    )
    expect(outline(draft)).toEqual(['heading2: 完善机制'])
  })

  it('reads tracked changes as accepted: insertions kept, deletions and moved-away text dropped, a deleted paragraph mark joins two paragraphs', () => {
    const draft = read(
      para(
        `${run('市政府')}<w:del w:id="1" w:author="a"><w:r><w:delText>应当</w:delText></w:r></w:del><w:ins w:id="2" w:author="a">${run('要')}</w:ins>${run('加大投入')}`,
      ) +
        para(run('第一段'), '<w:rPr><w:del w:id="3" w:author="a"/></w:rPr>') +
        para(`${run('接第二段')}<w:moveFrom w:id="4" w:author="a">${run('挪走的字')}</w:moveFrom>`),
    )
    expect(outline(draft)).toEqual(['paragraph: 市政府要加大投入', 'paragraph: 第一段接第二段'])
    expect(draft.report.trackedChanges).toBe(4)
  })

  it('shows a field’s result, not its instruction, and leaves out hidden text', () => {
    const draft = read(
      para(
        `${run('见第')}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Toc1 \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${run('3')}<w:r><w:fldChar w:fldCharType="end"/></w:r>${run('页')}${run('隐藏', '<w:vanish/>')}`,
      ) + para(`<w:fldSimple w:instr=" DATE ">${run('2025年3月1日')}</w:fldSimple>`),
    )
    // A date closing the text is the 成文日期: set apart by a blank line, as the template has it.
    expect(outline(draft)).toEqual(['paragraph: 见第3页', 'paragraph: ', 'paragraph: 2025年3月1日'])
    expect(draft.report).toMatchObject({ signature: false, date: true })
  })

  it('reads one branch of alternate content (never the text box twice) and counts equations, comments and objects', () => {
    const box = (text: string) => `<w:txbxContent>${para(run(text))}</w:txbxContent>`
    const draft = read(
      para(
        `${run('正文')}<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:drawing><wp:anchor xmlns:wp="urn:wp"><a:graphic xmlns:a="urn:a"><wps:txbx xmlns:wps="urn:wps">${box('框内文字')}</wps:txbx></a:graphic></wp:anchor></w:drawing></w:r></mc:Choice><mc:Fallback><w:r><w:pict>${box('框内文字')}</w:pict></w:r></mc:Fallback></mc:AlternateContent>`,
      ) +
        para(
          `${run('公式')}<m:oMath><m:r><m:t>x</m:t></m:r></m:oMath><w:r><w:commentReference w:id="0"/></w:r><w:r><w:object/></w:r>`,
        ),
    )
    expect(outline(draft)).toEqual(['paragraph: 正文', 'paragraph: 框内文字', 'paragraph: 公式'])
    expect(draft.report).toMatchObject({ textBoxes: 1, dropped: { equations: 1, comments: 1, objects: 1, images: 0 } })
  })

  it('drops table-of-contents lines and counts them', () => {
    const draft = read(
      para(run('一、基本情况…………1'), '<w:pStyle w:val="toc1"/>') + para(run('一、基本情况')),
      styles('<w:style w:type="paragraph" w:styleId="toc1"><w:name w:val="toc 1"/></w:style>'),
    )
    expect(outline(draft)).toEqual(['heading1: 基本情况'])
    expect(draft.report.dropped.contents).toBe(1)
  })

  it('finds a title over two centred lines and keeps headings inside table cells as plain paragraphs', () => {
    const centred = '<w:jc w:val="center"/>'
    const draft = read(
      para(run('关于加强社区养老服务'), centred) +
        para(run('体系建设的建议案'), centred) +
        `<w:tbl><w:tr><w:tc>${para(run('一、指标'))}</w:tc><w:tc>${para('')}</w:tc></w:tr></w:tbl>`,
    )
    expect(draft.title).toBe('关于加强社区养老服务体系建设的建议案')
    expect(outline(draft)).toEqual(['table: 一、指标 | '])
    valid(draft)
  })

  it('takes no title from a first paragraph that is not centred, and no 主送机关 from a long line', () => {
    const draft = read(
      para(run('关于加强社区养老服务体系建设的建议案')) + para(run(`${'这是一句很长的话'.repeat(6)}：`)),
    )
    expect(draft.title).toBeNull()
    expect(draft.recipients).toBeNull()
    expect(draft.content.content).toHaveLength(2)
  })

  it('gives an empty document one empty paragraph', () => {
    const draft = read('')
    expect(draft.content).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] })
    expect(draft.report.headings).toEqual([0, 0, 0, 0])
  })

  it('refuses what is not a Word file with an ImportError', () => {
    expect(() => wordDraft(strToU8('%PDF-1.7'))).toThrow(ImportError)
  })
})

describe('导入Word in the audit log', () => {
  // The history's strings are among those the page loads on demand.
  beforeAll(() => loadPageMessages())

  it('reads the create entry of an imported draft as a sentence naming the file, zh-CN first', () => {
    const details = writeCreateDetails({
      title: '关于养老的建议案',
      template: 'docx',
      groupId: 'g1',
      importedFrom: '养老 (终稿).docx',
    })
    expect(readCreateDetails(details)).toEqual({
      title: '关于养老的建议案',
      template: 'docx',
      groupId: 'g1',
      importedFrom: '养老 (终稿).docx',
    })
    const entry = {
      documentId: 'AAAAAAAAAAAAAAAA',
      seq: 1,
      action: 'create' as const,
      actorId: 'u1',
      at: '2026-12-04T14:12:00.000Z',
      versionNumber: null,
      contentHash: null,
      details,
      prevHash: '',
      hash: 'h',
    }
    expect(auditLine(entry, () => '王组长')).toEqual({
      sentence: '王组长从 Word 文件“养老 (终稿).docx”导入新建了《关于养老的建议案》',
      details: null,
    })
    // An entry of the older form reads as before.
    expect(readCreateDetails(writeCreateDetails({ title: 'T', template: 'blank', groupId: 'g1' }))).toEqual({
      title: 'T',
      template: 'blank',
      groupId: 'g1',
    })
  })
})

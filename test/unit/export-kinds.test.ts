/**
 * Exports of each kind, checked like the 建议案's: the same GB/T 9704 page and faces, the same heading
 * numbers; a 调研报告 with no 主送机关 and signed by the group; a 座谈会纪要 opening with its header
 * block (时间 / 地点 / 主持人 / 参加人员, the label in 黑体, the lines after the first aligned after
 * the colon) and not signed.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { exportDocx } from '../../server/export/docx.js'
import { fieldCells, exportText, readingParagraphs } from '../../server/export/export-text.js'
import type { ExportSource } from '../../server/export/export-source.js'
import { grid } from '../../server/export/layout.js'
import { exportMarkdown } from '../../server/export/markdown.js'
import { exportPdf } from '../../server/export/pdf.js'
import { exportPlainText } from '../../server/export/plain-text.js'
import type { JsonNode } from '../../shared/editor/text.js'
import { paragraphs, readDocx, styleXml, type DocxParts } from '../fixtures/export/docx-parts.js'
import { extractedBodyText, poppler, withoutWhitespace } from '../fixtures/export/poppler.js'
import { sampleSource } from '../fixtures/export/sample-source.js'

const attr = (xml: string, element: string, name: string) =>
  new RegExp(`<${element} [^>]*?${name}="([^"]*)"`).exec(xml)?.[1]
const text = (value: string, bold = false): JsonNode =>
  bold ? { type: 'text', text: value, marks: [{ type: 'bold' }] } : { type: 'text', text: value }
const paragraph = (...parts: JsonNode[]): JsonNode => ({ type: 'paragraph', content: parts })
const heading = (level: number, value: string): JsonNode => ({
  type: 'heading',
  attrs: { level },
  content: [text(value)],
})

const participants =
  '市农业农村局副局长张××，市发展改革委农经处处长李××，市财政局农业农村处处长王××，市自然资源和规划局耕保处副处长赵××，市水利局农水处处长钱××，种粮大户代表孙××、周××'

const minutes: ExportSource = {
  ...sampleSource,
  kind: 'minutes',
  title: '高标准农田建设座谈会纪要',
  adoptionNote: undefined,
  documentNumber: undefined,
  // A 纪要 is addressed to nobody: a 主送机关 given by mistake is not printed.
  recipients: '中共××市委、××市人民政府',
  mark: 'draft',
  content: {
    type: 'doc',
    content: [
      paragraph(text('时间：', true), text('2025年3月12日上午')),
      paragraph(text('地点：', true), text('市政协三楼会议室')),
      paragraph(text('主持人：', true), text('王××（市政协副主席）')),
      paragraph(text('参加人员：', true), text(participants)),
      heading(1, '会议议题'),
      paragraph(text('听取有关部门和种粮大户对高标准农田建后管护的意见建议。')),
      heading(1, '发言摘要'),
      paragraph(text('市农业农村局张××：', true), text('全市累计建成高标准农田186.4万亩，管护资金缺口较大。')),
      paragraph(text('种粮大户孙××：', true), text('部分沟渠淤塞，希望明确管护责任主体。')),
      heading(1, '会议共识和下一步工作'),
      paragraph(text('与会人员一致认为，应建立健全建后管护长效机制。')),
      // A 纪要 is dated by its meeting: a date typed at its end is its text, not a 成文日期 to move.
      paragraph(text('2025年3月12日')),
    ],
  },
}

const report: ExportSource = {
  ...sampleSource,
  kind: 'report',
  title: '关于我市高标准农田建设情况的调研报告',
  adoptionNote: undefined,
  documentNumber: undefined,
  recipients: '中共××市委、××市人民政府',
  signature: '农业农村调研组',
  mark: 'draft',
  content: {
    type: 'doc',
    content: [
      paragraph(text('根据市政协年度工作安排，调研组于2025年3月开展专题调研。')),
      heading(1, '基本情况'),
      paragraph(text('全市累计建成高标准农田186.4万亩。')),
      heading(1, '主要问题'),
      heading(2, '建后管护机制不健全'),
      paragraph(text('部分项目建成后管护主体不明确。')),
      heading(1, '原因分析'),
      paragraph(text('管护资金没有纳入预算。')),
      heading(1, '对策建议'),
      heading(2, '建立建后管护长效机制'),
      heading(3, '明确管护主体'),
      paragraph(text('按照“谁受益、谁管护”的原则落实责任。')),
    ],
  },
}

const plan: ExportSource = {
  ...report,
  kind: 'plan',
  title: '关于我市高标准农田建设情况的调研方案',
  content: {
    type: 'doc',
    content: [
      heading(1, '调研目的'),
      paragraph(text('摸清建后管护情况。')),
      heading(1, '调研内容'),
      paragraph(text('管护主体、资金和机制。')),
      heading(1, '时间安排'),
      paragraph(text('2025年3月至5月。')),
    ],
  },
}

/** The GB/T 9704 page every kind shares with the 建议案. */
function expectOfficialPage(docx: DocxParts) {
  const sectPr = /<w:sectPr>.*<\/w:sectPr>/s.exec(docx.document)![0]
  expect(attr(sectPr, 'w:pgSz', 'w:w')).toBe('11906')
  expect(attr(sectPr, 'w:pgSz', 'w:h')).toBe('16838')
  expect([
    attr(sectPr, 'w:pgMar', 'w:top'),
    attr(sectPr, 'w:pgMar', 'w:left'),
    attr(sectPr, 'w:pgMar', 'w:right'),
    attr(sectPr, 'w:pgMar', 'w:bottom'),
  ]).toEqual(['2098', '1587', '1474', '1984'])
  expect(attr(docx.document, 'w:docGrid', 'w:linePitch')).toBe('579')
  const font = (id: string) => attr(styleXml(docx.styles, id), 'w:rFonts', 'w:eastAsia')
  const size = (id: string) => attr(styleXml(docx.styles, id), 'w:sz', 'w:val')
  expect([font('Title'), size('Title')]).toEqual(['方正小标宋简体', '44'])
  expect([font('BodyText'), size('BodyText')]).toEqual(['仿宋', '32'])
  expect([font('Heading1'), font('Heading2'), font('Heading3')]).toEqual(['黑体', '楷体', '仿宋'])
}

/** Each paragraph of document.xml with its XML, to read its runs and indents. */
const paragraphXml = (documentXml: string) =>
  [...documentXml.slice(documentXml.indexOf('<w:body>')).matchAll(/<w:p>.*?<\/w:p>|<w:p [^>]*>.*?<\/w:p>/gs)].map(
    (m) => m[0],
  )

describe('DOCX of a 座谈会纪要', () => {
  let docx: DocxParts

  beforeAll(async () => {
    docx = await readDocx(await exportDocx(minutes))
  })

  it('is on the 建议案’s GB/T 9704 page, with the same faces', () => expectOfficialPage(docx))

  it('opens with the header block, numbers the headings after it, and prints the export text in order', () => {
    const printed = paragraphs(docx.document).filter((p) => p.text.length > 0)
    expect(printed.map((p) => p.text.replace(/\n/g, ''))).toEqual(readingParagraphs(exportText(minutes)))
    expect(printed.slice(0, 5).map((p) => [p.style, p.text])).toEqual([
      ['Title', '高标准农田建设座谈会纪要'],
      ['MeetingField', '时间：2025年3月12日上午'],
      ['MeetingField', '地点：市政协三楼会议室'],
      ['MeetingField', '主持人：王××（市政协副主席）'],
      ['MeetingField', `参加人员：${participants}`],
    ])
    expect(printed.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([
      '一、会议议题',
      '二、发言摘要',
      '三、会议共识和下一步工作',
    ])
  })

  it('sets each label in 黑体, 左空二字, and aligns the lines after the first with the first character after the colon', () => {
    expect(attr(styleXml(docx.styles, 'FieldLabel'), 'w:rFonts', 'w:eastAsia')).toBe('黑体')
    const fieldXml = paragraphXml(docx.document).filter((xml) => xml.includes('w:val="MeetingField"'))
    expect(fieldXml).toHaveLength(4)
    const cell = (n: number) => String(Math.round(n * grid.cell))
    fieldXml.forEach((xml, i) => {
      const label = ['时间：', '地点：', '主持人：', '参加人员：'][i]
      const runs = [...xml.matchAll(/<w:r>(.*?)<\/w:r>/gs)].map((m) => m[1])
      expect(runs[0]).toContain('<w:rStyle w:val="FieldLabel"/>')
      expect(runs[0]).toContain(`>${label}</w:t>`)
      expect(runs[1]).not.toContain('FieldLabel')
      // The first line starts two cells in (left − hanging); the rest start after the colon.
      expect(attr(xml, 'w:ind', 'w:left')).toBe(cell(2 + fieldCells(label)))
      expect(attr(xml, 'w:ind', 'w:hanging')).toBe(cell(fieldCells(label)))
    })
    // The block stays together on one page.
    expect(fieldXml.every((xml) => xml.includes('<w:keepNext/>'))).toBe(true)
  })

  it('keeps each speaker’s name bold before the summary', () => {
    const speaker = paragraphXml(docx.document).find((xml) => xml.includes('市农业农村局张××：'))!
    const firstRun = /<w:r>(.*?)<\/w:r>/s.exec(speaker)![1]
    expect(firstRun).toContain('<w:b/>')
    expect(firstRun).toContain('市农业农村局张××：')
  })

  it('prints no 主送机关, no 署名 and no 成文日期; a date typed at its end stays where it was typed', () => {
    const styles = paragraphs(docx.document).map((p) => p.style)
    expect(styles).not.toContain('Recipients')
    expect(styles).not.toContain('Signature')
    expect(styles).not.toContain('DocumentDate')
    expect(docx.document).not.toContain('中共××市委')
    const printed = paragraphs(docx.document).filter((p) => p.text)
    expect(printed.at(-1)).toEqual({ style: 'BodyText', text: '2025年3月12日' })
  })
})

describe('DOCX of a 调研报告 and a 调研方案', () => {
  it('prints the 调研报告 on the same page with 一、（一）1. numbers, no 主送机关, and the group’s 署名 and date', async () => {
    const docx = await readDocx(await exportDocx(report))
    expectOfficialPage(docx)
    const printed = paragraphs(docx.document).filter((p) => p.text)
    expect(printed.map((p) => p.text)).toEqual(readingParagraphs(exportText(report)))
    expect(printed.filter((p) => p.style?.startsWith('Heading')).map((p) => p.text)).toEqual([
      '一、基本情况',
      '二、主要问题',
      '（一）建后管护机制不健全',
      '三、原因分析',
      '四、对策建议',
      '（一）建立建后管护长效机制',
      '1.明确管护主体',
    ])
    expect(printed.map((p) => p.style)).not.toContain('Recipients')
    expect(docx.document).not.toContain('中共××市委')
    expect(printed.slice(-2)).toEqual([
      { style: 'Signature', text: '农业农村调研组' },
      { style: 'DocumentDate', text: exportText(report).date },
    ])
  })

  it('prints the 调研方案 like the 调研报告: numbered headings, no 主送机关, signed', async () => {
    const docx = await readDocx(await exportDocx(plan))
    expectOfficialPage(docx)
    const printed = paragraphs(docx.document).filter((p) => p.text)
    expect(printed.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([
      '一、调研目的',
      '二、调研内容',
      '三、时间安排',
    ])
    expect(printed.map((p) => p.style)).not.toContain('Recipients')
    expect(printed.at(-2)).toEqual({ style: 'Signature', text: '农业农村调研组' })
  })

  it('still prints a 建议案’s 主送机关, and reads a 纪要-like line in a 建议案 as body text', async () => {
    const proposal: ExportSource = {
      ...report,
      kind: 'proposal',
      content: { type: 'doc', content: [paragraph(text('时间：', true), text('2025年3月12日'))] },
    }
    const printed = paragraphs((await readDocx(await exportDocx(proposal))).document).filter((p) => p.text)
    expect(printed.map((p) => p.style)).toContain('Recipients')
    expect(printed.find((p) => p.text.startsWith('时间'))?.style).toBe('BodyText')
  })
})

describe('PDF of each kind', () => {
  const cell = grid.cell / 20
  const left = 1587 / 20

  /** Lines of one page with their left edge, from pdftotext -bbox-layout. */
  function lines(pdf: Uint8Array, page: number) {
    const xml = poppler('pdftotext', pdf, ['-bbox-layout', '-f', String(page), '-l', String(page)])
    return [...xml.matchAll(/<line xMin="([\d.]+)"[^>]*>(.*?)<\/line>/gs)].map((m) => ({
      xMin: Number(m[1]),
      text: [...m[2].matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join(''),
    }))
  }

  it('sets the 纪要’s header block as the DOCX does, and ends with its last paragraph', async () => {
    const pdf = await exportPdf(minutes)
    expect(withoutWhitespace(extractedBodyText(pdf, [`草稿（第${sampleSource.versionNumber}版）`]))).toBe(
      withoutWhitespace(readingParagraphs(exportText(minutes)).join('\n')),
    )
    const page = lines(pdf, 1)
    const at = (start: string) => page.findIndex((line) => line.text.startsWith(start))
    // 左空二字 for each label.
    for (const label of ['时间：', '地点：', '主持人：', '参加人员：'])
      expect(page[at(label)].xMin, label).toBeCloseTo(left + 2 * cell, 0)
    // 参加人员 runs over several lines, each aligned after the colon: 2 + 5 cells in.
    const next = page[at('参加人员：') + 1]
    expect(participants).toContain(next.text.slice(0, 6))
    expect(next.xMin).toBeCloseTo(left + 7 * cell, 0)
    expect(page.some((line) => line.text === '农业农村调研组')).toBe(false)
    // The labels are set in the 黑体 the headings use.
    expect(poppler('pdffonts', pdf)).toMatch(/Hei|Sans/)
  })

  it('prints the 调研报告 without a 主送机关, with the export text of its DOCX', async () => {
    const pdf = await exportPdf(report)
    const body = extractedBodyText(pdf, [`草稿（第${sampleSource.versionNumber}版）`])
    expect(withoutWhitespace(body)).toBe(withoutWhitespace(readingParagraphs(exportText(report)).join('\n')))
    expect(body).not.toContain('中共××市委')
    expect(body.trim().split('\n').slice(-2)).toEqual(['农业农村调研组', exportText(report).date])
  })
})

describe('Markdown and plain text of each kind', () => {
  it('gives a 纪要 its header block with bold labels and no 署名', () => {
    const markdown = exportMarkdown(minutes)
    expect(markdown).toContain('**时间：**2025年3月12日上午\n\n**地点：**市政协三楼会议室')
    expect(markdown).toContain('## 一、会议议题')
    expect(markdown).not.toContain('中共××市委')
    expect(markdown.trimEnd().endsWith('2025年3月12日')).toBe(true)
    const plain = exportPlainText(minutes)
    expect(plain).toContain('时间：2025年3月12日上午\n地点：市政协三楼会议室\n主持人：')
    expect(plain.trimEnd().split('\n').at(-1)).toBe('2025年3月12日')
  })

  it('gives a 调研报告 no 主送机关 and the group’s 署名', () => {
    const plain = exportPlainText(report)
    expect(plain).not.toContain('中共××市委')
    expect(plain.trimEnd().split('\n').slice(-2)).toEqual(['农业农村调研组', exportText(report).date])
    expect(exportMarkdown(report)).toContain('## 四、对策建议')
  })
})

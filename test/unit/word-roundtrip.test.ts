/**
 * Round trip: the approved DOCX that Jianyi exports (server/export/docx.ts), imported again by
 * 导入Word (server/import/word-draft.ts), gives back the same title, 主送机关, headings (their printed
 * 一、（一） numbers removed), paragraphs with their bold, table cells, and the 署名 and 成文日期 as
 * the template's closing lines.
 */
import { describe, expect, it } from 'vitest'
import { exportDocx } from '../../server/export/docx.js'
import type { ExportSource } from '../../server/export/export-source.js'
import { wordDraft } from '../../server/import/word-draft.js'
import { documentSchema } from '../../shared/editor/schema.js'
import type { JsonNode } from '../../shared/editor/text.js'
import { sampleSource } from '../fixtures/export/sample-source.js'

const text = (value: string): JsonNode => ({ type: 'text', text: value })
const cell = (type: 'tableHeader' | 'tableCell', value: string): JsonNode => ({
  type,
  attrs: { colspan: 1, rowspan: 1 },
  content: [{ type: 'paragraph', content: [text(value)] }],
})
const table: JsonNode = {
  type: 'table',
  content: [
    { type: 'tableRow', content: ['项目', '2023年', '2024年'].map((v) => cell('tableHeader', v)) },
    { type: 'tableRow', content: ['高标准农田（万亩）', '172.1', '186.4'].map((v) => cell('tableCell', v)) },
    { type: 'tableRow', content: ['机械化率', '85.0%', '87.5%'].map((v) => cell('tableCell', v)) },
  ],
}

/**
 * The sample without its list (the export prints a list's numbers as text, which an import reads
 * as typed heading numbers: see docs/word-import.md) and without a 题注 (which an import keeps in
 * the body), with a table after its second paragraph.
 */
const blocks = sampleSource.content.content!.filter((node) => node.type !== 'orderedList')
const source: ExportSource = {
  ...sampleSource,
  adoptionNote: undefined,
  content: { type: 'doc', content: [...blocks.slice(0, 3), table, ...blocks.slice(3)] },
}

/** Each block as type, level and text, bold runs marked, tables as their cells. */
function projection(node: JsonNode): unknown {
  if (node.type === 'table')
    return node.content!.map((row) => row.content!.map((c) => `${c.type}:${c.content!.map(inline).join('/')}`))
  return `${node.type}${node.type === 'heading' ? node.attrs!.level : ''}:${inline(node)}`
}
const inline = (node: JsonNode): string =>
  (node.content ?? [])
    .map((child) =>
      child.type === 'text'
        ? child.marks?.some((m) => m.type === 'bold')
          ? `**${child.text}**`
          : child.text!
        : child.type === 'hardBreak'
          ? '\n'
          : inline(child),
    )
    .join('')

describe('export then import', () => {
  it('gives back the title, 主送机关, headings, paragraphs, table cells, 署名 and 成文日期', async () => {
    const draft = wordDraft(await exportDocx(source))
    documentSchema.nodeFromJSON(draft.content).check()
    expect(draft.title).toBe(source.title)
    expect(draft.recipients).toBe(source.recipients)
    const expected = [
      ...source.content.content!,
      { type: 'paragraph' },
      { type: 'paragraph', content: [text('政协××市委员会')] },
      { type: 'paragraph', content: [text('2025年2月26日')] },
    ]
    expect(draft.content.content!.map(projection)).toEqual(expected.map(projection))
    expect(draft.report).toMatchObject({ title: true, recipients: true, signature: true, date: true, tables: 1 })
    // Every heading number the export printed was recognised and removed.
    const headings = source.content.content!.filter((node) => node.type === 'heading').length
    expect(draft.report.headings.reduce((a, b) => a + b, 0)).toBe(headings)
  })
})

/**
 * Pasting into the editor (client/editor/extensions/word-paste.ts): the pasted slice's whole
 * paragraphs with typed numbers become headings without them, as 导入Word reads a file; a
 * paragraph pasted into the middle of another is left alone. (Word's HTML itself is read in the
 * browser: test/e2e/word-import.test.ts.)
 */
import { Fragment, Slice, type Node as ProseMirrorNode } from '@tiptap/pm/model'
import { describe, expect, it } from 'vitest'
import { isWordHtml, structurePasted } from '../../client/editor/extensions/word-structure.js'
import { documentSchema as schema } from '../../shared/editor/schema.js'

const p = (text: string, bold = false) =>
  schema.nodes.paragraph.create(null, text ? schema.text(text, bold ? [schema.marks.bold.create()] : []) : null)
const h = (level: number, text: string) => schema.nodes.heading.create({ level }, schema.text(text))
const shape = (slice: Slice) => {
  const out: string[] = []
  slice.content.forEach((node: ProseMirrorNode) =>
    out.push(`${node.type.name}${node.type.name === 'heading' ? node.attrs.level : ''}: ${node.textContent}`),
  )
  return out
}
const paste = (nodes: ProseMirrorNode[], openStart = 0, openEnd = 0) =>
  structurePasted(new Slice(Fragment.fromArray(nodes), openStart, openEnd), schema)

describe('pasting typed numbers', () => {
  it('makes whole pasted paragraphs with typed numbers headings of their level, numbers removed', () => {
    const slice = paste([
      p('一、基本情况'),
      p('2025年以来，全市新增床位3200张。'),
      p('（一）设施逐步完善'),
      p('1.街道中心'),
      p('（2）运营情况', true),
      h(1, '（二）完善机制'),
      h(6, '细则'),
    ])
    expect(shape(slice)).toEqual([
      'heading1: 基本情况',
      'paragraph: 2025年以来，全市新增床位3200张。',
      'heading2: 设施逐步完善',
      'heading3: 街道中心',
      'heading4: 运营情况',
      'heading2: 完善机制',
      'heading4: 细则',
    ])
    // Bold is the heading's look, not the writer's emphasis.
    expect(slice.content.child(4).firstChild!.marks).toEqual([])
  })

  it('splits a 一、 running on into its paragraph at its first sentence', () => {
    const body =
      '各级各部门要把养老服务体系建设摆上重要议事日程，建立健全工作协调机制，明确责任分工，形成工作合力。'.repeat(2)
    expect(shape(paste([p(`（一）加强组织领导。${body}`)]))).toEqual(['heading2: 加强组织领导', `paragraph: ${body}`])
  })

  it('leaves a paragraph pasted into another one, and look-alikes, as they are', () => {
    const inline = paste([p('1.加强组织领导')], 1, 1)
    expect(shape(inline)).toEqual(['paragraph: 1.加强组织领导'])
    const slice = paste([p('1.5倍'), p('一是加强领导')])
    expect(shape(slice)).toEqual(['paragraph: 1.5倍', 'paragraph: 一是加强领导'])
  })

  it('tells Word’s and WPS’s clipboard HTML from other HTML', () => {
    expect(isWordHtml('<html xmlns:o="urn:schemas-microsoft-com:office:office"><p class=MsoNormal>x</p></html>')).toBe(
      true,
    )
    expect(isWordHtml('<p class="MsoListParagraph">x</p>')).toBe(true)
    expect(isWordHtml('<p>plain</p>')).toBe(false)
  })
})

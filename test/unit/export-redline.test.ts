import { beforeAll, describe, expect, it } from 'vitest'
import { characterDifferences, paragraphDifferences } from '../../server/export/differences.js'
import { exportRedline } from '../../server/export/redline.js'
import type { ExportSource } from '../../server/export/export-source.js'
import type { JsonNode } from '../../shared/editor/text.js'
import { paragraphs, readDocx, unescapeXml, type DocxParts } from '../fixtures/export/docx-parts.js'
import { sampleSource } from '../fixtures/export/sample-source.js'

const paragraph = (text: string): JsonNode => ({ type: 'paragraph', content: [{ type: 'text', text }] })
const heading = (level: number, text: string): JsonNode => ({
  type: 'heading',
  attrs: { level },
  content: [{ type: 'text', text }],
})
const version = (versionNumber: number, ...content: JsonNode[]): ExportSource => ({
  ...sampleSource,
  versionNumber,
  mark: 'draft',
  content: { type: 'doc', content },
})

/** Text of every w:ins or w:del element, with its author and date. */
function revisions(xml: string, kind: 'ins' | 'del') {
  return [
    ...xml.matchAll(new RegExp(`<w:${kind} w:id="(\\d+)" w:author="([^"]*)" w:date="([^"]*)">(.*?)</w:${kind}>`, 'gs')),
  ].map((m) => ({
    id: Number(m[1]),
    author: m[2],
    date: m[3],
    text: [...m[4].matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>/g)]
      .map((t) => unescapeXml(t[1]))
      .join(''),
  }))
}

describe('character differences', () => {
  it('finds word-sized changes in Chinese text, which has no spaces', () => {
    expect(characterDifferences('建议市财政增加投入', '建议市财政加大投入')).toEqual([
      { op: 'equal', text: '建议市财政' },
      { op: 'delete', text: '增加' },
      { op: 'insert', text: '加大' },
      { op: 'equal', text: '投入' },
    ])
  })

  it('pairs an edited paragraph with its old self and keeps new and removed ones whole', () => {
    const changes = paragraphDifferences(
      ['甲段不变。', '乙段：建议增加投入。', '丙段将被删除，内容与其他段落无关。'],
      ['甲段不变。', '新增一段关于管护机制的内容。', '乙段：建议加大投入。'],
      (p) => p,
      (p) => p,
    )
    expect(changes.map((c) => c.kind)).toEqual(['same', 'inserted', 'changed', 'deleted'])
  })
})

describe('redline DOCX', () => {
  let parts: DocxParts
  const earlier = version(
    5,
    heading(1, '存在的问题'),
    paragraph('管护主体、管护责任和管护经费落实不到位。'),
    paragraph('此段在第7版中删除。'),
    heading(1, '意见建议'),
    paragraph('建议市财政增加投入，统筹整合涉农资金。'),
  )
  const later = version(
    7,
    heading(1, '存在的问题'),
    paragraph('管护主体、管护责任和管护经费落实不到位，部分设施损毁后长期得不到修复。'),
    heading(1, '意见建议'),
    paragraph('建议市财政加大投入，统筹整合涉农资金。'),
    paragraph('第7版新增：建立管护经费稳定增长机制。'),
  )

  beforeAll(async () => {
    parts = await readDocx(await exportRedline({ earlier, later, author: '农业农村调研组', date: '2025-02-20' }))
  })

  it('marks inserted text as w:ins with the group as author and the given date', () => {
    const inserted = revisions(parts.document, 'ins')
    expect(inserted.map((r) => r.text)).toEqual([
      '，部分设施损毁后长期得不到修复',
      '加大',
      '第7版新增：建立管护经费稳定增长机制。',
    ])
    for (const r of inserted) {
      expect(r.author).toBe('农业农村调研组')
      expect(r.date).toBe('2025-02-20T00:00:00Z')
    }
  })

  it('marks removed text as w:del, written as w:delText', () => {
    const deleted = revisions(parts.document, 'del')
    expect(deleted.map((r) => r.text)).toEqual(['此段在第7版中删除。', '增加'])
    expect(parts.document).toContain('<w:delText xml:space="preserve">增加</w:delText>')
    expect(deleted.every((r) => r.author === '农业农村调研组')).toBe(true)
  })

  it('marks the paragraph marks of whole inserted and deleted paragraphs, and gives every revision its own id', () => {
    expect(parts.document).toMatch(
      /<w:rPr><w:ins w:id="\d+" w:author="农业农村调研组" w:date="2025-02-20T00:00:00Z"\/><\/w:rPr><\/w:pPr>/,
    )
    expect(parts.document).toMatch(
      /<w:rPr><w:del w:id="\d+" w:author="农业农村调研组" w:date="2025-02-20T00:00:00Z"\/><\/w:rPr><\/w:pPr>/,
    )
    const ids = [...parts.document.matchAll(/<w:(?:ins|del) w:id="(\d+)"/g)].map((m) => m[1])
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('reads as the later version once the revisions are accepted', () => {
    const accepted = paragraphs(parts.document)
      .map((p) => p.text)
      .filter(Boolean)
    expect(accepted).toContain('管护主体、管护责任和管护经费落实不到位，部分设施损毁后长期得不到修复。')
    expect(accepted).toContain('建议市财政加大投入，统筹整合涉农资金。')
    expect(accepted.join('')).not.toContain('此段在第7版中删除')
  })

  it('says in the header which versions it compares, and records both hashes', () => {
    for (const header of Object.values(parts.headers)) expect(header).toContain('修订对照稿（第5版→第7版）')
    expect(parts.custom).toMatch(/name="JianyiMark"><vt:lpwstr>redline<\/vt:lpwstr>/)
    expect(parts.custom).toContain('JianyiEarlierContentHash')
  })

  it('refuses a redline without an author', async () => {
    await expect(exportRedline({ earlier, later, author: ' ', date: '2025-02-20' })).rejects.toMatchObject({
      code: 'export_invalid_source',
    })
  })
})

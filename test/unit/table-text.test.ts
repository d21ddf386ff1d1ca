/**
 * Text in table cells as versions, diffs, 字数, heading numbers and comment or suggestion anchors
 * see it: a cell's paragraphs are lines like any others.
 */
import { EditorState } from '@tiptap/pm/state'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { countEditorDocument } from '../../client/editor/extensions/char-counts.js'
import { outlineOf } from '../../client/editor/extensions/outline-headings.js'
import { readAnchor, readSuggestionAnchor } from '../../server/domain/anchors.js'
import { applySuggestion } from '../../server/domain/apply-suggestion.js'
import { proseMirror } from '../../server/domain/prosemirror.js'
import { diffTexts } from '../../server/domain/text-diff.js'
import { countDocument } from '../../shared/editor/char-count.js'
import { contentField } from '../../shared/editor/content-field.js'
import { numberedHeadings } from '../../shared/editor/heading-numbers.js'
import { lineKinds } from '../../shared/editor/line-kinds.js'
import { documentSchema } from '../../shared/editor/schema.js'
import { plainText, textBlocks, type JsonNode } from '../../shared/editor/text.js'
import { figuresTable, paragraph, table } from '../fixtures/export/table-source.js'

const heading = (level: number, text: string): JsonNode => ({
  type: 'heading',
  attrs: { level },
  content: [{ type: 'text', text }],
})
const doc = (...content: JsonNode[]): JsonNode => ({ type: 'doc', content })

describe('text of a table', () => {
  const content = doc(
    paragraph('见下表。'),
    table([
      ['县', '面积'],
      ['甲县', '12.5万亩'],
    ]),
    paragraph('完。'),
  )

  it('gives each cell paragraph a line of the plain text, in reading order', () => {
    expect(textBlocks(content)).toEqual(['见下表。', '县', '面积', '甲县', '12.5万亩', '完。'])
    expect(plainText(content)).toBe('见下表。\n县\n面积\n甲县\n12.5万亩\n完。')
  })

  it('counts the words in cells, in the editor as in versions', () => {
    // 见下表。 4 + 县 1 + 面积 2 + 甲县 2 + 12.5万亩 (one word and 2 汉字) 3 + 完。 2
    expect(countDocument(content).words).toBe(14)
    const node = documentSchema.nodeFromJSON(content)
    expect(countEditorDocument(node)).toEqual(countDocument(content))
  })

  it('tells the diff which line is which cell: table, row and position in the row', () => {
    const kinds = lineKinds(doc(paragraph('前言'), figuresTable))
    expect(kinds).toHaveLength(textBlocks(doc(paragraph('前言'), figuresTable)).length)
    expect(kinds[0]).toEqual({ type: 'paragraph' })
    expect(kinds[1]).toEqual({ type: 'cell', table: 1, row: 1, column: 1 })
    // The third row has three cells (甲县 covers its first column from above).
    expect(kinds.filter((kind) => kind.type === 'cell' && kind.row === 3)).toHaveLength(3)
  })

  it('shows a changed cell in the diff of two versions', () => {
    const before = doc(
      table([
        ['县', '面积'],
        ['甲县', '12.5'],
      ]),
    )
    const after = doc(
      table([
        ['县', '面积'],
        ['甲县', '15.0'],
      ]),
    )
    const diff = diffTexts(plainText(before), plainText(after))
    // Every change lies in the fourth line, the cell 甲县's neighbour; the lines before are kept.
    const [kept] = diff.ops
    expect(kept).toEqual([0, expect.stringMatching(/^县\n面积\n甲县\n/)])
    const side = (keep: number) =>
      diff.ops
        .filter(([op]) => op !== keep)
        .map(([, text]) => text)
        .join('')
    expect(side(1)).toBe(plainText(before))
    expect(side(-1)).toBe(plainText(after))
    expect(diff.ops.slice(1).every(([, text]) => !text.includes('\n'))).toBe(true)
    expect(diff.summary.paragraphsChanged).toBe(1)
  })
})

describe('headings inside a table', () => {
  const cellHeading = table([['说明']], false)
  cellHeading.content![0].content![0].content = [heading(1, '格内标题')]
  const content = doc(heading(1, '基本情况'), cellHeading, heading(1, '存在的问题'))

  it('are neither numbered nor counted, in the shared numbering and the editor’s outline alike', () => {
    expect(numberedHeadings(content).map((h) => h.number + h.text)).toEqual(['一、基本情况', '二、存在的问题'])
    const outline = outlineOf(EditorState.create({ doc: documentSchema.nodeFromJSON(content) }).doc)
    expect(outline.map((h) => `${h.number}${h.text}`)).toEqual(['一、基本情况', '二、存在的问题'])
  })

  it('are cell lines in a diff, not numbered headings', () => {
    expect(lineKinds(content)).toEqual([
      { type: 'heading', level: 1, number: '一、' },
      { type: 'cell', table: 1, row: 1, column: 1 },
      { type: 'heading', level: 1, number: '二、' },
    ])
  })
})

describe('a comment or suggestion anchored in a table cell', () => {
  const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64')
  /** The Y.XmlText of the paragraph in row `r`, cell `c` of the first table, as y-tiptap stores it. */
  const cellText = (ydoc: Y.Doc, r: number, c: number) => {
    const tableNode = ydoc.getXmlFragment(contentField).get(1) as Y.XmlElement
    expect(tableNode.nodeName).toBe('table')
    const cell = (tableNode.get(r) as Y.XmlElement).get(c) as Y.XmlElement
    return (cell.get(0) as Y.XmlElement).get(0) as Y.XmlText
  }

  it('stays on its words in the cell while others type, and a suggestion there applies to that cell', async () => {
    const kit = await proseMirror()
    const ydoc = kit.toYDoc(
      doc(
        paragraph('见下表。'),
        table([
          ['县', '说明'],
          ['甲县', '统筹整合涉农资金。'],
        ]),
      ) as never,
    )
    const text = cellText(ydoc, 1, 1)
    expect(text.toString()).toBe('统筹整合涉农资金。')
    const anchor = {
      start: encode(Y.createRelativePositionFromTypeIndex(text, 4, 0)),
      end: encode(Y.createRelativePositionFromTypeIndex(text, 8, -1)),
    }
    expect(readAnchor(ydoc, anchor)).toEqual({ text: '涉农资金', detached: false })
    text.insert(0, '一是')
    cellText(ydoc, 1, 0).insert(2, '（区）')
    expect(readAnchor(ydoc, anchor)).toEqual({ text: '涉农资金', detached: false })
    expect(readSuggestionAnchor(ydoc, anchor)).toMatchObject({ quote: '涉农资金', from: 6, to: 10 })
    ydoc.transact(() => applySuggestion(ydoc, anchor, '各类资金'))
    const json = kit.toJson(ydoc) as JsonNode
    expect(textBlocks(json)).toEqual(['见下表。', '县', '说明', '甲县（区）', '一是统筹整合各类资金。'])
  })
})

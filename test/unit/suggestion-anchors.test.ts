import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readSuggestionAnchor, SuggestionAnchorError } from '../../server/domain/anchors.js'
import { applySuggestion, SuggestionNotApplicable } from '../../server/domain/apply-suggestion.js'

const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64')
const range = (text: Y.XmlText, from: number, to: number) => ({
  start: encode(Y.createRelativePositionFromTypeIndex(text, from, 0)),
  end: encode(Y.createRelativePositionFromTypeIndex(text, to, -1)),
})
const point = (text: Y.XmlText, at: number) => {
  const position = encode(Y.createRelativePositionFromTypeIndex(text, at, -1))
  return { start: position, end: position }
}

/** A document shaped as y-tiptap writes one: paragraphs (or other blocks) of text in the "default" fragment. */
function documentOf(...blocks: (string | Y.XmlElement)[]): Y.Doc {
  const doc = new Y.Doc()
  doc.getXmlFragment('default').insert(
    0,
    blocks.map((block) => {
      if (typeof block !== 'string') return block
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(block)])
      return paragraph
    }),
  )
  return doc
}
const fragmentOf = (doc: Y.Doc) => doc.getXmlFragment('default')
const textOf = (doc: Y.Doc, n = 0) => (fragmentOf(doc).get(n) as Y.XmlElement).get(0) as Y.XmlText
const linesOf = (doc: Y.Doc) =>
  fragmentOf(doc)
    .toArray()
    .map((block) => (block as Y.XmlElement).toArray().map(String).join(''))
const exchange = (a: Y.Doc, b: Y.Doc) => {
  const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b))
  const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))
  Y.applyUpdate(b, fromA)
  Y.applyUpdate(a, fromB)
}
const plain = (doc: Y.Doc, n = 0) => (textOf(doc, n).toDelta() as { insert: string }[]).map((op) => op.insert).join('')

describe('a suggestion anchor', () => {
  it('stays on its words while others type before, inside and after them', () => {
    const doc = documentOf('统筹整合涉农资金加大投入。')
    const text = textOf(doc)
    const anchor = range(text, 4, 8)
    expect(readSuggestionAnchor(doc, anchor)).toMatchObject({ quote: '涉农资金', point: false, detached: false })
    text.insert(0, '一是') // before
    text.insert(6, '各类') // right before the words: outside them
    text.insert(10, '专项') // inside: 涉农专项资金
    text.insert(14, '，') // right after the last word: outside them
    expect(plain(doc)).toBe('一是统筹整合各类涉农专项资金，加大投入。')
    expect(readSuggestionAnchor(doc, anchor)).toMatchObject({ quote: '涉农专项资金', from: 8, to: 14 })
  })

  it('keeps a point where it was put: after the character before it', () => {
    const doc = documentOf('加快推进农业现代化。')
    const text = textOf(doc)
    const anchor = point(text, 4)
    text.insert(0, '进一步')
    text.insert(7, '乡村') // right at the point: the point stays before it
    expect(plain(doc)).toBe('进一步加快推进乡村农业现代化。')
    expect(readSuggestionAnchor(doc, anchor)).toMatchObject({ from: 7, to: 7, point: true, quote: '', detached: false })
  })

  it('keeps a point at a paragraph’s start there', () => {
    const doc = documentOf('农业现代化。')
    const text = textOf(doc)
    const anchor = point(text, 0)
    text.insert(0, '推进')
    expect(readSuggestionAnchor(doc, anchor)).toMatchObject({ from: 0, point: true })
  })

  it('is detached when its words are all deleted; a point only when its paragraph is gone', () => {
    const doc = documentOf('第一段。', '第二段的文字。')
    const words = range(textOf(doc, 0), 0, 2)
    const spot = point(textOf(doc, 1), 3)
    textOf(doc, 0).delete(0, 2)
    expect(readSuggestionAnchor(doc, words)).toMatchObject({ detached: true, quote: '' })
    textOf(doc, 1).delete(0, 4)
    expect(readSuggestionAnchor(doc, spot)).toMatchObject({ detached: false, from: 0 })
    fragmentOf(doc).delete(1, 1)
    expect(() => readSuggestionAnchor(doc, spot)).toThrow(SuggestionAnchorError)
  })

  it('refuses words of two paragraphs, and is unknown (null) for positions the document has not seen', () => {
    const doc = documentOf('第一段。', '第二段。')
    const across = { start: range(textOf(doc, 0), 1, 2).start, end: range(textOf(doc, 1), 0, 2).end }
    expect(() => readSuggestionAnchor(doc, across)).toThrow(
      expect.objectContaining({ reason: 'suggestion_spans_paragraphs' }),
    )
    const elsewhere = documentOf('别处的文字。')
    expect(readSuggestionAnchor(doc, range(textOf(elsewhere), 0, 2))).toBeNull()
  })
})

describe('accepting a suggestion', () => {
  it('replaces the words, the new ones taking the formatting of the character before them', () => {
    const doc = documentOf('统筹整合涉农资金加大投入。')
    const text = textOf(doc)
    text.format(2, 2, { bold: {} }) // 整合 is bold
    const anchor = range(text, 4, 8)
    doc.transact(() => applySuggestion(doc, anchor, '各类资金'))
    expect(plain(doc)).toBe('统筹整合各类资金加大投入。')
    expect(text.toDelta()).toEqual([
      { insert: '统筹' },
      { insert: '整合各类资金', attributes: { bold: {} } },
      { insert: '加大投入。' },
    ])
  })

  it('inserts at a point, and deletes when nothing is proposed', () => {
    const doc = documentOf('加快推进农业现代化。')
    const text = textOf(doc)
    const insertion = point(text, 4)
    const deletion = range(text, 0, 2)
    doc.transact(() => {
      applySuggestion(doc, insertion, '全面')
      applySuggestion(doc, deletion, '')
    })
    expect(plain(doc)).toBe('推进全面农业现代化。')
  })

  it('merges with typing made at the same moment on another copy: both converge and the typing is kept', () => {
    const server = documentOf('统筹整合涉农资金加大投入。')
    const editor = new Y.Doc()
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(server))
    const anchor = range(textOf(server), 4, 8)
    // Concurrently: the editor types before, inside and after the words; the server accepts.
    const typed = textOf(editor)
    typed.insert(12, '力度') // 投入。 → 投入力度。
    typed.insert(8, '，') // right after 资金
    typed.insert(6, '专项') // inside: 涉农专项资金
    typed.insert(0, '一是') // before
    server.transact(() => applySuggestion(server, anchor, '各类涉农资金'))
    exchange(server, editor)
    expect(plain(server)).toBe(plain(editor))
    // Nothing typed is lost: what was typed inside the old words, unseen by the decider, follows the new ones.
    expect(plain(server)).toBe('一是统筹整合各类涉农资金专项，加大投入力度。')
  })

  it('splits the paragraph on each line break, the last new paragraph taking the rest with its formatting', () => {
    const doc = documentOf('第一段。', '甲乙丙丁。', '第三段。')
    const text = textOf(doc, 1)
    text.format(2, 3, { italic: {} }) // 丙丁。
    ;(fragmentOf(doc).get(1) as Y.XmlElement).setAttribute('textAlign', 'center')
    doc.transact(() => applySuggestion(doc, range(text, 1, 2), '子\n中间一段\n午'))
    expect(linesOf(doc)).toEqual(['第一段。', '甲子', '中间一段', '午<italic>丙丁。</italic>', '第三段。'])
    const blocks = fragmentOf(doc).toArray() as Y.XmlElement[]
    expect(blocks.map((b) => [b.nodeName, b.getAttribute('textAlign') ?? null])).toEqual([
      ['paragraph', null],
      ['paragraph', 'center'],
      ['paragraph', 'center'],
      ['paragraph', 'center'],
      ['paragraph', null],
    ])
  })

  it('splits with the list item that holds the paragraph, and keeps line breaks in a code block', () => {
    const item = new Y.XmlElement('listItem')
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('第一项内容')])
    item.insert(0, [paragraph])
    const list = new Y.XmlElement('bulletList')
    list.insert(0, [item])
    const code = new Y.XmlElement('codeBlock')
    code.insert(0, [new Y.XmlText('a = 1')])
    const doc = documentOf(list, code)

    const itemText = paragraph.get(0) as Y.XmlText
    doc.transact(() => applySuggestion(doc, point(itemText, 3), '\n第二项'))
    expect(list.toArray().map((i) => (i as Y.XmlElement).nodeName)).toEqual(['listItem', 'listItem'])
    expect(list.toArray().map((i) => ((i as Y.XmlElement).get(0) as Y.XmlElement).get(0).toString())).toEqual([
      '第一项',
      '第二项内容',
    ])

    const codeText = code.get(0) as Y.XmlText
    doc.transact(() => applySuggestion(doc, point(codeText, 5), '\nb = 2'))
    expect(codeText.toString()).toBe('a = 1\nb = 2')
  })

  it('moves what follows the text in its paragraph (a hard break and the text after it) into the last new paragraph', () => {
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('前半句'), new Y.XmlElement('hardBreak'), new Y.XmlText('下一行')])
    const doc = documentOf(paragraph)
    doc.transact(() => applySuggestion(doc, point(paragraph.get(0) as Y.XmlText, 2), '\n新段'))
    expect(linesOf(doc)).toEqual(['前半', '新段句<hardbreak></hardbreak>下一行'])
  })

  it('changes nothing and says why when the words are gone', () => {
    const doc = documentOf('第一段。', '第二段。')
    const words = range(textOf(doc, 1), 0, 3)
    fragmentOf(doc).delete(1, 1)
    const before = Y.encodeStateVector(doc)
    expect(() => doc.transact(() => applySuggestion(doc, words, '新'))).toThrow(SuggestionNotApplicable)
    expect(Y.encodeStateVector(doc)).toEqual(before)
  })
})

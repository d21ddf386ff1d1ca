/**
 * A 征求意见稿 DOCX that carries the open suggestions (修订) as Word revisions: each placed in the
 * version's text by its anchor, its words to delete as w:del and its proposal as w:ins, by its
 * author; suggestions the version cannot hold, and decided ones, are left out.
 */
import { DOMParser, type Element } from '@xmldom/xmldom'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { proseMirror } from '../../server/domain/prosemirror.js'
import { withOpenSuggestions } from '../../server/domain/suggestion-marks.js'
import { exportDocx } from '../../server/export/docx.js'
import { contentField } from '../../shared/editor/content-field.js'
import type { JsonNode } from '../../shared/editor/text.js'
import type { Suggestion, Thread } from '../../shared/schema.js'
import { readDocx } from '../fixtures/export/docx-parts.js'
import { sampleSource } from '../fixtures/export/sample-source.js'

const encode = (position: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(position)).toString('base64')
const rangeOf = (text: Y.XmlText, from: number, to: number) => ({
  start: encode(Y.createRelativePositionFromTypeIndex(text, from, 0)),
  end: encode(Y.createRelativePositionFromTypeIndex(text, to, -1)),
})
const pointOf = (text: Y.XmlText, index: number) => {
  const at = encode(Y.createRelativePositionFromTypeIndex(text, index, -1))
  return { start: at, end: at }
}

let sequence = 0
function suggestion(authorId: string, anchor: Thread['anchor'], insert: string, status: Suggestion['status'] = 'open') {
  sequence += 1
  const thread: Thread = {
    id: `thread${String(sequence).padStart(10, '0')}`,
    documentId: 'doc0000000000001',
    anchor,
    quote: '',
    authorId,
    createdAt: '2026-12-05T08:00:00.000Z',
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
    disposition: null,
    comments: [],
    suggestion: {
      insert,
      status,
      updatedAt: '2026-12-05T08:30:15.123Z',
      decidedBy: null,
      decidedAt: null,
      rationale: '',
    },
  }
  return thread
}

const names = new Map([
  ['department', '市农业农村局'],
  ['member', '王委员'],
])

/** Every w:ins and w:del of the body: its author, date and words, in document order. */
function revisions(xml: string) {
  const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as Element
  const found: { kind: string; author: string | null; date: string | null; text: string }[] = []
  for (const kind of ['w:ins', 'w:del']) {
    for (const element of Array.from(root.getElementsByTagName(kind))) {
      const words = [
        ...Array.from(element.getElementsByTagName('w:t')),
        ...Array.from(element.getElementsByTagName('w:delText')),
      ]
      found.push({
        kind,
        author: element.getAttribute('w:author'),
        date: element.getAttribute('w:date'),
        text: words.map((w) => w.textContent).join(''),
      })
    }
  }
  return found
}

describe('a draft DOCX with the open suggestions', () => {
  it('shows each as a Word revision by its author, where the version holds its words', async () => {
    const kit = await proseMirror()
    const doc = kit.toYDoc({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: '加强高标准农田建设，逐步提高补助标准。' }] }],
    })
    const text = (doc.getXmlFragment(contentField).get(0) as Y.XmlElement).get(0) as Y.XmlText
    const version = Y.encodeStateAsUpdate(doc)
    // Typed after the version was saved: a suggestion on these words has no place in it.
    text.insert(text.length, '加大财政投入。')
    const later = suggestion('member', rangeOf(text, 19, 23), '统筹')

    const threads = [
      suggestion('department', rangeOf(text, 0, 2), '全面加强'),
      suggestion('member', rangeOf(text, 10, 12), ''),
      suggestion('department', pointOf(text, 9), '和管护'),
      later,
      suggestion('member', rangeOf(text, 12, 14), '提升', 'accepted'),
    ]
    const { content, placed, unplaced } = await withOpenSuggestions(version, threads, names)
    expect({ placed, unplaced }).toEqual({ placed: 3, unplaced: 1 })

    const parts = await readDocx(
      await exportDocx({ ...sampleSource, mark: 'consultation', content: content as JsonNode }),
    )
    const date = '2026-12-05T08:30:15Z'
    expect(revisions(parts.document)).toEqual([
      { kind: 'w:ins', author: '市农业农村局', date, text: '全面加强' },
      { kind: 'w:ins', author: '市农业农村局', date, text: '和管护' },
      { kind: 'w:del', author: '市农业农村局', date, text: '加强' },
      { kind: 'w:del', author: '王委员', date, text: '逐步' },
    ])
  })

  it('keeps the formatting of the words an insertion continues', async () => {
    const kit = await proseMirror()
    const doc = kit.toYDoc({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: '重点', marks: [{ type: 'bold' }] },
            { type: 'text', text: '任务' },
          ],
        },
      ],
    })
    const text = (doc.getXmlFragment(contentField).get(0) as Y.XmlElement).get(0) as Y.XmlText
    const { content } = await withOpenSuggestions(
      Y.encodeStateAsUpdate(doc),
      [suggestion('member', pointOf(text, 2), '工作')],
      names,
    )
    const runs = (content as JsonNode).content![0].content!
    expect(runs.map((run) => [run.text, (run.marks ?? []).map((m) => m.type).sort()])).toEqual([
      ['重点', ['bold']],
      ['工作', ['bold', 'suggestionInsert']],
      ['任务', []],
    ])
  })
})

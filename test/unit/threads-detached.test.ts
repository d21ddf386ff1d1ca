import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readAnchor } from '../../server/domain/anchors.js'
import { detachedAnchors } from '../../server/domain/threads-detached.js'

const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64')
const anchorOf = (start: Y.XmlText, from: number, end: Y.XmlText, to: number) => ({
  start: encode(Y.createRelativePositionFromTypeIndex(start, from, 0)),
  end: encode(Y.createRelativePositionFromTypeIndex(end, to, -1)),
})

/** readAnchor's answer, as the thread list read it for each thread before. */
function detachedOne(doc: Y.Doc, anchor: { start: string; end: string }): boolean {
  try {
    return readAnchor(doc, anchor)?.detached ?? true
  } catch {
    return true
  }
}

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state / 2 ** 31
  }
}

function draft(paragraphs: number): { doc: Y.Doc; texts: Y.XmlText[] } {
  const doc = new Y.Doc()
  const texts: Y.XmlText[] = []
  const blocks = Array.from({ length: paragraphs }, (_, i) => {
    const paragraph = new Y.XmlElement(i % 5 === 0 ? 'heading' : 'paragraph')
    const text = new Y.XmlText('高标准农田建后管护'.repeat(1 + (i % 3)))
    paragraph.insert(0, [text])
    texts.push(text)
    return paragraph
  })
  doc.getXmlFragment('default').insert(0, blocks)
  return { doc, texts }
}

describe('detachedAnchors', () => {
  it('answers as reading each anchor does, after words and whole paragraphs were deleted', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const next = random(seed)
      const pick = (n: number) => Math.floor(next() * n)
      const { doc, texts } = draft(12)
      const anchors = new Map<number, { start: string; end: string }>()
      for (let k = 0; k < 60; k++) {
        const a = pick(texts.length)
        // Mostly within a paragraph, sometimes across several, sometimes backwards.
        const b = next() < 0.7 ? a : pick(texts.length)
        const from = pick(texts[a].length)
        const to = a === b ? from + 1 + pick(texts[a].length - from) : pick(texts[b].length + 1)
        anchors.set(k, anchorOf(texts[a], from, texts[b], to))
      }
      const fragment = doc.getXmlFragment('default')
      for (let d = 0; d < 8; d++) {
        const i = pick(texts.length)
        if (next() < 0.3 && fragment.length > 1) {
          fragment.delete(pick(fragment.length), 1)
          continue
        }
        const text = texts[i]
        if (text.length === 0) continue
        const from = pick(text.length)
        text.delete(from, 1 + pick(Math.min(8, text.length - from)))
      }
      const batch = detachedAnchors(doc, anchors)
      const expected = new Map([...anchors].map(([k, anchor]) => [k, detachedOne(doc, anchor)]))
      expect(batch, `seed ${seed}`).toEqual(expected)
      // The deletions left some threads with words and took all words of others.
      if (seed === 1) expect(new Set(expected.values())).toEqual(new Set([true, false]))
    }
  })

  it('reports positions the document does not know, and ones that are not positions, as detached', () => {
    const { doc, texts } = draft(2)
    const elsewhere = draft(2)
    const unknown = anchorOf(elsewhere.texts[0], 1, elsewhere.texts[0], 3)
    const garbage = { start: 'not base64!', end: 'AAAA' }
    const fine = anchorOf(texts[1], 0, texts[1], 4)
    expect(
      detachedAnchors(doc, [
        ['unknown', unknown],
        ['garbage', garbage],
        ['fine', fine],
      ]),
    ).toEqual(
      new Map([
        ['unknown', true],
        ['garbage', true],
        ['fine', false],
      ]),
    )
  })
})

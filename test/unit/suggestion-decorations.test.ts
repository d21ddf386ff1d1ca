/**
 * The suggestions drawn in the text (修订) are kept up to date piece by piece: a keystroke that
 * grows one suggestion repaints that one alone, a local edit maps every place as its Yjs anchor
 * would move, and a change through Yjs (a whole document rebuilt by y-tiptap) reads again only the
 * suggestions in the part that changed — ending where a full reading would.
 */
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { EditorState } from '@tiptap/pm/state'
import { describe, expect, it } from 'vitest'
import type { Anchor } from '../../shared/schema.js'
import type { AnchorRange } from '../../client/comments/anchors.js'
import { changedRange } from '../../client/editor/extensions/changed-range.js'
import {
  emptyPainting,
  mapPainting,
  repaint,
  repaintChanged,
  type Painting,
  type ShownSuggestion,
} from '../../client/editor/extensions/suggestion-decorations.js'
import { documentSchema as schema } from '../../shared/editor/schema.js'

const paragraphs = ['粮食安全是国之大者。', '高标准农田是根基。', '管护经费落实不到位。']
const doc = schema.nodes.doc.create(
  null,
  paragraphs.map((text) => schema.nodes.paragraph.create(null, schema.text(text))),
)
/** Position of character `index` of paragraph `p` (each paragraph takes its text and two tokens). */
const at = (p: number, index: number) =>
  paragraphs.slice(0, p).reduce((sum, text) => sum + text.length + 2, 0) + 1 + index

let version = 0
const suggestion = (id: string, insert: string): ShownSuggestion => ({
  id,
  threadId: id,
  authorId: 'author',
  anchor: { start: `${id}-start`, end: `${id}-end` },
  insert,
  color: '#2471a3',
  title: '李委员的修订',
  active: false,
  version: ++version,
})

/** Where each anchor is, as Yjs would say, and how often it was asked. */
function truth(places: Record<string, AnchorRange>) {
  const asked: string[] = []
  const resolve = (anchor: Anchor): AnchorRange => {
    const id = anchor.start.replace(/-start$/, '')
    asked.push(id)
    return places[id] ?? { kind: 'unknown' }
  }
  return { places, asked, resolve }
}

const decorated = (painting: Painting, node: ProseMirrorNode) =>
  painting.decorations
    .find(0, node.content.size)
    .map((d) => `${(d.spec as { suggestionId: string }).suggestionId}:${d.from}-${d.to}`)
    .sort()

describe('suggestion decorations', () => {
  const replacement = suggestion('replace', '每亩')
  const insertion = suggestion('insert', '，县级')
  const deletion = suggestion('delete', '')
  const places = truth({
    replace: { kind: 'range', from: at(0, 0), to: at(0, 4) },
    insert: { kind: 'range', from: at(2, 4), to: at(2, 4) },
    delete: { kind: 'range', from: at(1, 0), to: at(1, 3) },
  })
  const shown = new Map([replacement, insertion, deletion].map((s) => [s.id, s]))
  const painted = repaint(doc, emptyPainting, shown, places.resolve)

  it('strikes the words replaced or deleted and shows the proposed words after them', () => {
    expect(decorated(painted, doc)).toEqual(
      [
        `replace:${at(0, 0)}-${at(0, 4)}`,
        `replace:${at(0, 4)}-${at(0, 4)}`,
        `insert:${at(2, 4)}-${at(2, 4)}`,
        `delete:${at(1, 0)}-${at(1, 3)}`,
      ].sort(),
    )
  })

  it('repaints only the suggestion that changed', () => {
    places.asked.length = 0
    const grown = { ...insertion, insert: '，县级财政', version: ++version }
    const next = repaint(doc, painted, new Map([...shown, [grown.id, grown]]), places.resolve)
    // Same anchor: the place is known, nothing is read again.
    expect(places.asked).toEqual([])
    const widget = (p: Painting, id: string) =>
      p.decorations.find(undefined, undefined, (spec) => spec.suggestionId === id)
    expect(widget(next, 'replace')).toEqual(widget(painted, 'replace'))
    expect(widget(next, 'insert')[0]).not.toBe(widget(painted, 'insert')[0])
    // A new anchor is read; a suggestion no longer shown is taken away.
    const extended = { ...deletion, anchor: { start: 'delete2-start', end: 'delete2-end' }, version: ++version }
    places.places.delete2 = { kind: 'range', from: at(1, 0), to: at(1, 5) }
    const after = repaint(doc, next, new Map([[extended.id, extended]]), places.resolve)
    expect(places.asked).toEqual(['delete2'])
    expect(decorated(after, doc)).toEqual([`delete:${at(1, 0)}-${at(1, 5)}`])
  })

  it('maps places through a local edit as their anchors move: typing at either edge stays outside', () => {
    const state = EditorState.create({ doc })
    // Typing right at the insertion point, inside the deletion, and right before the replaced words.
    const tr = state.tr.insertText('乙', at(2, 4)).insertText('丙', at(1, 1)).insertText('甲', at(0, 0))
    const mapped = mapPainting(painted, tr.mapping, tr.doc)
    expect(mapped.places.get('replace')).toEqual({ kind: 'range', from: at(0, 0) + 1, to: at(0, 4) + 1 })
    // The point keeps to the character before it: what is typed there goes after the proposed words.
    expect(mapped.places.get('insert')).toEqual({ kind: 'range', from: at(2, 4) + 2, to: at(2, 4) + 2 })
    expect(mapped.places.get('delete')).toEqual({ kind: 'range', from: at(1, 0) + 1, to: at(1, 3) + 2 })
    // All the words of a deletion deleted: nothing left to strike.
    const gone = state.tr.delete(at(1, 0), at(1, 3))
    expect(mapPainting(painted, gone.mapping, gone.doc).places.get('delete')).toEqual({ kind: 'detached' })
  })

  it('reads again only the suggestions in the part a Yjs change touched, and ends as a full reading', () => {
    // Another member types in the second paragraph; y-tiptap replaces the whole document with new nodes.
    const typed = EditorState.create({ doc }).tr.insertText('（新）', at(1, 5)).doc
    const rebuilt = schema.nodeFromJSON(typed.toJSON())
    places.asked.length = 0
    const after = truth({
      replace: { kind: 'range', from: at(0, 0), to: at(0, 4) },
      insert: { kind: 'range', from: at(2, 4) + 3, to: at(2, 4) + 3 },
      delete: { kind: 'range', from: at(1, 0), to: at(1, 3) },
    })
    const changed = repaintChanged(painted, changedRange(doc, rebuilt), rebuilt, after.resolve)
    expect(after.asked).toEqual(['delete'])
    const full = repaint(rebuilt, emptyPainting, shown, after.resolve)
    expect(changed.places).toEqual(full.places)
    expect(decorated(changed, rebuilt)).toEqual(decorated(full, rebuilt))
  })
})

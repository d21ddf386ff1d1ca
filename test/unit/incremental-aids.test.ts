/**
 * The writing aids (proofreading, heading numbers, the character count) redo only the part of the
 * draft a change touched, and end up exactly where a full pass over the new document would: after
 * random local edits, and after the whole-document replacement with rebuilt nodes that y-tiptap
 * makes of every change arriving through Yjs.
 */
import { Fragment, Slice, type Node as ProseMirrorNode } from '@tiptap/pm/model'
import { EditorState, type Transaction } from '@tiptap/pm/state'
import type { DecorationSet } from '@tiptap/pm/view'
import { describe, expect, it } from 'vitest'
import { charCountOf, charCountsPlugin } from '../../client/editor/extensions/char-counts.js'
import { changedRange } from '../../client/editor/extensions/changed-range.js'
import { headingNumbersPlugin } from '../../client/editor/extensions/heading-numbers.js'
import { headingsOf } from '../../client/editor/extensions/outline-headings.js'
import { issuesOf } from '../../client/editor/extensions/proofreading-issues.js'
import { proofreadingPlugin } from '../../client/editor/extensions/proofreading.js'
import { documentSchema } from '../../shared/editor/schema.js'
import { ruleIds } from '../../shared/editor/proofreading/index.js'
import { seededRandom } from '../helpers/seeded-random.js'

const schema = documentSchema
const plugins = () => [proofreadingPlugin(new Set(ruleIds)), headingNumbersPlugin(), charCountsPlugin()]
const snippets = ['农田', '管护,经费', '（一）', 'GB/T 9704', '  ', '。。', '"引号"', '2025年', 'a', '，']

function draft(random: () => number): ProseMirrorNode {
  const blocks: ProseMirrorNode[] = []
  for (let i = 0; i < 40; i++) {
    let text = ''
    for (let k = 0; k < 3 + Math.floor(random() * 8); k++) text += snippets[Math.floor(random() * snippets.length)]
    blocks.push(
      i % 7 === 0
        ? schema.nodes.heading.create({ level: 1 + (i % 3) }, schema.text(text))
        : schema.nodes.paragraph.create(null, schema.text(text)),
    )
  }
  return schema.nodes.doc.create(null, blocks)
}

/** What y-tiptap does with a change from Yjs: every node rebuilt, the whole document replaced. */
function rebuilt(node: ProseMirrorNode): ProseMirrorNode {
  return schema.nodeFromJSON(node.toJSON())
}

function randomEdit(state: EditorState, random: () => number): Transaction {
  const size = state.doc.content.size
  const pos = () => Math.max(1, Math.floor(random() * size))
  const tr = state.tr
  const kind = Math.floor(random() * 6)
  if (kind === 0) {
    const at = pos()
    if (tr.doc.resolve(at).parent.isTextblock) tr.insertText(snippets[Math.floor(random() * snippets.length)], at)
  } else if (kind === 1) {
    const from = pos()
    const to = Math.min(size - 1, from + Math.floor(random() * 30))
    if (from < to) tr.delete(from, to)
  } else if (kind === 2) {
    const at = pos()
    if (tr.doc.resolve(at).parent.isTextblock) tr.split(at)
  } else if (kind === 3) {
    const at = pos()
    const $at = tr.doc.resolve(at)
    if ($at.parent.isTextblock) {
      const type = $at.parent.type.name === 'heading' ? schema.nodes.paragraph : schema.nodes.heading
      tr.setBlockType($at.before() + 1, $at.before() + 1, type, type.name === 'heading' ? { level: 2 } : null)
    }
  }
  // The same edit as Yjs would deliver it: the resulting document rebuilt and swapped in whole.
  if (kind >= 4 || random() < 0.3) {
    const target = tr.docChanged ? tr.doc : state.doc
    const remote = state.tr.replace(0, state.doc.content.size, new Slice(Fragment.from(rebuilt(target).content), 0, 0))
    return remote
  }
  return tr
}

const decorationsOf = (set: DecorationSet | undefined, doc: ProseMirrorNode) =>
  (set?.find(0, doc.content.size) ?? []).map((d) => [d.from, d.to]).sort((a, b) => a[0] - b[0] || a[1] - b[1])

/** Everything the aids show, to compare a state kept change by change with one computed afresh. */
function shown(state: EditorState) {
  const decorations = state.plugins.map((plugin) =>
    decorationsOf(plugin.props.decorations?.call(plugin, state) as DecorationSet, state.doc),
  )
  return {
    issues: issuesOf(state).map(({ from, to, rule, original }) => ({ from, to, rule, original })),
    headings: headingsOf(state).map(({ pos, end, number, text }) => ({ pos, end, number, text })),
    count: charCountOf(state),
    decorations,
  }
}

describe('the writing aids, change by change', () => {
  it('find the range two documents differ in, in whole text blocks', () => {
    const doc = draft(seededRandom(3))
    const state = EditorState.create({ doc })
    const tr = state.tr.insertText('新增', 30)
    const range = changedRange(doc, tr.doc)!
    const $at = doc.resolve(30)
    expect(range.from).toBe($at.before())
    expect(range.toOld).toBe($at.after())
    expect(range.delta).toBe(2)
    expect(changedRange(doc, rebuilt(doc))).toBeNull()
  })

  it('end where a full pass over the new document ends, after local and remote edits', () => {
    const random = seededRandom(11)
    let state = EditorState.create({ doc: draft(random), plugins: plugins() })
    for (let step = 0; step < 300; step++) {
      state = state.apply(randomEdit(state, random))
      const fresh = EditorState.create({ doc: state.doc, plugins: plugins() })
      expect(shown(state), `after edit ${step}`).toEqual(shown(fresh))
    }
  })

  it('keep the same heading state while typing in a paragraph after the last heading', () => {
    const state = EditorState.create({ doc: draft(seededRandom(5)), plugins: plugins() })
    const end = state.doc.content.size - 1
    const next = state.apply(state.tr.insertText('字', end))
    expect(headingsOf(next)).toBe(headingsOf(state))
    // A rebuilt document (a remote edit) that changes the same paragraph keeps it too.
    const remote = next.apply(
      next.tr.replace(
        0,
        next.doc.content.size,
        new Slice(Fragment.from(rebuilt(next.tr.insertText('字', end + 1).doc).content), 0, 0),
      ),
    )
    expect(headingsOf(remote)).toBe(headingsOf(state))
  })
})

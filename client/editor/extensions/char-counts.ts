/**
 * The document's 字数统计 (shared/editor/char-count.ts, `countDocument` over ProseMirror JSON: the
 * sum of its text blocks' counts, a hard break separating words), kept up to date change by change: a change
 * takes away the counts of the text blocks it replaced and adds those of the blocks it brought
 * (changed-range.ts), so typing recounts one paragraph, not the draft. The count bar reads the total.
 */
import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { addCounts, countText, emptyCount, subtractCounts, type CharCount } from '../../../shared/editor/char-count.js'
import { changedRange, textblocksIn } from './changed-range.js'

/**
 * The count, and whether a large change (the draft's first sync) is still to be counted: that is
 * done in the page's next idle period rather than before the text is first painted.
 */
type CountState = CharCount & { deferred?: boolean }

const charCountsKey = new PluginKey<CountState>('charCounts')

/** A change bringing in more text than this (positions) is counted when the page is idle (as proofreading.ts). */
const DEFER_ABOVE = 20_000

/** Counts per text block: a block's node object stays the same while its text does. */
const blockCounts = new WeakMap<ProseMirrorNode, CharCount>()

function countBlock(node: ProseMirrorNode): CharCount {
  let count = blockCounts.get(node)
  if (!count) {
    count = countText(node.textBetween(0, node.content.size, undefined, '\n'))
    blockCounts.set(node, count)
  }
  return count
}

/** The count of the text blocks in [from, to). */
const countRange = (doc: ProseMirrorNode, from: number, to: number): CharCount =>
  textblocksIn(doc, from, to).reduce((total, { node }) => addCounts(total, countBlock(node)), emptyCount)

/** The count of a whole document, as `countDocument` gives it for the same content as JSON. */
export const countEditorDocument = (doc: ProseMirrorNode): CharCount => countRange(doc, 0, doc.content.size)

/** The document's count, as the plugin keeps it. */
export const charCountOf = (state: EditorState): CharCount => charCountsKey.getState(state) ?? emptyCount

/** Recounts the whole document once the page is idle, while a deferred count waits. */
function countWhenIdle(view: EditorView) {
  let idle: number | null = null
  return {
    update: () => {
      if (idle !== null || !charCountsKey.getState(view.state)?.deferred) return
      idle = requestIdleCallback(
        () => {
          idle = null
          if (!view.isDestroyed && charCountsKey.getState(view.state)?.deferred)
            view.dispatch(view.state.tr.setMeta(charCountsKey, 'recount'))
        },
        { timeout: 1000 },
      )
    },
    destroy: () => {
      if (idle !== null) cancelIdleCallback(idle)
    },
  }
}

/** The plugin that counts (exported for the tests, which run it without a view). */
export const charCountsPlugin = (): Plugin<CountState> =>
  new Plugin<CountState>({
    key: charCountsKey,
    state: {
      init: (_config, state) => countEditorDocument(state.doc),
      apply: (tr, previous) => {
        if (tr.getMeta(charCountsKey) === 'recount') return countEditorDocument(tr.doc)
        if (!tr.docChanged || previous.deferred) return previous
        const range = changedRange(tr.before, tr.doc)
        if (!range) return previous
        if (range.toNew - range.from > DEFER_ABOVE) return { ...previous, deferred: true }
        // The blocks taken away were counted when they came, so their counts are cached.
        const removed = countRange(tr.before, range.from, range.toOld)
        const added = countRange(tr.doc, range.from, range.toNew)
        return addCounts(subtractCounts(previous, removed), added)
      },
    },
    view: countWhenIdle,
  })

export const CharCounts = Extension.create({
  name: 'charCounts',

  addProseMirrorPlugins() {
    return [charCountsPlugin()]
  },
})

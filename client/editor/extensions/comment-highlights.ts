/**
 * Paints the words of comment threads in their authors' colours, follows them while anyone types,
 * reports where they are to the comments store, and opens a thread when its words are clicked.
 *
 * Where the words are comes from the threads' Yjs anchors (client/comments/anchors.ts), read
 * again when the threads changed, and, when the document changed through Yjs (a remote edit, an
 * undo), for the threads whose words were in the part that changed; a local ProseMirror edit maps
 * the ranges instead, because the Y.Doc catches up with it only after the view has updated. Overlapping threads get nested spans, one per thread.
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { bindingOf, resolveAnchor, type AnchorRange } from '../../comments/anchors.js'
import { draftHighlightId, type CommentsStore, type Highlight } from '../../comments/comments-store.js'
import { changedRange } from './changed-range.js'

export interface CommentHighlightsOptions {
  /** The comments of the open document. */
  store: CommentsStore | null
}

interface HighlightState {
  highlights: Highlight[]
  ranges: ReadonlyMap<string, AnchorRange>
  decorations: DecorationSet
}

export const commentHighlightsKey = new PluginKey<HighlightState>('commentHighlights')

function resolveAll(state: EditorState, highlights: Highlight[]): Map<string, AnchorRange> {
  const ranges = new Map<string, AnchorRange>()
  const binding = bindingOf(state)
  for (const h of highlights) ranges.set(h.id, binding ? resolveAnchor(binding, state, h.anchor) : { kind: 'unknown' })
  return ranges
}

/**
 * Ranges after a change that came through Yjs. Only the anchors whose words lie in the part of the
 * document that changed (or that had no place yet) are read from Yjs again; the others moved with
 * the text around them. A change that leaves the text as it was reads them all, to be safe.
 */
function resolveChanged(
  tr: Transaction,
  state: EditorState,
  highlights: Highlight[],
  previous: ReadonlyMap<string, AnchorRange>,
): Map<string, AnchorRange> {
  const range = changedRange(tr.before, tr.doc)
  const binding = bindingOf(state)
  if (!range || !binding) return resolveAll(state, highlights)
  const ranges = new Map<string, AnchorRange>()
  for (const h of highlights) {
    const was = previous.get(h.id)
    if (was?.kind === 'range' && was.to <= range.from) ranges.set(h.id, was)
    else if (was?.kind === 'range' && was.from >= range.toOld) {
      ranges.set(h.id, { kind: 'range', from: was.from + range.delta, to: was.to + range.delta })
    } else ranges.set(h.id, resolveAnchor(binding, state, h.anchor))
  }
  return ranges
}

/** Ranges moved by a local edit: typing at either edge stays outside, as the anchors' associations say. */
function mapAll(tr: Transaction, ranges: ReadonlyMap<string, AnchorRange>): Map<string, AnchorRange> {
  const mapped = new Map<string, AnchorRange>()
  for (const [id, range] of ranges) {
    if (range.kind !== 'range') {
      mapped.set(id, range)
      continue
    }
    const from = tr.mapping.map(range.from, 1)
    const to = tr.mapping.map(range.to, -1)
    mapped.set(id, from < to ? { kind: 'range', from, to } : { kind: 'detached' })
  }
  return mapped
}

/** The previous map when nothing moved, so the sidebar re-renders only when something did. */
function unlessSame(
  before: ReadonlyMap<string, AnchorRange>,
  after: ReadonlyMap<string, AnchorRange>,
): ReadonlyMap<string, AnchorRange> {
  if (before.size !== after.size) return after
  for (const [id, b] of before) {
    const a = after.get(id)
    if (!a || a.kind !== b.kind) return after
    if (a.kind === 'range' && b.kind === 'range' && (a.from !== b.from || a.to !== b.to)) return after
  }
  return before
}

function decorate(
  state: EditorState,
  highlights: Highlight[],
  ranges: ReadonlyMap<string, AnchorRange>,
): DecorationSet {
  const decorations: Decoration[] = []
  for (const h of highlights) {
    const range = ranges.get(h.id)
    if (!h.visible || range?.kind !== 'range') continue
    const classes = ['comment-highlight']
    if (h.active) classes.push('comment-highlight--active')
    if (h.flash) classes.push('comment-highlight--flash')
    if (h.draft) classes.push('comment-highlight--draft')
    decorations.push(
      Decoration.inline(
        range.from,
        range.to,
        // A nodeName of its own gives each thread its own span, so overlapping threads both show.
        { nodeName: 'span', class: classes.join(' '), style: `--comment-color: ${h.color}`, 'data-thread-id': h.id },
        { threadId: h.id },
      ),
    )
  }
  return DecorationSet.create(state.doc, decorations)
}

/** The threads whose words are under a click, innermost first. */
function threadsAt(target: EventTarget | null): string[] {
  const ids: string[] = []
  let element = target instanceof Element ? target.closest('[data-thread-id]') : null
  while (element) {
    const id = element.getAttribute('data-thread-id')
    if (id && id !== draftHighlightId) ids.push(id)
    element = element.parentElement?.closest('[data-thread-id]') ?? null
  }
  return ids
}

export const CommentHighlights = Extension.create<CommentHighlightsOptions>({
  name: 'commentHighlights',
  // After the Collaboration extension (priority 1000): its binding has updated the Y.Doc and the
  // position mapping by the time this plugin reads them.
  priority: 50,

  addOptions() {
    return { store: null }
  },

  addProseMirrorPlugins() {
    const store = this.options.store
    if (!store) return []
    return [
      new Plugin<HighlightState>({
        key: commentHighlightsKey,
        state: {
          init: (_config, state) => {
            const highlights = store.get().highlights
            const ranges = resolveAll(state, highlights)
            return { highlights, ranges, decorations: decorate(state, highlights, ranges) }
          },
          apply: (tr, value, _old, state) => {
            const meta = tr.getMeta(commentHighlightsKey) as { highlights: Highlight[] } | undefined
            const fromYjs = tr.getMeta(ySyncPluginKey) !== undefined
            if (!meta && !fromYjs && !tr.docChanged) return value
            const highlights = meta?.highlights ?? value.highlights
            const ranges = unlessSame(
              value.ranges,
              meta
                ? resolveAll(state, highlights)
                : fromYjs
                  ? resolveChanged(tr, state, highlights, value.ranges)
                  : mapAll(tr, value.ranges),
            )
            // Typing that moves no thread's words (most keystrokes) keeps the decorations as they are.
            if (ranges === value.ranges && highlights === value.highlights) return value
            return { highlights, ranges, decorations: decorate(state, highlights, ranges) }
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
          handleClick: (view, _pos, event) => {
            const ids = threadsAt(event.target)
            if (ids.length === 0) return false
            // Clicking again where threads overlap opens the next one out.
            const active = store.get().activeId
            const at = active ? ids.indexOf(active) : -1
            store.activate(ids[(at + 1) % ids.length])
            // The click still places the caret (or, read-only, does nothing else).
            return false
          },
        },
        view: (view) => {
          const sync = () => {
            if (view.isDestroyed) return
            const highlights = store.get().highlights
            if (highlights !== commentHighlightsKey.getState(view.state)?.highlights) {
              view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { highlights }))
            }
          }
          const unsubscribe = store.subscribe(sync)
          let reported: ReadonlyMap<string, AnchorRange> | undefined
          const report = () => {
            const ranges = commentHighlightsKey.getState(view.state)?.ranges
            if (ranges && ranges !== reported) {
              reported = ranges
              store.setRanges(ranges)
            }
          }
          sync()
          report()
          return { update: report, destroy: unsubscribe }
        },
      }),
    ]
  },
})

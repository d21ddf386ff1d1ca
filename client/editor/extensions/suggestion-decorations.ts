/**
 * Proposed changes (修订) as decorations: the words a suggestion would replace struck through, the
 * words it proposes underlined right after them, both in its author's colour with the author's
 * name as the tooltip. The shared text never holds them.
 *
 * A painting is kept up to date piece by piece, never redrawn whole on a keystroke: a suggestion
 * that changed (its object is new) is read again and repainted, one that did not keeps its
 * decorations; a local edit maps everything through the transaction; a change through Yjs (which
 * y-tiptap applies as a replacement of the whole document) maps everything outside the part that
 * really changed (changed-range.ts) and reads again only the suggestions inside it.
 */
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import type { Mapping } from '@tiptap/pm/transform'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import type { Anchor } from '../../../shared/schema.js'
import type { AnchorRange } from '../../comments/anchors.js'
import type { ChangedRange } from './changed-range.js'

/** One suggestion as the text shows it: an open one of the server's, or one being typed here. */
export interface ShownSuggestion {
  /** The thread's id, or a local key while the server does not know it yet. */
  id: string
  /** Set when `id` is a thread's: the words then open its card when clicked. */
  threadId: string | null
  /** Who proposed it. */
  authorId: string
  anchor: Anchor
  /** The words proposed ('' for a deletion). */
  insert: string
  color: string
  /** The tooltip: whose suggestion it is. */
  title: string
  /** Its card is open in the sidebar. */
  active: boolean
  /** Grows with every new object, so that its widget is drawn anew only when it changed. */
  version: number
}

/** The suggestions painted, where each one is, and the decorations that show them. */
export interface Painting {
  shown: ReadonlyMap<string, ShownSuggestion>
  places: ReadonlyMap<string, AnchorRange>
  decorations: DecorationSet
}

/** Where an anchor is in the document now (anchors.ts resolveSuggestionAnchor, bound to the editor). */
export type Resolve = (anchor: Anchor) => AnchorRange

export const emptyPainting: Painting = { shown: new Map(), places: new Map(), decorations: DecorationSet.empty }

const sameAnchor = (a: Anchor, b: Anchor) => a.start === b.start && a.end === b.end

/** A paragraph break proposed inside the words: shown as ¶ and a break, as Word shows it. */
const shownText = (insert: string) => insert.replace(/\n/g, '¶\n')

/** The decorations of one suggestion at its place: none when its words are gone or not here yet. */
export function decorationsOf(suggestion: ShownSuggestion, place: AnchorRange | undefined): Decoration[] {
  if (place?.kind !== 'range') return []
  const { id, threadId, color, title, active } = suggestion
  const state = active ? ' suggestion--active' : ''
  const decorations: Decoration[] = []
  if (place.from < place.to) {
    decorations.push(
      Decoration.inline(
        place.from,
        place.to,
        {
          nodeName: 'del',
          class: `suggestion-delete${state}`,
          style: `--suggestion-color: ${color}`,
          title,
          ...(threadId ? { 'data-thread-id': threadId } : {}),
        },
        { suggestionId: id },
      ),
    )
  }
  if (suggestion.insert !== '') {
    const insert = suggestion.insert
    decorations.push(
      Decoration.widget(
        place.to,
        () => {
          const element = document.createElement('ins')
          element.className = `suggestion-insert${state}`
          element.style.setProperty('--suggestion-color', color)
          element.title = title
          if (threadId) element.dataset.threadId = threadId
          element.textContent = shownText(insert)
          return element
        },
        // Before the caret at the same place (side -1): typing goes on after the proposed words.
        // The widget's selection is the caret's, never a place of its own.
        { side: -1, key: `suggestion:${id}:${suggestion.version}`, suggestionId: id, ignoreSelection: true },
      ),
    )
  }
  return decorations
}

/** Drops the decorations of the suggestions in `ids`. */
function without(decorations: DecorationSet, ids: ReadonlySet<string>): DecorationSet {
  if (ids.size === 0) return decorations
  const found = decorations.find(undefined, undefined, (spec: { suggestionId?: string }) =>
    ids.has(spec.suggestionId ?? ''),
  )
  return found.length > 0 ? decorations.remove(found) : decorations
}

/**
 * Paints `shown`: suggestions that are new or changed (a new object) are placed and drawn, those
 * no longer shown are taken away, the others stay as they are.
 */
export function repaint(
  doc: ProseMirrorNode,
  painting: Painting,
  shown: ReadonlyMap<string, ShownSuggestion>,
  resolve: Resolve,
): Painting {
  if (shown === painting.shown) return painting
  const changed: ShownSuggestion[] = []
  const stale = new Set<string>()
  for (const [id, suggestion] of shown) {
    const was = painting.shown.get(id)
    if (was === suggestion) continue
    changed.push(suggestion)
    if (was) stale.add(id)
  }
  for (const id of painting.shown.keys()) if (!shown.has(id)) stale.add(id)
  if (changed.length === 0 && stale.size === 0) return { ...painting, shown }
  const places = new Map(painting.places)
  for (const id of stale) places.delete(id)
  const added: Decoration[] = []
  for (const suggestion of changed) {
    const was = painting.shown.get(suggestion.id)
    const known = painting.places.get(suggestion.id)
    // The same words are where they were; a new anchor is read from Yjs.
    const place =
      was && known?.kind === 'range' && sameAnchor(was.anchor, suggestion.anchor) ? known : resolve(suggestion.anchor)
    places.set(suggestion.id, place)
    added.push(...decorationsOf(suggestion, place))
  }
  const decorations = without(painting.decorations, stale)
  return { shown, places, decorations: added.length > 0 ? decorations.add(doc, added) : decorations }
}

/**
 * After a local edit: the decorations and places move with the text. A point sticks to the
 * character before it (typing there goes after the proposed words); a range's ends stay on its
 * first and last characters, as their Yjs anchors do.
 */
export function mapPainting(painting: Painting, mapping: Mapping, doc: ProseMirrorNode): Painting {
  const places = new Map<string, AnchorRange>()
  for (const [id, place] of painting.places) {
    if (place.kind !== 'range') {
      places.set(id, place)
      continue
    }
    const point = place.from === place.to
    const from = mapping.map(place.from, point ? -1 : 1)
    const to = point ? from : mapping.map(place.to, -1)
    if (from === place.from && to === place.to) places.set(id, place)
    else places.set(id, point || from < to ? { kind: 'range', from, to } : { kind: 'detached' })
  }
  return { shown: painting.shown, places, decorations: painting.decorations.map(mapping, doc) }
}

/**
 * After a change through Yjs (another's edit, an accepted suggestion, the first sync): what lies
 * before the changed part stays, what lies after it moves by its length, and the suggestions in
 * it (or without a place yet) are read again from their anchors. Without a changed part (the
 * text is as it was), every suggestion is read again, to be safe.
 */
export function repaintChanged(
  painting: Painting,
  range: ChangedRange | null,
  doc: ProseMirrorNode,
  resolve: Resolve,
): Painting {
  if (painting.shown.size === 0) return { ...painting, decorations: DecorationSet.empty }
  const places = new Map<string, AnchorRange>()
  const again: ShownSuggestion[] = []
  for (const [id, suggestion] of painting.shown) {
    const was = painting.places.get(id)
    if (range && was?.kind === 'range' && was.to < range.from) places.set(id, was)
    else if (range && was?.kind === 'range' && was.from > range.toOld) {
      places.set(id, { kind: 'range', from: was.from + range.delta, to: was.to + range.delta })
    } else again.push(suggestion)
  }
  let decorations = range ? painting.decorations.map(range.mapping, doc) : DecorationSet.empty
  if (range) decorations = without(decorations, new Set(again.map((s) => s.id)))
  const added: Decoration[] = []
  for (const suggestion of again) {
    const place = resolve(suggestion.anchor)
    places.set(suggestion.id, place)
    added.push(...decorationsOf(suggestion, place))
  }
  return { shown: painting.shown, places, decorations: added.length > 0 ? decorations.add(doc, added) : decorations }
}

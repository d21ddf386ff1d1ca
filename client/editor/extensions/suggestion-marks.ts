/**
 * Every open suggestion (修订) shown in the text, live, for everyone: the words it would replace
 * struck through, the words it proposes underlined, in the author's colour (suggestion-decorations.ts).
 * Also the state of 修订 itself: the mode (编辑 or 修订, as far as the server's abilities let the
 * person choose), the suggestions being typed here (drafts, shown over the server's copy until it
 * has caught up) and their saving (comments/suggestion-sync.ts). What typing does in 修订 mode is
 * suggesting.ts; it keeps its state here.
 *
 * The suggestions come from the comments store (a suggestion is a thread with a proposed change);
 * where their words are goes back to it, for the sidebar's order and its 原文已删除.
 */
import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { bindingOf, resolveSuggestionAnchor, type AnchorRange } from '../../comments/anchors.js'
import { authorColor } from '../../comments/author-color.js'
import type { CommentsStore, SuggestionMark } from '../../comments/comments-store.js'
import { SuggestionSync, type DraftSuggestion } from '../../comments/suggestion-sync.js'
import { t } from '../../i18n/i18n.js'
import { changedRange } from './changed-range.js'
import {
  emptyPainting,
  mapPainting,
  repaint,
  repaintChanged,
  type Painting,
  type Resolve,
  type ShownSuggestion,
} from './suggestion-decorations.js'

/** 编辑: typing changes the text. 修订: typing proposes changes, and the text stays as it is. */
export type EditingMode = 'edit' | 'suggest'

/** What the server lets this person do with the text (DocumentAccess.edit, DocumentAbilities). */
export interface SuggestRights {
  edit: boolean
  suggest: boolean
  suggestOnly: boolean
}

/** Whoever is typing here, as their suggestions show them. */
export interface Author {
  id: string
  color: string
  name: string
}

export interface SuggestionsState {
  /** What typing does now. */
  mode: EditingMode
  /** What the person chose; the rights may overrule it (no 修订 without `suggest`, nothing else with `suggestOnly`). */
  chosen: EditingMode
  rights: SuggestRights
  /** The open suggestions of the server. */
  marks: SuggestionMark[]
  me: Author | null
  /** Suggestions typed here, by local key, until the server has all of them. */
  drafts: ReadonlyMap<string, DraftSuggestion>
  /** The draft that the next keystroke at its place grows. */
  current: string | null
  /** A word for the person (a refused keystroke, a failed save); the editor shows it. */
  notice: string | null
  painting: Painting
}

/** What a transaction may change of the state (the rest follows from it). */
export type SuggestionsMeta = Partial<
  Pick<SuggestionsState, 'chosen' | 'rights' | 'marks' | 'me' | 'drafts' | 'current' | 'notice'>
>

export const suggestionsKey = new PluginKey<SuggestionsState>('suggestions')

const noRights: SuggestRights = { edit: false, suggest: false, suggestOnly: false }

/** The mode the rights allow: the person's choice only when they may both edit and suggest. */
const modeFor = (chosen: EditingMode, rights: SuggestRights): EditingMode =>
  !rights.suggest ? 'edit' : rights.suggestOnly ? 'suggest' : chosen

/** Whether the switch between 编辑 and 修订 is offered: to whom the server lets suggest without requiring it. */
export const modeChoiceOffered = (rights: SuggestRights): boolean => rights.suggest && !rights.suggestOnly

/**
 * The id a draft is shown under, its key's for as long as it is a draft, even once the server made
 * its thread: a widget drawn anew when the thread's id arrives would end a composition under way
 * right after it (the next words typed with an input method).
 */
export const shownIdOf = (draft: DraftSuggestion): string => `draft:${draft.key}`

let versions = 0

/** `next`, or `previous` when nothing in it changed (so its decorations stay). */
function reuse(previous: ShownSuggestion | undefined, next: Omit<ShownSuggestion, 'version'>): ShownSuggestion {
  if (
    previous &&
    previous.threadId === next.threadId &&
    previous.authorId === next.authorId &&
    previous.anchor.start === next.anchor.start &&
    previous.anchor.end === next.anchor.end &&
    previous.insert === next.insert &&
    previous.color === next.color &&
    previous.title === next.title &&
    previous.active === next.active
  )
    return previous
  return { ...next, version: ++versions }
}

/** The server's open suggestions, those being typed here shown as their drafts have them. */
function shownOf(
  state: SuggestionsState,
  previous: ReadonlyMap<string, ShownSuggestion>,
): Map<string, ShownSuggestion> {
  const drafted = new Set([...state.drafts.values()].map((draft) => draft.threadId))
  // A draft's thread may arrive (pushed, or in the answer) before the draft learns its id: the same anchor tells.
  const unsaved = new Set(
    [...state.drafts.values()]
      .filter((draft) => draft.threadId === null)
      .map((draft) => `${draft.anchor.start} ${draft.anchor.end}`),
  )
  const shown = new Map<string, ShownSuggestion>()
  for (const mark of state.marks) {
    if (drafted.has(mark.id)) continue
    if (mark.authorId === state.me?.id && unsaved.has(`${mark.anchor.start} ${mark.anchor.end}`)) continue
    shown.set(
      mark.id,
      reuse(previous.get(mark.id), {
        id: mark.id,
        threadId: mark.id,
        authorId: mark.authorId,
        anchor: mark.anchor,
        insert: mark.insert,
        color: mark.color,
        title: t('suggestions.by', { name: mark.author }),
        active: mark.active,
      }),
    )
  }
  const me = state.me
  if (me) {
    for (const draft of state.drafts.values()) {
      if (draft.withdrawn) continue
      const id = shownIdOf(draft)
      shown.set(
        id,
        reuse(previous.get(id), {
          id,
          // Not a thread's words yet: clicking them opens no card (and the id arriving redraws nothing).
          threadId: null,
          authorId: me.id,
          anchor: draft.anchor,
          insert: draft.insert,
          color: me.color,
          title: t('suggestions.by', { name: me.name }),
          active: false,
        }),
      )
    }
  }
  return shown
}

function resolverFor(state: EditorState): Resolve {
  const binding = bindingOf(state)
  return (anchor) => (binding ? resolveSuggestionAnchor(binding, state, anchor) : { kind: 'unknown' })
}

function applyTransaction(tr: Transaction, value: SuggestionsState, state: EditorState): SuggestionsState {
  const meta = tr.getMeta(suggestionsKey) as SuggestionsMeta | undefined
  let next = value
  if (meta) {
    next = { ...value, ...meta }
    next.mode = modeFor(next.chosen, next.rights)
    // Leaving 修订 ends the suggestion being typed.
    if (next.mode !== 'suggest') next.current = null
  }
  let painting = value.painting
  if (tr.docChanged) {
    painting =
      tr.getMeta(ySyncPluginKey) !== undefined
        ? repaintChanged(painting, changedRange(tr.before, tr.doc), tr.doc, resolverFor(state))
        : mapPainting(painting, tr.mapping, tr.doc)
  }
  if (next.marks !== value.marks || next.drafts !== value.drafts || next.me !== value.me) {
    painting = repaint(tr.doc, painting, shownOf(next, painting.shown), resolverFor(state))
  }
  return painting === value.painting ? next : { ...next, painting }
}

/** Whether two maps of places put every suggestion in the same kind of place (moves aside). */
function sameKinds(a: ReadonlyMap<string, AnchorRange>, b: ReadonlyMap<string, AnchorRange>): boolean {
  if (a.size !== b.size) return false
  for (const [id, place] of a) if (b.get(id)?.kind !== place.kind) return false
  return true
}

/** Sets `meta` on a new transaction of `view` and dispatches it. */
export function dispatchMeta(view: EditorView, meta: SuggestionsMeta): void {
  if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(suggestionsKey, meta))
}

/** The drafts of `view` with `change` made to the one of `key` (null: taken away). */
function withDraft(view: EditorView, key: string, change: (draft: DraftSuggestion) => DraftSuggestion | null) {
  const state = suggestionsKey.getState(view.state)
  const draft = state?.drafts.get(key)
  if (!state || !draft) return null
  const drafts = new Map(state.drafts)
  const changed = change(draft)
  if (changed) drafts.set(key, changed)
  else drafts.delete(key)
  return drafts
}

/** The suggestion saver of each editor view, for suggesting.ts to hand keystrokes to. */
const syncs = new WeakMap<EditorView, SuggestionSync>()

/** The saver of the suggestions typed in `view`; null in an editor without a comments store. */
export const syncOf = (view: EditorView): SuggestionSync | null => syncs.get(view) ?? null

export interface SuggestionMarksOptions {
  /** The threads (and so the suggestions) of the open document. */
  store: CommentsStore | null
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    suggestionMarks: {
      /** What the server lets this person do with the text; the mode follows it. */
      setSuggestRights: (rights: SuggestRights) => ReturnType
      /** 编辑 or 修订, when the person may choose. */
      setEditingMode: (mode: EditingMode) => ReturnType
      /** Switches between 编辑 and 修订, when the person may choose. */
      toggleEditingMode: () => ReturnType
    }
  }
}

export const SuggestionMarks = Extension.create<SuggestionMarksOptions>({
  name: 'suggestionMarks',
  // After the Collaboration extension (priority 1000): its binding has updated the Y.Doc and the
  // position mapping by the time this plugin reads anchors.
  priority: 50,

  addOptions() {
    return { store: null }
  },

  addCommands() {
    return {
      setSuggestRights:
        (rights) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(suggestionsKey, { rights } satisfies SuggestionsMeta)
          return true
        },
      setEditingMode:
        (mode) =>
        ({ tr, state, dispatch }) => {
          const current = suggestionsKey.getState(state)
          if (!current || !modeChoiceOffered(current.rights)) return false
          if (dispatch) tr.setMeta(suggestionsKey, { chosen: mode } satisfies SuggestionsMeta)
          return true
        },
      toggleEditingMode:
        () =>
        ({ state, commands }) => {
          const current = suggestionsKey.getState(state)
          return commands.setEditingMode(current?.mode === 'suggest' ? 'edit' : 'suggest')
        },
    }
  },

  addKeyboardShortcuts() {
    return { 'Mod-Shift-e': () => this.editor.commands.toggleEditingMode() }
  },

  addProseMirrorPlugins() {
    const store = this.options.store
    return [
      new Plugin<SuggestionsState>({
        key: suggestionsKey,
        state: {
          init: () => ({
            mode: 'edit',
            chosen: 'edit',
            rights: noRights,
            marks: [],
            me: null,
            drafts: new Map(),
            current: null,
            notice: null,
            painting: emptyPainting,
          }),
          apply: (tr, value, _old, state) => applyTransaction(tr, value, state),
        },
        props: {
          decorations: (state) => suggestionsKey.getState(state)?.painting.decorations,
        },
        view: (view) => {
          if (!store) return {}
          const sync = new SuggestionSync(store, {
            created: (key, threadId) => {
              const drafts = withDraft(view, key, (draft) => ({ ...draft, threadId }))
              if (drafts) dispatchMeta(view, { drafts })
            },
            settled: (key) => {
              // The thread shows what the draft shows now; the one being typed stays a draft.
              if (suggestionsKey.getState(view.state)?.current === key) return
              const drafts = withDraft(view, key, () => null)
              if (drafts) dispatchMeta(view, { drafts })
            },
            failed: (key, message, final) => {
              const drafts = final ? withDraft(view, key, () => null) : null
              const current = suggestionsKey.getState(view.state)?.current
              dispatchMeta(view, {
                notice: t('suggestions.saveFailed', { message }),
                ...(drafts ? { drafts, ...(current === key ? { current: null } : {}) } : {}),
              })
            },
          })
          syncs.set(view, sync)

          // The store's suggestions (and who is typing here) reach the plugin as they change.
          const pushMarks = () => {
            const { suggestionMarks, me, colors } = store.get()
            const state = suggestionsKey.getState(view.state)
            if (!state || view.isDestroyed) return
            const author =
              me &&
              (state.me?.id === me.id &&
              state.me.name === me.displayName &&
              state.me.color === authorColor(colors, me.id)
                ? state.me
                : { id: me.id, name: me.displayName, color: authorColor(colors, me.id) })
            if (suggestionsKey.getState(view.state)?.marks === suggestionMarks && author === state.me) return
            // A draft whose thread was decided or withdrawn meanwhile is no longer shown or saved.
            const open = new Set(suggestionMarks.map((mark) => mark.id))
            const closed = [...state.drafts.values()].filter(
              (draft) => draft.threadId !== null && !open.has(draft.threadId) && !draft.withdrawn,
            )
            const meta: SuggestionsMeta = { marks: suggestionMarks, me: author }
            if (closed.length > 0) {
              const drafts = new Map(state.drafts)
              for (const draft of closed) {
                drafts.delete(draft.key)
                sync.forget(draft.key)
              }
              meta.drafts = drafts
              if (state.current && closed.some((draft) => draft.key === state.current)) meta.current = null
            }
            dispatchMeta(view, meta)
          }
          const unsubscribe = store.subscribe(pushMarks)
          pushMarks()

          // Where the suggestions are goes to the sidebar: at once when one appears, goes or loses
          // its words, otherwise (everything moving as someone types) a moment later.
          let reported: ReadonlyMap<string, AnchorRange> = new Map()
          let timer: ReturnType<typeof setTimeout> | undefined
          const report = () => {
            clearTimeout(timer)
            timer = undefined
            const state = suggestionsKey.getState(view.state)
            const places = state?.painting.places
            if (!state || !places || places === reported) return
            reported = places
            // The sidebar knows threads: a draft's place is its thread's, once it has one.
            const threadOf = new Map([...state.drafts.values()].map((draft) => [shownIdOf(draft), draft.threadId]))
            const byThread = new Map<string, AnchorRange>()
            for (const [id, place] of places) {
              const threadId = threadOf.has(id) ? threadOf.get(id) : id
              if (threadId) byThread.set(threadId, place)
            }
            store.setPlaces(byThread)
          }
          let current: string | null = null
          return {
            update: () => {
              const state = suggestionsKey.getState(view.state)
              if (!state) return
              // The suggestion typed before is complete: what is left of it is saved now.
              if (state.current !== current) {
                if (current) sync.flush(current)
                current = state.current
              }
              const places = state.painting.places
              if (places === reported) return
              if (!sameKinds(places, reported)) report()
              else timer ??= setTimeout(report, 300)
            },
            destroy: () => {
              unsubscribe()
              clearTimeout(timer)
              sync.destroy()
              syncs.delete(view)
            },
          }
        },
      }),
    ]
  },
})

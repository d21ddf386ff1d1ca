/**
 * The comment threads of one open document: loaded in one request, kept current by the server's
 * pushes over the document socket (never polled), and changed through the typed API client.
 */
import { useEffect, useMemo, useSyncExternalStore } from 'react'
import type { PushedThread, ServerEventOf } from '../../shared/collab-events.js'
import type {
  Anchor,
  DecideSuggestionsResult,
  Disposition,
  Me,
  Participant,
  SuggestionDecision,
  ThreadView,
} from '../../shared/schema.js'
import { api, call } from '../api/client.js'
import { documentColors } from '../collab/document-colors.js'
import { errorMessage, t } from '../i18n/i18n.js'
import { presentPeople } from '../collab/presence.js'
import type { CollabSession } from '../collab/session.js'
import type { AnchorRange } from './anchors.js'
import { answeredThreadList, fetchThreadList } from './thread-list.js'
import { authorColor } from './author-color.js'

/** The words of a thread being written, before the server has it. */
export interface Draft {
  anchor: Anchor
  quote: string
}

/** What the text shows of a thread (see client/editor/extensions/comment-highlights.ts). */
export interface Highlight {
  /** A thread id, or `draft` for the words of a thread being written. */
  id: string
  anchor: Anchor
  color: string
  /** Painted in the text; the words of the others are still followed, for the sidebar. */
  visible: boolean
  active: boolean
  /** Flashes once: the reader asked to be shown the words. */
  flash: boolean
  draft: boolean
}

export const draftHighlightId = 'draft'

/** What the text shows of an open suggestion (see client/editor/extensions/suggesting.ts). */
export interface SuggestionMark {
  /** The thread's id. */
  id: string
  anchor: Anchor
  /** The words proposed in place of the anchored ones. */
  insert: string
  authorId: string
  color: string
  /** Who proposed it, for the words' tooltip. */
  author: string
  /** The reader has its card open. */
  active: boolean
}

export interface CommentsState {
  phase: 'loading' | 'ready' | 'failed'
  /** Why loading failed. */
  error: string | null
  me: Me['user'] | null
  threads: ThreadView[]
  participants: Participant[]
  /**
   * The colour of each author and of each person present: their caret colour, the same for every
   * reader (collab/document-colors.ts).
   */
  colors: ReadonlyMap<string, string>
  /** Where each thread's words are in this editor now, reported by the highlight plugin. */
  ranges: ReadonlyMap<string, AnchorRange>
  activeId: string | null
  /** Counts requests to reveal the active thread, so each one scrolls and flashes again. */
  reveal: number
  draft: Draft | null
  highlights: Highlight[]
  /** The open suggestions, as the text shows them. */
  suggestionMarks: SuggestionMark[]
  /** Where each suggestion's words (or insertion point) are in this editor now, reported by the suggestion plugin. */
  places: ReadonlyMap<string, AnchorRange>
}

const flashMs = 1600

export class CommentsStore {
  private state: CommentsState = {
    phase: 'loading',
    error: null,
    me: null,
    threads: [],
    participants: [],
    colors: new Map(),
    ranges: new Map(),
    activeId: null,
    reveal: 0,
    draft: null,
    highlights: [],
    suggestionMarks: [],
    places: new Map(),
  }
  private readonly listeners = new Set<() => void>()
  /** The latest load, with the pushes that arrived while it ran (applied on top of its list, in order). */
  private loading: { pushed: PushedThread[] } | null = null
  private flashing = false
  private flashTimer: ReturnType<typeof setTimeout> | undefined
  private needsReload = false
  /** Pushes received per thread: an answer older than a push must not undo what the push showed. */
  private readonly pushes = new Map<string, number>()
  private stopped = false
  /** The first start needs no load: the list asked at start-up had arrived when the store was made. */
  private preloaded = false

  /**
   * `me`: who is signed in, when the page knows it already (else the first load asks /api/auth/me).
   * If the list asked at start-up has arrived, the store starts with it: the editor made in the
   * same render paints the threads' words with the text (its first layout), not in a second pass.
   */
  constructor(
    private readonly session: CollabSession,
    me: Me['user'] | null = null,
  ) {
    const list = me ? answeredThreadList(session.docId) : null
    if (!list) {
      this.state = { ...this.state, me }
      return
    }
    this.state = this.next({ phase: 'ready', me, threads: list.threads, participants: list.participants })
    this.preloaded = true
  }

  get = (): CommentsState => this.state

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Listens to the socket first, then loads: no push can fall between the list and the listening. */
  start(): void {
    this.stopped = false
    this.session.events.on('thread', this.onThreadEvent)
    this.session.provider.on('status', this.onStatus)
    this.session.provider.on('sync', this.onSync)
    this.session.provider.awareness.on('change', this.onPresence)
    // A thread pushed between that early answer and this listening shows after the next load of
    // the list (a reconnect), as one pushed between the answer and the socket's joining always did.
    if (this.preloaded) this.preloaded = false
    else void this.load()
  }

  stop(): void {
    this.stopped = true
    this.session.events.off('thread', this.onThreadEvent)
    this.session.provider.off('status', this.onStatus)
    this.session.provider.off('sync', this.onSync)
    this.session.provider.awareness.off('change', this.onPresence)
    clearTimeout(this.flashTimer)
  }

  /** The document whose threads these are (the sidebar's export links name it). */
  get docId(): string {
    return this.session.docId
  }

  async load(): Promise<void> {
    const loading = { pushed: [] as PushedThread[] }
    this.loading = loading
    try {
      const [list, me] = await Promise.all([
        fetchThreadList(this.docId),
        this.state.me ? Promise.resolve({ user: this.state.me }) : call(api.api.auth.me.$get()),
      ])
      // A later load (after a reconnect) supersedes this one.
      if (this.stopped || this.loading !== loading) return
      this.loading = null
      let threads = list.threads
      for (const thread of loading.pushed) threads = this.merge(threads, thread, me.user.id)
      this.update({ phase: 'ready', error: null, me: me.user, threads, participants: list.participants })
    } catch (error) {
      if (this.stopped || this.loading !== loading) return
      this.loading = null
      this.update({ phase: 'failed', error: errorMessage(error) })
    }
  }

  // Pushes missed while the socket was down are fetched again once it is back and synced.
  private onStatus = ({ status }: { status: string }) => {
    if (status === 'disconnected') this.needsReload = true
  }

  private onSync = (synced: boolean) => {
    if (synced && this.needsReload) {
      this.needsReload = false
      void this.load()
    }
  }

  /** Who was present (key, colour, arrival) when the colours were last worked out. */
  private presence = ''

  // Someone came or left: authors' colours follow those present. A caret that moved (every remote
  // edit moves this reader's) changes nobody's colour, and is not worked out again over every comment.
  private onPresence = () => {
    const people = presentPeople(this.session.provider.awareness)
    const presence = people.map((p) => `${p.key} ${p.color ?? ''} ${p.since}`).join('\n')
    if (presence === this.presence) return
    this.presence = presence
    const colors = this.colorsOf(this.state.threads, people)
    if (!sameColors(colors, this.state.colors)) this.update({ colors })
  }

  private colorsOf(
    threads: ThreadView[],
    people = presentPeople(this.session.provider.awareness),
  ): Map<string, string> {
    const authors = threads.flatMap((t) => [t.authorId, ...t.comments.map((c) => c.authorId)])
    return documentColors(people, authors)
  }

  private onThreadEvent = ({ thread }: ServerEventOf<'thread'>) => {
    if (thread.documentId !== this.docId) return
    this.pushes.set(thread.id, (this.pushes.get(thread.id) ?? 0) + 1)
    if (this.loading) {
      this.loading.pushed.push(thread)
      return
    }
    this.receive(thread)
  }

  /**
   * A thread as the server now has it: pushed, or the answer to one's own change (whose empty
   * unread list says nothing about the reader's other unread mentions, so it is dropped).
   */
  private receive(thread: PushedThread | ThreadView): void {
    if ('unreadMentions' in thread) {
      const { unreadMentions: _dropped, ...pushed } = thread
      thread = pushed
    }
    const me = this.state.me?.id ?? ''
    const threads = this.merge(this.state.threads, thread, me)
    this.update({ threads })
    // A mention in the thread the reader has open is read as it arrives.
    if (thread.id === this.state.activeId) void this.markRead(thread.id)
  }

  /**
   * Replaces or adds a thread. Pushes carry no unread marks (they go to every reader); a comment
   * that newly mentions the reader becomes unread here, as the server recorded it.
   */
  private merge(threads: ThreadView[], thread: PushedThread | ThreadView, me: string): ThreadView[] {
    const before = threads.find((t) => t.id === thread.id)
    const mentionedBefore = new Set(before?.comments.filter((c) => c.mentions.includes(me)).map((c) => c.id))
    const fresh = thread.comments
      .filter((c) => c.authorId !== me && c.mentions.includes(me) && !mentionedBefore.has(c.id))
      .map((c) => c.id)
    const known = 'unreadMentions' in thread ? thread.unreadMentions : (before?.unreadMentions ?? [])
    const alive = new Set(thread.comments.filter((c) => !c.deleted).map((c) => c.id))
    const unreadMentions = [...new Set([...known, ...fresh])].filter((id) => alive.has(id))
    const next: ThreadView = { ...thread, unreadMentions }
    return before ? threads.map((t) => (t.id === thread.id ? next : t)) : [...threads, next]
  }

  private update(patch: Partial<CommentsState>): void {
    this.state = this.next(patch)
    for (const listener of this.listeners) listener()
  }

  /** The state with `patch` applied and what it derives (colours, highlights, suggestion marks). */
  private next(patch: Partial<CommentsState>): CommentsState {
    const next = { ...this.state, ...patch }
    if ('threads' in patch) next.colors = this.colorsOf(next.threads)
    if ('threads' in patch || 'colors' in patch || 'activeId' in patch || 'draft' in patch || 'reveal' in patch) {
      next.highlights = highlightsOf(next, this.flashing)
    }
    if ('threads' in patch || 'colors' in patch || 'activeId' in patch || 'participants' in patch) {
      next.suggestionMarks = suggestionMarksOf(next, this.state.suggestionMarks)
    }
    return next
  }

  /** Called by the highlight plugin whenever the words of the threads moved. */
  setRanges(ranges: ReadonlyMap<string, AnchorRange>): void {
    this.update({ ranges })
  }

  /** Called by the suggestion plugin whenever the words of the suggestions moved. */
  setPlaces(places: ReadonlyMap<string, AnchorRange>): void {
    this.update({ places })
  }

  /** The reader's own id, once known. */
  get meId(): string | null {
    return this.state.me?.id ?? null
  }

  // ── what the reader does ──────────────────────────────────────────────────

  /** Opens a thread; `reveal` scrolls the text to its words and flashes them. Its mentions are read. */
  activate(threadId: string | null, options: { reveal?: boolean } = {}): void {
    clearTimeout(this.flashTimer)
    this.flashing = Boolean(options.reveal)
    this.update({ activeId: threadId, reveal: options.reveal ? this.state.reveal + 1 : this.state.reveal })
    if (options.reveal) {
      this.flashTimer = setTimeout(() => {
        this.flashing = false
        this.update({ reveal: this.state.reveal })
      }, flashMs)
    }
    if (threadId) void this.markRead(threadId)
  }

  startDraft(draft: Draft): void {
    this.update({ draft, activeId: null })
  }

  cancelDraft(): void {
    this.update({ draft: null })
  }

  async submitDraft(body: string): Promise<void> {
    const draft = this.state.draft
    if (!draft) return
    const thread = await call(
      api.api.documents[':id'].threads.$post({ param: { id: this.docId }, json: { anchor: draft.anchor, body } }),
    )
    if (!this.pushes.has(thread.id)) this.receive(thread)
    this.update({ draft: null, activeId: thread.id })
  }

  /**
   * Sends one change of a thread and shows the answer, unless a push about the thread arrived
   * meanwhile: pushes come in the server's order, and our own change is pushed too.
   */
  private async change(threadId: string, request: Promise<ThreadView>): Promise<void> {
    const seen = this.pushes.get(threadId) ?? 0
    const thread = await request
    if ((this.pushes.get(threadId) ?? 0) === seen) this.receive(thread)
  }

  reply(threadId: string, body: string): Promise<void> {
    const param = { id: this.docId, threadId }
    return this.change(
      threadId,
      call(api.api.documents[':id'].threads[':threadId'].comments.$post({ param, json: { body } })),
    )
  }

  editComment(threadId: string, commentId: string, body: string): Promise<void> {
    const param = { id: this.docId, threadId, commentId }
    return this.change(
      threadId,
      call(api.api.documents[':id'].threads[':threadId'].comments[':commentId'].$patch({ param, json: { body } })),
    )
  }

  deleteComment(threadId: string, commentId: string): Promise<void> {
    const param = { id: this.docId, threadId, commentId }
    return this.change(
      threadId,
      call(api.api.documents[':id'].threads[':threadId'].comments[':commentId'].$delete({ param })),
    )
  }

  setResolved(threadId: string, resolved: boolean): Promise<void> {
    const param = { id: this.docId, threadId }
    return this.change(
      threadId,
      call(api.api.documents[':id'].threads[':threadId'].resolution.$put({ param, json: { resolved } })),
    )
  }

  dispose(threadId: string, kind: Disposition, rationale: string): Promise<void> {
    const param = { id: this.docId, threadId }
    return this.change(
      threadId,
      call(api.api.documents[':id'].threads[':threadId'].disposition.$put({ param, json: { kind, rationale } })),
    )
  }

  // ── suggestions (修订) ────────────────────────────────────────────────────

  /**
   * Proposes replacing the words of `anchor` by `insert` (a point anchor: inserting there). The
   * answer is shown at once, unless a push about the thread came first.
   */
  async createSuggestion(anchor: Anchor, insert: string): Promise<ThreadView> {
    const thread = await call(
      api.api.documents[':id'].suggestions.$post({ param: { id: this.docId }, json: { anchor, insert } }),
    )
    if (!this.pushes.has(thread.id)) this.receive(thread)
    return thread
  }

  /** The author's own open suggestion, grown or changed (keystrokes at the same place). */
  updateSuggestion(threadId: string, anchor: Anchor, insert: string): Promise<void> {
    const param = { id: this.docId, threadId }
    return this.change(
      threadId,
      call(api.api.documents[':id'].suggestions[':threadId'].$put({ param, json: { anchor, insert } })),
    )
  }

  /** The author takes back their open suggestion; it stays on record as withdrawn. */
  withdrawSuggestion(threadId: string): Promise<void> {
    const param = { id: this.docId, threadId }
    return this.change(threadId, call(api.api.documents[':id'].suggestions[':threadId'].$delete({ param })))
  }

  /** Accepts (the server changes the text) or rejects one suggestion. */
  decideSuggestion(threadId: string, decision: SuggestionDecision, rationale?: string): Promise<void> {
    const param = { id: this.docId, threadId }
    const json = rationale ? { decision, rationale } : { decision }
    return this.change(
      threadId,
      call(api.api.documents[':id'].suggestions[':threadId'].decision.$post({ param, json })),
    )
  }

  /** Accepts or rejects every open suggestion, or every open one of `authorId`; the threads arrive as pushes. */
  decideSuggestions(
    decision: SuggestionDecision,
    options: { authorId?: string; rationale?: string } = {},
  ): Promise<DecideSuggestionsResult> {
    const json = {
      decision,
      ...(options.authorId ? { authorId: options.authorId } : {}),
      ...(options.rationale ? { rationale: options.rationale } : {}),
    }
    return call(api.api.documents[':id'].suggestions.decisions.$post({ param: { id: this.docId }, json }))
  }

  /** Marks the reader's unread mentions in a thread as read, at once here and then on the server. */
  private async markRead(threadId: string): Promise<void> {
    const thread = this.state.threads.find((t) => t.id === threadId)
    if (!thread || thread.unreadMentions.length === 0) return
    const commentIds = thread.unreadMentions
    this.update({ threads: this.state.threads.map((t) => (t.id === threadId ? { ...t, unreadMentions: [] } : t)) })
    try {
      await call(api.api.documents[':id'].mentions.read.$post({ param: { id: this.docId }, json: { commentIds } }))
    } catch {
      // Still unread on the server: the marker comes back with the next load.
    }
  }
}

const sameColors = (a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean =>
  a.size === b.size && [...a].every(([key, color]) => b.get(key) === color)

function highlightsOf(state: CommentsState, flashing: boolean): Highlight[] {
  // Suggestions are painted as proposed changes (suggesting.ts), not as commented words.
  const highlights: Highlight[] = state.threads
    .filter((thread) => !thread.suggestion)
    .map((t) => ({
      id: t.id,
      anchor: t.anchor,
      color: authorColor(state.colors, t.authorId),
      // Resolved threads leave the text alone, unless the reader has one open.
      visible: !t.resolved || t.id === state.activeId,
      active: t.id === state.activeId,
      flash: flashing && t.id === state.activeId,
      draft: false,
    }))
  if (state.draft && state.me) {
    const color = authorColor(state.colors, state.me.id)
    highlights.push({
      id: draftHighlightId,
      anchor: state.draft.anchor,
      color,
      visible: true,
      active: true,
      flash: false,
      draft: true,
    })
  }
  return highlights
}

/**
 * The open suggestions as the text shows them. A mark that did not change keeps its object, so
 * the suggestion plugin repaints only the suggestions that did.
 */
function suggestionMarksOf(state: CommentsState, previous: SuggestionMark[]): SuggestionMark[] {
  const before = new Map(previous.map((mark) => [mark.id, mark]))
  const nameOf = (userId: string) =>
    state.participants.find((p) => p.id === userId)?.displayName ?? t('comments.unknownUser')
  const marks: SuggestionMark[] = []
  for (const thread of state.threads) {
    if (thread.suggestion?.status !== 'open') continue
    const mark: SuggestionMark = {
      id: thread.id,
      anchor: thread.anchor,
      insert: thread.suggestion.insert,
      authorId: thread.authorId,
      color: authorColor(state.colors, thread.authorId),
      author: nameOf(thread.authorId),
      active: thread.id === state.activeId,
    }
    const was = before.get(thread.id)
    marks.push(was && sameMark(was, mark) ? was : mark)
  }
  return marks.length === previous.length && marks.every((mark, i) => mark === previous[i]) ? previous : marks
}

const sameMark = (a: SuggestionMark, b: SuggestionMark): boolean =>
  a.anchor.start === b.anchor.start &&
  a.anchor.end === b.anchor.end &&
  a.insert === b.insert &&
  a.authorId === b.authorId &&
  a.color === b.color &&
  a.author === b.author &&
  a.active === b.active

/** The comments store of a session, started while the calling component is mounted. */
export function useCommentsStore(session: CollabSession, me: Me['user'] | null = null): CommentsStore {
  // One store per session: `me` is the one of the first render (the page remounts for another user).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const store = useMemo(() => new CommentsStore(session, me), [session])
  useEffect(() => {
    store.start()
    return () => store.stop()
  }, [store])
  return store
}

export function useComments(store: CommentsStore): CommentsState {
  return useSyncExternalStore(store.subscribe, store.get)
}

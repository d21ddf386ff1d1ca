/**
 * The comment threads beside the draft, suggestions (修订) among them: open threads per member,
 * filters (评论 / 修订 / 全部), bulk decisions on suggestions, the thread being written, and every
 * thread in the order of its words in the text. On a narrow screen (a tablet
 * in a meeting room) it is a drawer over the text, opened by the toolbar's 评论列表 and by
 * starting or opening a thread.
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react'
import type { Editor } from '@tiptap/core'
import type { DocumentAbilities, DocumentAccess, ThreadView } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'
import { OpinionTableLinks } from '../export/OpinionTableLinks.js'
import type { AnchorRange } from './anchors.js'
import { authorColor } from './author-color.js'
import { CommentComposer } from './CommentComposer.js'
import { commentsDrawerId } from './CommentsDrawerToggle.js'
import { useComments, type CommentsStore } from './comments-store.js'
import { startThread } from './start-thread.js'
import { SuggestionBulk } from './SuggestionBulk.js'
import { ReturnedDraftButton } from './ReturnedDraftButton.js'
import { ThreadCard } from './ThreadCard.js'
import { ThreadFilters, isSettled, matchesFilter, noFilter, type ThreadFilter } from './ThreadFilters.js'

interface CommentsSidebarProps {
  store: CommentsStore
  editor: Editor
  /** What the server lets this user do; null until known. */
  access: DocumentAccess | null
  abilities: DocumentAbilities | null
  /** Whether the drawer is open (narrow screens; wide ones always show the sidebar). */
  open: boolean
  setOpen: (open: boolean) => void
}

/** Where a thread's words are: a comment's as the highlights found them, a suggestion's as its marks did. */
const placeOf = (
  thread: ThreadView,
  ranges: ReadonlyMap<string, AnchorRange>,
  places: ReadonlyMap<string, AnchorRange>,
): AnchorRange | undefined => (thread.suggestion ? places.get(thread.id) : ranges.get(thread.id))

/** Threads in the order of their words; those whose words are gone or not yet here come last, oldest first. */
function inTextOrder(
  threads: ThreadView[],
  ranges: ReadonlyMap<string, AnchorRange>,
  places: ReadonlyMap<string, AnchorRange>,
): ThreadView[] {
  const at = (thread: ThreadView) => {
    const range = placeOf(thread, ranges, places)
    return range?.kind === 'range' ? range.from : Number.POSITIVE_INFINITY
  }
  return [...threads].sort((a, b) => at(a) - at(b) || a.createdAt.localeCompare(b.createdAt))
}

/** Ctrl+Alt+M (⌘+Alt+M): comment on the selection. Read by key code: Alt changes the character on a Mac. */
const isCommentShortcut = (event: KeyboardEvent) =>
  (event.ctrlKey || event.metaKey) && event.altKey && event.code === 'KeyM'

export function CommentsSidebar({ store, editor, access, abilities, open, setOpen }: CommentsSidebarProps) {
  const state = useComments(store)
  const [filter, setFilter] = useState<ThreadFilter>(noFilter)
  const [hint, setHint] = useState(false)
  const cards = useRef(new Map<string, HTMLElement>())
  const me = state.me
  const canComment = access?.comment ?? false
  // The cards (200 on a long draft, about 40 ms of rendering) come in a render of their own after
  // the page's first one, which React may interrupt: the draft and its highlights are painted
  // first, the cards a frame or so later. Only the first render waits; later changes show at once.
  const cardsMounted = useDeferredValue(true, false)

  // The shortcut works wherever the focus is, including a read-only editor that cannot take it.
  useEffect(() => {
    if (!canComment) return
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isCommentShortcut(event)) return
      // Not from a text box of the sidebar: the editor's last selection is not what is being typed about.
      if (event.target instanceof Element && event.target.closest('input, textarea, select')) return
      event.preventDefault()
      setHint(!startThread(editor, store))
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [canComment, editor, store])

  // A thread begun or opened (from its words) is shown: the drawer opens for it.
  useEffect(() => {
    if (state.draft || state.activeId) setOpen(true)
  }, [state.draft, state.activeId, setOpen])

  // The hint goes once a thread is being written, or after a few seconds.
  useEffect(() => {
    if (state.draft) setHint(false)
  }, [state.draft])
  useEffect(() => {
    if (!hint) return
    const timer = setTimeout(() => setHint(false), 5000)
    return () => clearTimeout(timer)
  }, [hint])

  // Asked to reveal a thread: scroll its words into the middle of the screen (the plugin flashes them).
  useEffect(() => {
    if (!state.activeId || state.reveal === 0) return
    const words = editor.view.dom.querySelector(`[data-thread-id="${CSS.escape(state.activeId)}"]`)
    words?.scrollIntoView({ block: 'center', behavior: 'smooth' })
    // Only a new request scrolls, not every change of the store.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reveal is the request; the rest is read at that moment
  }, [state.reveal])

  // A thread opened from its words comes into view in the sidebar; one opened from a link as the
  // page opens, once the cards are there.
  useEffect(() => {
    if (state.activeId) cards.current.get(state.activeId)?.scrollIntoView({ block: 'nearest' })
  }, [state.activeId, cardsMounted])

  const ordered = useMemo(
    () => inTextOrder(state.threads, state.ranges, state.places),
    [state.threads, state.ranges, state.places],
  )

  const openByAuthor = useMemo(() => {
    const counts = new Map<string, number>()
    for (const thread of state.threads)
      if (!isSettled(thread)) counts.set(thread.authorId, (counts.get(thread.authorId) ?? 0) + 1)
    return [...counts].sort((a, b) => b[1] - a[1])
  }, [state.threads])
  const openComments = state.threads.filter((thread) => !thread.suggestion && !thread.resolved).length
  const openSuggestions = state.threads.filter((thread) => thread.suggestion?.status === 'open').length
  const nameOf = (userId: string) =>
    state.participants.find((p) => p.id === userId)?.displayName ?? t('comments.unknownUser')

  const visible = me
    ? ordered.filter((thread) => thread.id === state.activeId || matchesFilter(thread, filter, me.id))
    : []

  return (
    <aside
      id={commentsDrawerId}
      className={open ? 'comments comments--open' : 'comments'}
      aria-labelledby="comments-title"
      data-testid="comments-sidebar"
    >
      <header className="comments__head">
        <h2 id="comments-title" className="comments__title">
          {t('comments.title')}
          <span className="comments__count" data-testid="open-count">
            {t('comments.openCount', { n: openComments })}
          </span>
          {openSuggestions > 0 && (
            <span className="comments__count comments__count--suggestions" data-testid="open-suggestions">
              {t('suggestions.openCount', { n: openSuggestions })}
            </span>
          )}
          <button
            type="button"
            className="comments__close"
            aria-label={t('comments.drawerClose')}
            title={t('comments.drawerClose')}
            onClick={() => {
              // Done with the open thread too: clicking its words opens the drawer on it again.
              store.activate(null)
              setOpen(false)
            }}
            data-testid="comments-close"
          >
            ×
          </button>
        </h2>
        {abilities?.exportOpinionTable && <OpinionTableLinks docId={store.docId} />}
        {abilities?.importReturnedDraft && <ReturnedDraftButton docId={store.docId} />}
        {openByAuthor.length > 0 && (
          <ul className="comments__members" aria-label={t('comments.openByMember')} data-testid="open-by-member">
            {openByAuthor.map(([userId, n]) => (
              <li key={userId}>
                <button
                  type="button"
                  className="member-chip"
                  aria-pressed={filter.member === userId}
                  title={t('comments.filterByMember', { name: nameOf(userId) })}
                  onClick={() =>
                    setFilter({ ...filter, member: filter.member === userId ? null : userId, status: 'open' })
                  }
                >
                  <span
                    className="dot"
                    style={{ backgroundColor: authorColor(state.colors, userId) }}
                    aria-hidden="true"
                  />
                  {nameOf(userId)}
                  <span className="member-chip__count">{n}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {abilities?.decideSuggestions && <SuggestionBulk store={store} threads={state.threads} nameOf={nameOf} />}
        {me && (
          <ThreadFilters
            filter={filter}
            onChange={setFilter}
            threads={state.threads}
            participants={state.participants}
          />
        )}
      </header>

      {hint && (
        <p className="comments__hint" role="status">
          {t('comments.selectFirst')}
        </p>
      )}

      {state.draft && me && (
        <section
          className="thread thread--draft"
          style={{ ['--comment-color' as string]: authorColor(state.colors, me.id) }}
          data-testid="new-thread"
        >
          <p className="thread__label">{t('comments.newThread')}</p>
          <blockquote className="thread__quote">{state.draft.quote}</blockquote>
          <CommentComposer
            participants={state.participants}
            meId={me.id}
            autoFocus
            placeholder={t('comments.placeholder')}
            submitLabel={t('comments.submit')}
            onSubmit={(body) => store.submitDraft(body)}
            onCancel={() => store.cancelDraft()}
            testId="new-thread-composer"
          />
        </section>
      )}

      {state.phase === 'loading' && <p className="comments__empty muted">{t('comments.loading')}</p>}
      {state.phase === 'failed' && (
        <div className="comments__empty" role="alert">
          <p>{t('comments.loadFailed', { message: state.error ?? '' })}</p>
          <button type="button" className="button button--small" onClick={() => void store.load()}>
            {t('comments.retry')}
          </button>
        </div>
      )}
      {state.phase === 'ready' && visible.length === 0 && !state.draft && (
        <p className="comments__empty muted">
          {state.threads.length === 0
            ? t(canComment ? 'comments.empty' : 'comments.emptyReader')
            : t('comments.emptyFiltered')}
        </p>
      )}

      {me && access && abilities && cardsMounted && (
        <div className="comments__list" data-testid="thread-list">
          {visible.map((thread) => (
            <ThreadCard
              key={thread.id}
              ref={(element) => {
                if (element) cards.current.set(thread.id, element)
                else cards.current.delete(thread.id)
              }}
              thread={thread}
              range={placeOf(thread, state.ranges, state.places)}
              active={thread.id === state.activeId}
              me={me}
              access={access}
              abilities={abilities}
              participants={state.participants}
              colors={state.colors}
              store={store}
            />
          ))}
        </div>
      )}
    </aside>
  )
}

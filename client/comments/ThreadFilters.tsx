/**
 * Which threads the sidebar lists: comments, suggestions (修订) or both; open or settled ones
 * (resolved comments; accepted, rejected or withdrawn suggestions); one member's; the ones that
 * mention me.
 */
import type { Participant, ThreadView } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'

export type ThreadKind = 'comments' | 'suggestions' | 'all'

export interface ThreadFilter {
  kind: ThreadKind
  status: 'open' | 'resolved' | 'all'
  /** Threads opened by this user; null for everyone's. */
  member: string | null
  mentionsMe: boolean
}

export const noFilter: ThreadFilter = { kind: 'all', status: 'open', member: null, mentionsMe: false }

/** A comment resolved, or a suggestion decided or withdrawn: done with, kept on record. */
export const isSettled = (thread: ThreadView): boolean =>
  thread.suggestion ? thread.suggestion.status !== 'open' : thread.resolved

const mentions = (thread: ThreadView, meId: string) =>
  thread.unreadMentions.length > 0 || thread.comments.some((c) => c.mentions.includes(meId))

export function matchesFilter(thread: ThreadView, filter: ThreadFilter, meId: string): boolean {
  if (filter.kind === 'comments' && thread.suggestion) return false
  if (filter.kind === 'suggestions' && !thread.suggestion) return false
  if (filter.status === 'open' && isSettled(thread)) return false
  if (filter.status === 'resolved' && !isSettled(thread)) return false
  if (filter.member && thread.authorId !== filter.member) return false
  if (filter.mentionsMe && !mentions(thread, meId)) return false
  return true
}

interface ThreadFiltersProps {
  filter: ThreadFilter
  onChange: (filter: ThreadFilter) => void
  threads: ThreadView[]
  participants: Participant[]
}

const statuses = ['open', 'resolved', 'all'] as const
const kinds = ['all', 'comments', 'suggestions'] as const

/** The status filter's words: comments are resolved, suggestions decided. */
const statusLabel = (status: ThreadFilter['status'], kind: ThreadKind) =>
  kind === 'suggestions' && status !== 'all'
    ? t(status === 'open' ? 'comments.filter.pending' : 'comments.filter.settled')
    : t(`comments.filter.${status}`)

export function ThreadFilters({ filter, onChange, threads, participants }: ThreadFiltersProps) {
  const unread = threads.filter((thread) => thread.unreadMentions.length > 0).length
  const authors = participants.filter((p) => threads.some((thread) => thread.authorId === p.id))
  return (
    <div className="thread-filters" role="group" aria-label={t('comments.filter.label')} data-testid="thread-filters">
      {threads.some((thread) => thread.suggestion) && (
        <div
          className="status-switch"
          role="radiogroup"
          aria-label={t('comments.filter.kind')}
          data-testid="filter-kind"
        >
          {kinds.map((kind) => (
            <button
              key={kind}
              type="button"
              role="radio"
              aria-checked={filter.kind === kind}
              className="status-switch__option"
              onClick={() => onChange({ ...filter, kind })}
            >
              {t(`comments.filter.kind.${kind}`)}
            </button>
          ))}
        </div>
      )}
      <div className="status-switch" role="radiogroup" aria-label={t('comments.filter.status')}>
        {statuses.map((status) => (
          <button
            key={status}
            type="button"
            role="radio"
            aria-checked={filter.status === status}
            className="status-switch__option"
            onClick={() => onChange({ ...filter, status })}
          >
            {statusLabel(status, filter.kind)}
          </button>
        ))}
      </div>
      <select
        className="input input--small thread-filters__member"
        aria-label={t('comments.filter.member')}
        value={filter.member ?? ''}
        onChange={(event) => onChange({ ...filter, member: event.target.value || null })}
      >
        <option value="">{t('comments.filter.anyone')}</option>
        {authors.map((p) => (
          <option key={p.id} value={p.id}>
            {p.displayName}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="toggle-chip"
        aria-pressed={filter.mentionsMe}
        data-testid="filter-mentions"
        onClick={() => onChange({ ...filter, mentionsMe: !filter.mentionsMe })}
      >
        {t('comments.filter.mentions')}
        {unread > 0 && (
          <span className="toggle-chip__badge" data-testid="unread-count">
            {unread}
          </span>
        )}
      </button>
    </div>
  )
}

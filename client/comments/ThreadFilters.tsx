/** Which threads the sidebar lists: open or resolved ones, one member's, the ones that mention me. */
import type { Participant, ThreadView } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'

export interface ThreadFilter {
  status: 'open' | 'resolved' | 'all'
  /** Threads opened by this user; null for everyone's. */
  member: string | null
  mentionsMe: boolean
}

export const noFilter: ThreadFilter = { status: 'open', member: null, mentionsMe: false }

const mentions = (thread: ThreadView, meId: string) =>
  thread.unreadMentions.length > 0 || thread.comments.some((c) => c.mentions.includes(meId))

export function matchesFilter(thread: ThreadView, filter: ThreadFilter, meId: string): boolean {
  if (filter.status === 'open' && thread.resolved) return false
  if (filter.status === 'resolved' && !thread.resolved) return false
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

export function ThreadFilters({ filter, onChange, threads, participants }: ThreadFiltersProps) {
  const unread = threads.filter((thread) => thread.unreadMentions.length > 0).length
  const authors = participants.filter((p) => threads.some((thread) => thread.authorId === p.id))
  return (
    <div className="thread-filters" role="group" aria-label={t('comments.filter.label')} data-testid="thread-filters">
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
            {t(`comments.filter.${status}`)}
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

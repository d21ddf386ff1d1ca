/**
 * The bell in the header: how many notifications are unread, and the list of them (送审, 审定,
 * 退回, 重新开放). Opening the list marks what it shows as read; those stay marked new until it closes.
 */
import { useId, useRef, useState } from 'react'
import type { Notification } from '../../shared/schema.js'
import { api, call } from '../api/client.js'
import { formatDateTime, t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { documentPath } from '../routing/route.js'
import { useDismiss } from '../ui/use-dismiss.js'
import { usePolled } from './use-polled.js'

const POLL_MS = 30_000

const loadNotifications = () => call(api.api.notifications.$get())

export function NotificationBell() {
  const { data, refresh } = usePolled(loadNotifications, POLL_MS)
  const [open, setOpen] = useState(false)
  /** The ids that were unread when the list opened: still shown as new while it is open. */
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set())
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const listId = useId()
  const unread = data?.unread ?? 0

  const toggle = () => {
    if (open) {
      setOpen(false)
      return
    }
    const unreadIds = (data?.notifications ?? []).filter((n) => !n.read).map((n) => n.id)
    setFresh(new Set(unreadIds))
    setOpen(true)
    if (unreadIds.length > 0) {
      void call(api.api.notifications.read.$post({ json: { ids: unreadIds } })).then(refresh, () => undefined)
    }
  }

  useDismiss(open, () => setOpen(false), { root, returnFocus: button })

  return (
    <div className="bell" ref={root}>
      <button
        ref={button}
        type="button"
        className="bell__button"
        aria-expanded={open}
        aria-controls={listId}
        aria-label={unread > 0 ? t('notifications.labelUnread', { n: unread }) : t('notifications.label')}
        title={t('notifications.label')}
        onClick={toggle}
        data-testid="notification-bell"
        data-unread={unread}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="count-badge bell__count" data-testid="notification-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="bell__panel" id={listId} data-testid="notification-list">
          <h2 className="bell__title">{t('notifications.label')}</h2>
          {!data || data.notifications.length === 0 ? (
            <p className="muted bell__empty">{t('notifications.empty')}</p>
          ) : (
            <ul className="bell__list">
              {data.notifications.map((n) => (
                <Item key={n.id} notification={n} isNew={fresh.has(n.id)} onFollow={() => setOpen(false)} />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  )
}

function Item({ notification, isNew, onFollow }: { notification: Notification; isNew: boolean; onFollow: () => void }) {
  return (
    <li className="bell__item" data-new={isNew || undefined} data-kind={notification.kind}>
      <Link href={documentPath(notification.documentId)} className="bell__link" onClick={onFollow}>
        <span className={`bell__kind bell__kind--${notification.kind}`}>
          {t(`notifications.kind.${notification.kind}`)}
        </span>
        <span className="bell__text">{notification.text}</span>
        <time className="bell__time muted" dateTime={notification.createdAt}>
          {formatDateTime(notification.createdAt)}
        </time>
        {isNew && <span className="visually-hidden">{t('notifications.new')}</span>}
      </Link>
    </li>
  )
}

function BellIcon() {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  )
}

/**
 * The header's 待审定 link for chairs, with how many submissions wait for them; and the 待跟踪 link
 * for secretaries, with how many sent proposals still have neither 批示 nor 办理反馈.
 */
import type { Me } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { usePolled } from '../notifications/use-polled.js'
import { loadInbox } from './workflow-requests.js'
import { inboxPath } from './routes.js'

const INBOX_POLL_MS = 30_000

export function InboxLink({ me }: { me: Me }) {
  if (!me.abilities.inbox && !me.abilities.followUpInbox) return null
  return <PolledInboxLink followUp={!me.abilities.inbox} />
}

function PolledInboxLink({ followUp }: { followUp: boolean }) {
  const { data } = usePolled(loadInbox, INBOX_POLL_MS)
  const count = (followUp ? data?.followUps.length : data?.submissions.length) ?? 0
  return (
    <Link href={inboxPath} className="header-link" data-testid="inbox-link">
      {followUp ? t('inbox.trackTitle') : t('inbox.title')}
      {count > 0 && (
        <span
          className="count-badge"
          aria-label={followUp ? t('inbox.trackCount', { n: count }) : t('inbox.count', { n: count })}
        >
          {count}
        </span>
      )}
    </Link>
  )
}

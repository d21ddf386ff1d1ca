/** The header's 待审定 link for chairs, with how many submissions wait for them. */
import type { Me } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { usePolled } from '../notifications/use-polled.js'
import { loadInbox } from './workflow-requests.js'
import { inboxPath } from './routes.js'

const INBOX_POLL_MS = 30_000

export function InboxLink({ me }: { me: Me }) {
  if (!me.abilities.inbox) return null
  return <ChairInboxLink />
}

function ChairInboxLink() {
  const { data } = usePolled(loadInbox, INBOX_POLL_MS)
  const count = data?.submissions.length ?? 0
  return (
    <Link href={inboxPath} className="header-link" data-testid="inbox-link">
      {t('inbox.title')}
      {count > 0 && (
        <span className="count-badge" aria-label={t('inbox.count', { n: count })}>
          {count}
        </span>
      )}
    </Link>
  )
}

/** The two administration pages, side by side as tabs. */
import { t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { adminGroupsPath, adminUsersPath } from '../account/routes.js'

export function AdminNav({ current }: { current: 'users' | 'groups' }) {
  return (
    <nav className="tabs" aria-label={t('menu.administration')}>
      <Link href={adminUsersPath} className="tabs__tab" aria-current={current === 'users' ? 'page' : undefined}>
        {t('menu.adminUsers')}
      </Link>
      <Link href={adminGroupsPath} className="tabs__tab" aria-current={current === 'groups' ? 'page' : undefined}>
        {t('menu.adminGroups')}
      </Link>
    </nav>
  )
}

/** On the administrator's draft list: they manage accounts and groups, not drafts, so point the way. */
import { t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { adminGroupsPath, adminUsersPath } from '../account/routes.js'

export function AdminHint() {
  return (
    <div className="admin-hint" data-testid="admin-hint">
      <p className="admin-hint__text">{t('adminHint.text')}</p>
      <div className="admin-hint__links">
        <Link href={adminUsersPath} className="button">
          {t('menu.adminUsers')}
        </Link>
        <Link href={adminGroupsPath} className="button">
          {t('menu.adminGroups')}
        </Link>
      </div>
    </div>
  )
}

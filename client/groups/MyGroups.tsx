/** 我的调研组: the groups the reader belongs or is assigned to, each a link to its page. */
import { useEffect, useState } from 'react'
import type { Group, Me } from '../../shared/schema.js'
import { api, call } from '../api/client.js'
import { t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { groupPath } from '../account/routes.js'

export function MyGroups({ me }: { me: Me }) {
  const [groups, setGroups] = useState<Group[] | null>(null)

  useEffect(() => {
    let current = true
    // The server lists the groups this user may see (members, assigned chairs and secretaries).
    call(api.api.groups.$get()).then(
      ({ groups }) => current && setGroups(groups),
      // The list is a shortcut beside the drafts; without it the page still works.
      () => current && setGroups([]),
    )
    return () => {
      current = false
    }
  }, [])

  if (!groups || groups.length === 0) return null
  const convenes = new Set(me.groups.filter((g) => g.convener).map((g) => g.id))
  return (
    <nav className="my-groups" aria-labelledby="my-groups-title" data-testid="my-groups">
      <h2 id="my-groups-title" className="my-groups__title">
        {t('group.mine')}
      </h2>
      <ul className="my-groups__list">
        {groups.map((group) => (
          <li key={group.id}>
            <Link href={groupPath(group.id)} className="my-groups__link">
              {group.name}
              {convenes.has(group.id) && <span className="badge badge--convener">{t('role.convener')}</span>}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}

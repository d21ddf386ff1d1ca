/** The page an account route names: administration of users and groups, or a group's page. */
import type { Me } from '../../shared/schema.js'
import { GroupEditor } from '../admin/GroupEditor.js'
import { GroupsPage } from '../admin/GroupsPage.js'
import { UsersPage } from '../admin/UsersPage.js'
import { GroupPage } from '../groups/GroupPage.js'
import type { AccountRoute } from '../account/routes.js'

export function AccountPages({ route, me }: { route: AccountRoute; me: Me }) {
  switch (route.page) {
    case 'adminUsers':
      return <UsersPage me={me} />
    case 'adminGroups':
      return <GroupsPage />
    case 'adminGroup':
      return <GroupEditor key={route.groupId} groupId={route.groupId} />
    case 'group':
      return <GroupPage key={route.groupId} groupId={route.groupId} me={me} />
  }
}

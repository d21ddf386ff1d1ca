/** The pages about people: administration of users and groups, and a group's own page. */

export type AccountRoute =
  | { page: 'adminUsers' }
  | { page: 'adminGroups' }
  | { page: 'adminGroup'; groupId: string }
  | { page: 'group'; groupId: string }

export const adminUsersPath = '/admin/users'
export const adminGroupsPath = '/admin/groups'
export const adminGroupPath = (groupId: string): string => `/admin/groups/${encodeURIComponent(groupId)}`
export const groupPath = (groupId: string): string => `/groups/${encodeURIComponent(groupId)}`

/** The account page `pathname` names, or null when it names another page (or none). */
export function parseAccountRoute(pathname: string): AccountRoute | null {
  const path = pathname.replace(/\/$/, '')
  if (path === adminUsersPath) return { page: 'adminUsers' }
  if (path === adminGroupsPath) return { page: 'adminGroups' }
  const adminGroup = /^\/admin\/groups\/([^/]+)$/.exec(path)
  if (adminGroup) return { page: 'adminGroup', groupId: decodeURIComponent(adminGroup[1]) }
  const group = /^\/groups\/([^/]+)$/.exec(path)
  if (group) return { page: 'group', groupId: decodeURIComponent(group[1]) }
  return null
}

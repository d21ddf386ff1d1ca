/** How a role, and a person's standing in their groups, is named on screen. */
import type { Me, Role } from '../../shared/schema.js'
import { t } from '../app/i18n.js'

export const roles: readonly Role[] = ['admin', 'member', 'chair', 'secretary', 'commenter']

export function roleLabel(role: Role): string {
  return t(`role.${role}`)
}

/** 组长 for a member who convenes any of their groups (a per-group flag, not a role); the role otherwise. */
export function standingLabel(me: Me): string {
  if (me.user.role === 'member' && me.groups.some((group) => group.convener)) return t('role.convener')
  return roleLabel(me.user.role)
}

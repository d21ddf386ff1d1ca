/** How a role, and a person's standing in their groups, is named on screen. */
import type { Role, Standing } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'

export const roles: readonly Role[] = ['admin', 'member', 'chair', 'secretary', 'commenter']

export function roleLabel(role: Role): string {
  return t(`role.${role}`)
}

/** The user's standing as the server names it: 组长 for a member who convenes a group, the role otherwise. */
export function standingLabel(standing: Standing): string {
  return t(`role.${standing}`)
}

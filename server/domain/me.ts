/** What the signed-in user sees of themselves: their groups, how their standing is named, what the UI may offer them. */
import type { Me, User } from '../../shared/schema.js'
import { canCreateDocumentIn, isConvener, isMember, userAbilities } from '../policy.js'
import type { Deps } from './deps.js'

export async function me({ metadata, timeZone }: Deps, user: User): Promise<Me> {
  const groups = (await metadata.listGroups())
    .filter((g) => isMember(g, user.id))
    .map((g) => ({
      id: g.id,
      name: g.name,
      convener: isConvener(g, user.id),
      createDocuments: canCreateDocumentIn(user, g),
    }))
  // 组长 is a per-group flag on a member, not a role; it names the member who convenes any group.
  const standing = user.role === 'member' && groups.some((g) => g.convener) ? 'convener' : user.role
  return { user, groups, standing, abilities: userAbilities(user), timeZone }
}

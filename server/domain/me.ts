/** What the signed-in user sees of themselves: their groups and whether they convene them. */
import type { Me, User } from '../../shared/schema.js'
import type { Deps } from './deps.js'

export async function myGroups({ metadata }: Deps, user: User): Promise<Me['groups']> {
  return (await metadata.listGroups())
    .filter((g) => g.members.some((m) => m.userId === user.id))
    .map((g) => ({ id: g.id, name: g.name, convener: g.members.some((m) => m.userId === user.id && m.convener) }))
}

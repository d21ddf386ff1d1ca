/** A user as the API shows them: without the password hash. */
import type { User } from '../../shared/schema.js'
import type { StoredUser } from '../store/types.js'

export function publicUser({ id, username, displayName, role, active, createdAt }: StoredUser | User): User {
  return { id, username, displayName, role, active, createdAt }
}

/** Login sessions: random ids in a cookie, stored as hashes, with idle and absolute expiry. */
import { createHash, randomBytes } from 'node:crypto'
import { CloseCode } from '../../shared/collab.js'
import type { Actor } from '../policy.js'
import type { Deps } from './deps.js'
import { publicUser } from './users.js'

export const hashSessionId = (id: string): string => createHash('sha256').update(id).digest('base64url')

/** Touching a session rewrites storage; once a minute is precise enough for idle expiry. */
const touchEveryMs = 60_000

export async function startSession({ metadata }: Deps, userId: string): Promise<string> {
  const id = randomBytes(32).toString('base64url')
  const now = new Date().toISOString()
  await metadata.createSession({ idHash: hashSessionId(id), userId, createdAt: now, lastSeenAt: now })
  return id
}

/** The actor of a session cookie, or null when it is unknown, expired, or its user is disabled. */
export async function resolveSession({ metadata, sessions }: Deps, id: string | undefined, now = Date.now()): Promise<Actor | null> {
  if (!id || id.length > 100) return null
  const idHash = hashSessionId(id)
  const session = await metadata.getSession(idHash)
  if (!session) return null
  const expired =
    now - Date.parse(session.lastSeenAt) > sessions.idleMs || now - Date.parse(session.createdAt) > sessions.absoluteMs
  const user = expired ? null : await metadata.getUser(session.userId)
  if (!user || !user.active) {
    await metadata.deleteSession(idHash)
    return null
  }
  if (now - Date.parse(session.lastSeenAt) > touchEveryMs) await metadata.touchSession(idHash, new Date(now).toISOString())
  return { user: publicUser(user), sessionIdHash: idHash }
}

/** Logout: the session ends, and so do the sockets opened with it. */
export async function endSession({ metadata, sockets }: Deps, actor: Actor): Promise<void> {
  await metadata.deleteSession(actor.sessionIdHash)
  await sockets.closeWhere((s) => s.sessionIdHash === actor.sessionIdHash, CloseCode.unauthenticated, 'logged out')
}

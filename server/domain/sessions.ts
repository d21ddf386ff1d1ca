/** Login sessions: random ids in a cookie, stored as hashes, with idle and absolute expiry. */
import { createHash, randomBytes } from 'node:crypto'
import { CloseCode } from '../../shared/collab.js'
import type { Actor } from '../policy.js'
import type { Deps } from './deps.js'
import { accessTo } from './documents.js'
import { publicUser } from './public-user.js'

const hashSessionId = (id: string): string => createHash('sha256').update(id).digest('base64url')

/** Touching a session rewrites storage: at most once a minute, and always well within the idle limit. */
const touchInterval = (idleMs: number): number => Math.min(60_000, idleMs / 4)

/** When this process last swept expired sessions (ms since the epoch). */
let lastSweep = 0
/** A login sweeps at most this often. */
const sweepIntervalMs = 60_000

export async function startSession(deps: Deps, userId: string): Promise<string> {
  const id = randomBytes(32).toString('base64url')
  const now = Date.now()
  await deps.metadata.createSession({
    idHash: hashSessionId(id),
    userId,
    createdAt: new Date(now).toISOString(),
    lastSeenAt: new Date(now).toISOString(),
  })
  // Sessions whose cookie never comes back would stay forever: logins sweep the expired ones,
  // lazily (at most once a minute), so no timer runs while nobody logs in.
  if (now - lastSweep >= sweepIntervalMs) {
    lastSweep = now
    await deps.metadata.deleteExpiredSessions(
      new Date(now - deps.sessions.idleMs).toISOString(),
      new Date(now - deps.sessions.absoluteMs).toISOString(),
    )
  }
  return id
}

/** The actor of a session cookie, or null when it is unknown, expired, or its user is disabled. */
export async function resolveSession(deps: Deps, id: string | undefined, now = Date.now()): Promise<Actor | null> {
  if (!id || id.length > 100) return null
  return actorOfHash(deps, hashSessionId(id), now)
}

async function actorOfHash({ metadata, sessions }: Deps, idHash: string, now = Date.now()): Promise<Actor | null> {
  const session = await metadata.getSession(idHash)
  if (!session) return null
  const expired =
    now - Date.parse(session.lastSeenAt) > sessions.idleMs || now - Date.parse(session.createdAt) > sessions.absoluteMs
  const user = expired ? null : await metadata.getUser(session.userId)
  if (!user || !user.active) {
    await metadata.deleteSession(idHash)
    return null
  }
  if (now - Date.parse(session.lastSeenAt) > touchInterval(sessions.idleMs))
    await metadata.touchSession(idHash, new Date(now).toISOString())
  return { user: publicUser(user), sessionIdHash: idHash }
}

/** Logout: the session ends, and so do the sockets opened with it. */
export async function endSession({ metadata, sockets }: Deps, actor: Actor): Promise<void> {
  await metadata.deleteSession(actor.sessionIdHash)
  await sockets.closeWhere({ sessionIdHash: actor.sessionIdHash }, CloseCode.unauthenticated, 'logged out')
}

/**
 * Rights are checked when a socket connects; this re-checks every open socket (run once a minute),
 * so that a session that expired or an invitation that ran out ends its sockets too.
 */
export async function recheckOpenSockets(deps: Deps): Promise<void> {
  const checked = new Map<string, Actor | null>()
  // Sockets of one session on one document share their answer (a tab's reconnects, several tabs):
  // each pair is decided once, and closing it closes all of them.
  const decided = new Set<string>()
  for (const socket of deps.sockets.openSockets()) {
    const pair = `${socket.sessionIdHash}\n${socket.docId}`
    if (decided.has(pair)) continue
    decided.add(pair)
    if (!checked.has(socket.sessionIdHash))
      checked.set(socket.sessionIdHash, await actorOfHash(deps, socket.sessionIdHash))
    const actor = checked.get(socket.sessionIdHash)
    if (!actor) {
      await deps.sockets.closeWhere(
        { sessionIdHash: socket.sessionIdHash },
        CloseCode.unauthenticated,
        'session expired',
      )
    } else if (!(await accessTo(deps, actor, socket.docId))) {
      await deps.sockets.closeWhere(
        { sessionIdHash: socket.sessionIdHash, docIds: [socket.docId] },
        CloseCode.notFound,
        'access ended',
      )
    }
  }
}

/** Use cases on accounts: login, users managed by the admin, one's own password, the first admin. */
import { randomBytes } from 'node:crypto'
import { CloseCode } from '../../shared/collab.js'
import type { AuditAction, CreateUserBody, UpdateUserBody, User } from '../../shared/schema.js'
import { hashPassword, unusableHash, verifyPassword } from '../auth/password.js'
import { AppError, conflict, forbidden, notFound, rateLimited } from '../errors.js'
import { canAdminister, type Actor } from '../policy.js'
import type { StoredUser } from '../store/types.js'
import type { Deps } from './deps.js'
import { SYSTEM_AUDIT_ID, appendAudit } from './audit.js'
import { newId } from './ids.js'
import { publicUser } from './public-user.js'
import { startSession } from './sessions.js'

/**
 * Checks the password; returns a new session id. Attempts are counted before the password is
 * checked, per account and address (so that nobody can lock a person out of their account from
 * elsewhere) and per address across accounts (so that one address cannot try many accounts).
 */
export async function login(
  deps: Deps,
  username: string,
  password: string,
  address: string,
): Promise<{ sessionId: string; user: User }> {
  const name = username.toLowerCase()
  const { perAccountAndAddress, perAddress } = deps.limiter.limits
  const accountKey = `account:${name}@${address}`
  const attempt = deps.limiter.begin([
    { key: accountKey, max: perAccountAndAddress },
    { key: `address:${address}`, max: perAddress },
  ])
  if ('retryAfterMs' in attempt) throw rateLimited('too many failed logins; try again later', attempt.retryAfterMs)
  const user = await deps.metadata.getUserByUsername(name)
  // Verify even for unknown users, so that timing does not tell which usernames exist.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await unusableHash))
  if (!user || !ok || !user.active) {
    attempt.failed()
    // Only someone who knows the password learns that the account is disabled.
    const disabled = user !== null && ok && !user.active
    deps.log(`auth: failed login for "${username}" from ${address}${disabled ? ' (account disabled)' : ''}`)
    await audit(
      deps,
      user?.id ?? '',
      'login_failed',
      `${username.slice(0, 100)} from ${address}${disabled ? ' (account disabled)' : ''}`,
    )
    if (disabled) throw new AppError(403, 'account_disabled', 'the account is disabled; ask an administrator')
    throw new AppError(401, 'unauthenticated', 'wrong username or password', { reason: 'wrong_credentials' })
  }
  // The address keeps its failures: a right password for one account does not reopen guessing at others.
  attempt.succeeded([accountKey])
  await audit(deps, user.id, 'login', `${user.username} from ${address}`)
  return { sessionId: await startSession(deps, user.id), user: publicUser(user) }
}

/** Appends to the system chain; the actor is '' for the command line and for unknown usernames. */
const audit = (deps: Deps, actorId: string, action: AuditAction, details: string) =>
  appendAudit(deps, SYSTEM_AUDIT_ID, { action, actorId, versionNumber: null, contentHash: null, details })

function requireAdmin(actor: Actor): void {
  if (!canAdminister(actor.user)) throw forbidden('only an administrator may manage users', 'admin_only')
}

export async function listUsers(deps: Deps, actor: Actor): Promise<User[]> {
  requireAdmin(actor)
  return (await deps.metadata.listUsers()).map(publicUser)
}

export async function createUser(deps: Deps, actor: Actor | null, body: CreateUserBody): Promise<User> {
  if (actor) requireAdmin(actor)
  if (await deps.metadata.getUserByUsername(body.username))
    throw conflict(`${body.username} is taken`, {
      field: 'username',
      reason: 'username_taken',
      params: { username: body.username },
    })
  const user: StoredUser = {
    id: newId(),
    username: body.username,
    displayName: body.displayName,
    role: body.role,
    active: true,
    createdAt: new Date().toISOString(),
    passwordHash: await hashPassword(body.password),
  }
  const created = publicUser(await deps.metadata.createUser(user))
  await audit(deps, actor?.user.id ?? '', 'user_create', `${user.username} (${user.id}) role ${user.role}`)
  return created
}

/**
 * Ends every session of a user (but `keep`) and closes the sockets opened with them: 4401 (sign in
 * again) unless told otherwise.
 */
async function endSessionsOf(
  deps: Deps,
  userId: string,
  reason: string,
  { keep, code = CloseCode.unauthenticated }: { keep?: string; code?: CloseCode } = {},
): Promise<void> {
  await deps.metadata.deleteSessionsOfUser(userId, keep)
  await deps.sockets.closeWhere({ userId, exceptSessionIdHash: keep }, code, reason)
}

export async function updateUser(deps: Deps, actor: Actor | null, id: string, patch: UpdateUserBody): Promise<User> {
  if (actor) requireAdmin(actor)
  if (actor && actor.user.id === id && (patch.active === false || (patch.role && patch.role !== 'admin'))) {
    throw conflict('an administrator cannot disable or demote themselves', { reason: 'cannot_disable_self' })
  }
  const before = await deps.metadata.getUser(id)
  const user = await deps.metadata.updateUser(id, patch)
  if (!user || !before) throw notFound('user')
  const changes = (['displayName', 'role', 'active'] as const)
    .filter((key) => patch[key] !== undefined && patch[key] !== before[key])
    .map((key) => `${key} ${String(before[key])} → ${String(user[key])}`)
  await audit(
    deps,
    actor?.user.id ?? '',
    'user_update',
    `${user.username} (${id}): ${changes.join(', ') || 'no change'}`,
  )
  // Signing in again will not help a disabled person: their editor says so (4410), not 登录已失效.
  if (patch.active === false) await endSessionsOf(deps, id, 'account disabled', { code: CloseCode.accountDisabled })
  // A new role means new rights on every document: reconnect to have them evaluated again.
  else if (patch.role) await deps.sockets.closeWhere({ userId: id }, CloseCode.rightsChanged, 'role changed')
  return publicUser(user)
}

/** An administrator sets a new password: every session of that user ends. */
export async function resetPassword(deps: Deps, actor: Actor | null, id: string, password: string): Promise<void> {
  if (actor) requireAdmin(actor)
  const user = await deps.metadata.updateUser(id, { passwordHash: await hashPassword(password) })
  if (!user) throw notFound('user')
  await audit(deps, actor?.user.id ?? '', 'password_reset', `${user.username} (${id})`)
  await endSessionsOf(deps, id, 'password reset')
}

/** A user changes their own password: their other sessions end, this one stays. */
export async function changeOwnPassword(deps: Deps, actor: Actor, current: string, next: string): Promise<void> {
  // Someone holding a stolen session must not be able to guess the password here either.
  const key = `password:${actor.user.id}`
  const attempt = deps.limiter.begin([{ key, max: deps.limiter.limits.perAccountAndAddress }])
  if ('retryAfterMs' in attempt) throw rateLimited('too many wrong passwords; try again later', attempt.retryAfterMs)
  const user = await deps.metadata.getUser(actor.user.id)
  if (!user || !(await verifyPassword(current, user.passwordHash))) {
    attempt.failed()
    throw new AppError(400, 'invalid_input', 'currentPassword: the current password is wrong', {
      field: 'currentPassword',
      reason: 'current_password_wrong',
    })
  }
  attempt.succeeded([key])
  await deps.metadata.updateUser(user.id, { passwordHash: await hashPassword(next) })
  await audit(deps, user.id, 'password_change', user.username)
  await endSessionsOf(deps, user.id, 'password changed', { keep: actor.sessionIdHash })
}

/** On first start, with no user at all, creates `admin` with a random password and returns it. */
export async function ensureFirstAdmin(deps: Deps): Promise<string | null> {
  if ((await deps.metadata.countUsers()) > 0) return null
  const password = randomBytes(12).toString('base64url')
  await createUser(deps, null, { username: 'admin', displayName: '管理员', role: 'admin', password })
  return password
}

/** Notifications of workflow outcomes for the group, with an unread count. */
import type { Notification } from '../../shared/schema.js'
import type { Actor } from '../policy.js'
import type { Deps } from './deps.js'
import { newId } from './ids.js'

export async function notify(
  deps: Deps,
  userIds: string[],
  documentId: string,
  kind: Notification['kind'],
  text: string,
): Promise<void> {
  const createdAt = new Date().toISOString()
  await deps.metadata.addNotifications(
    [...new Set(userIds)].map((userId) => ({
      id: newId(),
      userId,
      documentId,
      kind,
      text,
      createdAt,
      read: false,
    })),
  )
}

export async function listNotifications(
  deps: Deps,
  actor: Actor,
): Promise<{ notifications: Notification[]; unread: number }> {
  const notifications = await deps.metadata.listNotifications(actor.user.id)
  return { notifications, unread: notifications.filter((n) => !n.read).length }
}

export async function markRead(deps: Deps, actor: Actor, ids: string[]): Promise<void> {
  await deps.metadata.markNotificationsRead(actor.user.id, ids)
}

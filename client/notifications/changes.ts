/**
 * A nudge to whoever shows notifications or the inbox: something happened (a workflow event on an
 * open document, a decision taken here) that may have added some. They ask the server again.
 */
const listeners = new Set<() => void>()

export function announceNotificationsChanged(): void {
  for (const listener of listeners) listener()
}

export function onNotificationsChanged(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

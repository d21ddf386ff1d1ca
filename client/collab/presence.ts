/** Who else has the document open, read from the provider's awareness states. */
import { useSyncExternalStore } from 'react'
import type { Awareness } from 'y-protocols/awareness'

export interface Peer {
  clientId: number
  name: string
  color: string
  isSelf: boolean
}

// One cached list per awareness instance: useSyncExternalStore needs the same array back until
// something changed, and awareness 'change' (unlike 'update') fires only on real changes.
const cache = new WeakMap<Awareness, Peer[]>()

function readPeers(awareness: Awareness): Peer[] {
  const peers: Peer[] = []
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: { name?: unknown; color?: unknown } }).user
    if (!user || typeof user.name !== 'string') continue
    peers.push({
      clientId,
      name: user.name,
      color: typeof user.color === 'string' ? user.color : '#888888',
      isSelf: clientId === awareness.clientID,
    })
  }
  // Self first, then in a stable order so the list does not jump around.
  return peers.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.clientId - b.clientId)
}

function snapshot(awareness: Awareness): Peer[] {
  let peers = cache.get(awareness)
  if (!peers) {
    peers = readPeers(awareness)
    cache.set(awareness, peers)
  }
  return peers
}

/** The people present in the document (this tab included), re-rendering when one joins, leaves or renames. */
export function usePresence(awareness: Awareness): Peer[] {
  return useSyncExternalStore(
    (notify) => {
      const onChange = () => {
        cache.set(awareness, readPeers(awareness))
        notify()
      }
      awareness.on('change', onChange)
      return () => awareness.off('change', onChange)
    },
    () => snapshot(awareness),
  )
}

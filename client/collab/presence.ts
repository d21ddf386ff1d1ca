/** Who else has the document open, read from the provider's awareness states, and in which colour. */
import { useSyncExternalStore } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { documentColors, type PresentPerson } from './document-colors.js'
import type { Identity } from './identity.js'

/**
 * The `user` field of an awareness state. `color` starts as the colour the person chose; the colour
 * everyone sees is decided among those present (document-colors.ts), and `keepGivenColor` then
 * publishes it in its place.
 */
export interface PresenceUser {
  id: string
  name: string
  color: string
  /** When this tab opened the document (ms since 1970): the earlier arrival keeps a contested colour. */
  since: number
}

export const presenceUser = (identity: Identity, since: number): PresenceUser => ({
  id: identity.userId,
  name: identity.name,
  color: identity.color,
  since,
})

export interface Peer {
  clientId: number
  /** The user id (or, for a peer that does not say, its client id): one key per person. */
  key: string
  name: string
  color: string
  isSelf: boolean
}

const isColor = (value: unknown): value is string => typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value)

/** The person an awareness `user` field describes; a peer that does not say who it is counts as its own person. */
export function personOf(clientId: number, user: Partial<Record<keyof PresenceUser, unknown>>): PresentPerson {
  return {
    key: typeof user.id === 'string' && user.id !== '' ? user.id : `client-${clientId}`,
    color: isColor(user.color) ? user.color : null,
    since: typeof user.since === 'number' && Number.isFinite(user.since) ? user.since : Number.MAX_SAFE_INTEGER,
  }
}

interface Entry {
  clientId: number
  person: PresentPerson
  name: string
}

function entries(awareness: Awareness): Entry[] {
  const found: Entry[] = []
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: Partial<Record<keyof PresenceUser, unknown>> }).user
    if (!user || typeof user.name !== 'string') continue
    found.push({ clientId, person: personOf(clientId, user), name: user.name })
  }
  return found
}

/** The people with the document open now (this tab included), for `documentColors`. */
export const presentPeople = (awareness: Awareness): PresentPerson[] => entries(awareness).map((e) => e.person)

/** The colour of each person present, by person key (see `Peer.key`). */
export const presenceColors = (awareness: Awareness): Map<string, string> => documentColors(presentPeople(awareness))

function readPeers(awareness: Awareness): Peer[] {
  const found = entries(awareness)
  const colors = documentColors(found.map((e) => e.person))
  const peers = found.map(({ clientId, person, name }) => ({
    clientId,
    key: person.key,
    name,
    color: colors.get(person.key) ?? '#888888',
    isSelf: clientId === awareness.clientID,
  }))
  // Self first, then in a stable order so the list does not jump around.
  return peers.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.clientId - b.clientId)
}

const samePeers = (a: Peer[], b: Peer[]): boolean =>
  a.length === b.length &&
  a.every(
    (p, i) => p.clientId === b[i].clientId && p.key === b[i].key && p.name === b[i].name && p.color === b[i].color,
  )

// One cached list per awareness instance: useSyncExternalStore needs the same array back until
// something changed. Awareness 'change' fires on every caret move too; the list stays as it was then.
const cache = new WeakMap<Awareness, Peer[]>()

function snapshot(awareness: Awareness): Peer[] {
  let peers = cache.get(awareness)
  if (!peers) {
    peers = readPeers(awareness)
    cache.set(awareness, peers)
  }
  return peers
}

/** The people present in the document (this tab included), re-rendering when one joins, leaves, renames or recolours. */
export function usePresence(awareness: Awareness): Peer[] {
  return useSyncExternalStore(
    (notify) => {
      const onChange = () => {
        // Every subscriber is told; those whose snapshot is still the same array do not render again.
        const peers = readPeers(awareness)
        const before = cache.get(awareness)
        if (!before || !samePeers(before, peers)) cache.set(awareness, peers)
        notify()
      }
      awareness.on('change', onChange)
      return () => awareness.off('change', onChange)
    },
    () => snapshot(awareness),
  )
}

/**
 * Publishes the colour this tab was given whenever it differs from the one it shows: the given
 * colour then stays when whoever had the chosen one leaves, instead of everybody's shifting back.
 * Returns the function that stops it.
 */
export function keepGivenColor(awareness: Awareness): () => void {
  const settle = () => {
    const user = (awareness.getLocalState() as { user?: PresenceUser } | null)?.user
    if (!user) return
    const given = presenceColors(awareness).get(personOf(awareness.clientID, user).key)
    if (given && given !== user.color) awareness.setLocalStateField('user', { ...user, color: given })
  }
  awareness.on('change', settle)
  settle()
  return () => awareness.off('change', settle)
}

/** One Y.Doc and its y-websocket provider per open document, created and destroyed together. */
import { useEffect, useState } from 'react'
import { ObservableV2 } from 'lib0/observable'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence, clearDocument } from 'y-indexeddb'
import { CloseCode } from '../../shared/collab.js'
import {
  EVENT_MESSAGE_TYPE,
  readServerEvent,
  type ServerEventOf,
  type ServerEventType,
} from '../../shared/collab-events.js'
import { ConnectionWatch } from './connection.js'

/** Listeners of the server's pushed events, one signature per event type. */
export type ServerEventListeners = { [T in ServerEventType]: (event: ServerEventOf<T>) => void }

export interface CollabSession {
  docId: string
  doc: Y.Doc
  provider: WebsocketProvider
  connection: ConnectionWatch
  /** This browser's copy of the document (IndexedDB): edits made offline survive a closed tab and merge on return. */
  local: LocalCopy
  /** The server's own events on the document socket (shared/collab-events.ts), by their `type`. */
  events: ObservableV2<ServerEventListeners>
}

/** ws(s)://host/collab: the provider appends `/<docId>`, which makes the server's `/collab/:id`. */
export function collabServerUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/collab`
}

/** IndexedDB name of a document's local copy: per user, so that two accounts on one browser never mix. */
export const localCopyName = (userId: string, docId: string): string => `jianyi:${userId}:${docId}`

/** Removes every local copy this browser keeps for `userId`, e.g. on sign-out on a shared computer. */
export async function clearLocalCopies(userId: string): Promise<void> {
  const prefix = localCopyName(userId, '')
  const databases = (await indexedDB.databases?.()) ?? []
  await Promise.all(databases.flatMap(({ name }) => (name?.startsWith(prefix) ? [clearDocument(name)] : [])))
}

/** What closeSession undoes besides the provider: the network listeners of each session. */
const teardown = new WeakMap<object, () => void>()

/** A session's parts that need no signed-in user: the Y.Doc, the socket, its watch and events. */
type Connected = Omit<CollabSession, 'local'>

/** The document's socket, opened at once (or when the network is back). */
function connect(docId: string): Connected {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(collabServerUrl(), docId, doc, {
    // Watch the connection before the first socket opens, so that an immediate refusal
    // (4404 for an unknown document) cannot slip past unseen.
    connect: false,
    // Every tab talks to the server itself: the server decides per socket who may write, and a
    // BroadcastChannel between tabs would carry edits around that decision.
    disableBc: true,
  })
  const connection = new ConnectionWatch(provider)
  const events = new ObservableV2<ServerEventListeners>()
  provider.messageHandlers[EVENT_MESSAGE_TYPE] = (_encoder, decoder) => {
    // An event this version does not understand is dropped; the document sync goes on.
    const event = readServerEvent(decoder)
    if (event) emit(events, event)
  }
  // The browser knows first when the network is gone: drop the socket instead of waiting for it
  // to time out (edits stay in the Y.Doc and IndexedDB), and reconnect at once when it is back.
  let resume = false
  const onOffline = () => {
    if (!provider.shouldConnect) return
    resume = true
    provider.disconnect()
  }
  const onOnline = () => {
    if (!resume) return
    resume = false
    provider.connect()
  }
  window.addEventListener('offline', onOffline)
  window.addEventListener('online', onOnline)
  if (navigator.onLine) provider.connect()
  else resume = true
  const connected = { docId, doc, provider, connection, events }
  teardown.set(connected, () => {
    window.removeEventListener('offline', onOffline)
    window.removeEventListener('online', onOnline)
  })
  return connected
}

/**
 * The socket main.tsx opened for the draft the page opens on, before it knew who is signed in
 * (the server decides that from the cookie, as for any socket): the draft syncs while the account,
 * the shell and the editor render, as the bare app's does. Unclaimed, it closes after a while.
 */
let early: { connected: Connected; timer: ReturnType<typeof setTimeout> } | null = null
const EARLY_KEEP_MS = 10_000

/** Opens the socket of `docId` now, for the editor page to take over (openSession); its provider. */
export function connectEarly(docId: string): WebsocketProvider {
  const connected = connect(docId)
  const timer = setTimeout(() => {
    if (early?.connected !== connected) return
    early = null
    closeConnected(connected)
  }, EARLY_KEEP_MS)
  early = { connected, timer }
  return connected.provider
}

/** The early socket of `docId` if it is still usable (not refused: signed out then, or no such draft). */
function takeEarly(docId: string): Connected | null {
  if (!early) return null
  const { connected, timer } = early
  early = null
  clearTimeout(timer)
  if (connected.docId === docId && connected.connection.get().kind !== 'refused') return connected
  closeConnected(connected)
  return null
}

/**
 * The document's copy in IndexedDB, joined to the Y.Doc when the page is first idle if the socket
 * is up (at once without a network, when the copy is all there is). Joining a synced draft stores
 * the whole document once (about 30 ms for 100,000 characters, Y.encodeStateAsUpdate), which would
 * otherwise fall between the draft's arrival and its first paint; what it holds merges as any
 * update does, and what was typed before it joined is in the document it stores.
 */
export class LocalCopy {
  private persistence: IndexeddbPersistence | null = null
  private idle: number | null = null
  private ended = false

  constructor(
    private readonly name: string,
    private readonly doc: Y.Doc,
  ) {
    if (navigator.onLine) this.idle = requestIdleCallback(() => this.join(), { timeout: 1000 })
    else this.join()
  }

  /** Joins now (the network went away before the idle period came). */
  join(): void {
    if (this.idle !== null) cancelIdleCallback(this.idle)
    this.idle = null
    if (this.ended || this.persistence) return
    this.persistence = new IndexeddbPersistence(this.name, this.doc)
  }

  /** Removes the copy from the browser and stops keeping one. */
  async clearData(): Promise<void> {
    this.end()
    if (this.persistence) await this.persistence.clearData()
    else await clearDocument(this.name)
  }

  /** Stops keeping the copy; pending writes are flushed before its database closes. */
  async destroy(): Promise<void> {
    this.end()
    await this.persistence?.destroy()
  }

  private end(): void {
    this.ended = true
    if (this.idle !== null) cancelIdleCallback(this.idle)
    this.idle = null
  }
}

export function openSession(docId: string, userId: string): CollabSession {
  const connected = takeEarly(docId) ?? connect(docId)
  const local = new LocalCopy(localCopyName(userId, docId), connected.doc)
  // Offline before the copy joined: it joins now, so that what is typed survives a closed tab.
  const joinOffline = () => local.join()
  window.addEventListener('offline', joinOffline)
  // A document this user may no longer see leaves no copy behind in the browser.
  connected.provider.on('closed', ({ code }) => {
    if (code === CloseCode.notFound || code === CloseCode.forbidden) void local.clearData()
  })
  const session = { ...connected, local }
  teardown.set(session, () => {
    window.removeEventListener('offline', joinOffline)
    teardown.get(connected)?.()
  })
  return session
}

/** Hands an event to the listeners of its type. */
function emit<T extends ServerEventType>(events: ObservableV2<ServerEventListeners>, event: ServerEventOf<T>): void {
  events.emit(event.type, [event] as Parameters<ServerEventListeners[T]>)
}

export function closeSession(session: CollabSession): void {
  // Pending writes of the local copy are flushed before its database closes.
  void session.local.destroy()
  closeConnected(session)
}

function closeConnected(connected: Connected): void {
  teardown.get(connected)?.()
  connected.events.destroy()
  connected.connection.destroy()
  // destroy() disconnects, which first tells the other peers that we left (awareness null).
  connected.provider.destroy()
  connected.doc.destroy()
}

/**
 * The session of `docId` for as long as the calling component is mounted; null during the
 * first render. Changing `docId` closes the old session and opens a new one.
 */
export function useCollabSession(docId: string, userId: string): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null)
  /** Bumped to start over from the server's document. */
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    const opened = openSession(docId, userId)
    setSession(opened)
    // The server refused an edit of ours (the document was approved as it was typed): the text
    // must not stay on screen, nor in the local copy that would offer it again. Both go, and a
    // fresh Y.Doc syncs with the server's document.
    let resetting = false
    opened.events.on('refused', () => {
      if (resetting) return
      resetting = true
      void opened.local.clearData().finally(() => setGeneration((g) => g + 1))
    })
    return () => {
      setSession(null)
      closeSession(opened)
    }
  }, [docId, userId, generation])
  return session?.docId === docId ? session : null
}

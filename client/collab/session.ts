/** One Y.Doc and its y-websocket provider per open document, created and destroyed together. */
import { useEffect, useState } from 'react'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { ConnectionWatch } from './connection.js'

export interface CollabSession {
  docId: string
  doc: Y.Doc
  provider: WebsocketProvider
  connection: ConnectionWatch
  /**
   * The server's own events on the document socket ('thread', 'workflow'…), each dispatched as a
   * CustomEvent named by its `type`, whose `detail` is the event's JSON.
   */
  events: EventTarget
}

/** y-websocket message type of the server's JSON events (messageEvent in server/collab/protocol.ts). */
const serverEventMessage = 100

/** ws(s)://host/collab: the provider appends `/<docId>`, which makes the server's `/collab/:id`. */
export function collabServerUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/collab`
}

export function openSession(docId: string): CollabSession {
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
  const events = new EventTarget()
  provider.messageHandlers[serverEventMessage] = (_encoder, decoder) => {
    let event: unknown
    try {
      event = JSON.parse(decoding.readVarString(decoder))
    } catch {
      return // Not ours to understand; the document sync goes on.
    }
    const type = (event as { type?: unknown } | null)?.type
    if (typeof type === 'string') events.dispatchEvent(new CustomEvent(type, { detail: event }))
  }
  provider.connect()
  return { docId, doc, provider, connection, events }
}

export function closeSession(session: CollabSession): void {
  session.connection.destroy()
  // destroy() disconnects, which first tells the other peers that we left (awareness null).
  session.provider.destroy()
  session.doc.destroy()
}

/**
 * The session of `docId` for as long as the calling component is mounted; null during the
 * first render. Changing `docId` closes the old session and opens a new one.
 */
export function useCollabSession(docId: string): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null)
  useEffect(() => {
    const opened = openSession(docId)
    setSession(opened)
    return () => {
      setSession(null)
      closeSession(opened)
    }
  }, [docId])
  return session?.docId === docId ? session : null
}

/**
 * A room is one open document: its live Y.Doc, awareness, and the sockets editing it.
 * Every update is appended to the document store before it is relayed to anyone.
 */
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { DocumentStore } from '../store/types.js'
import { CloseCode } from '../../shared/collab.js'
import type { Connection } from './connection.js'
import {
  assertValidUpdate,
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from './protocol.js'

/** Origin of the transaction that replays the stored state; it is neither persisted nor relayed. */
const loadOrigin = Symbol('load')

interface PendingUpdate {
  update: Uint8Array
  origin: unknown
}

export type Logger = (line: string) => void

export class Room {
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly connections = new Set<Connection>()
  private pending: PendingUpdate[] = []
  /** Resolves when everything pending at the time of the call is stored (and relayed). */
  private flushing: Promise<void> | null = null
  private broken = false

  private constructor(
    readonly docId: string,
    private readonly store: DocumentStore,
    private readonly log: Logger,
  ) {
    // The server holds no awareness state of its own.
    this.awareness.setLocalState(null)
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === loadOrigin) return
      this.pending.push({ update, origin })
      this.scheduleFlush()
    })
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  /** Loads the stored state of a document into a new room. */
  static async load(docId: string, store: DocumentStore, log: Logger): Promise<Room> {
    const room = new Room(docId, store, log)
    const updates = await store.load(docId)
    if (updates.length > 0) Y.applyUpdate(room.doc, Y.mergeUpdates(updates), loadOrigin)
    return room
  }

  /** Adds a socket and starts the sync handshake from the server's side. */
  join(conn: Connection): void {
    this.connections.add(conn)
    conn.send(encodeSyncStep1(this.doc))
    const states = [...this.awareness.getStates().keys()]
    if (states.length > 0) conn.send(encodeAwareness(this.awareness, states))
  }

  /** Removes a socket; its awareness states are removed and that removal broadcast. */
  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return
    if (conn.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessClients], null)
    }
  }

  /** Handles one frame; throws ProtocolError for malformed input (the caller closes that socket). */
  receive(conn: Connection, frame: Uint8Array): void {
    const message = decodeClientMessage(frame)
    switch (message.kind) {
      case 'sync-step1': {
        // Answer only with stored state: nothing reaches a peer before it is on disk.
        const reply = () => conn.send(encodeSyncStep2(this.doc, message.stateVector))
        if (this.pending.length === 0 && this.flushing === null) reply()
        else void this.whenStored().then(reply, () => {})
        return
      }
      case 'update': {
        assertValidUpdate(message.update)
        if (conn.readOnly) {
          this.log(`collab: dropped an update from read-only socket ${conn.label} on ${this.docId}`)
          return
        }
        Y.applyUpdate(this.doc, message.update, conn)
        return
      }
      case 'awareness':
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, conn)
        return
      case 'query-awareness':
        conn.send(encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]))
        return
    }
  }

  /** Resolves once every update received so far is stored. */
  async whenStored(): Promise<void> {
    while (this.flushing !== null || this.pending.length > 0) {
      if (this.flushing === null) this.scheduleFlush()
      await this.flushing
    }
  }

  get isBroken(): boolean {
    return this.broken
  }

  destroy(): void {
    this.awareness.off('update', this.onAwarenessUpdate)
    this.awareness.destroy()
    this.doc.destroy()
  }

  private scheduleFlush(): void {
    if (this.flushing !== null) return
    // One store write per event-loop turn, for every update that arrived in it.
    this.flushing = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush())
  }

  private async flush(): Promise<void> {
    const batch = this.pending
    this.pending = []
    try {
      if (batch.length > 0 && !this.broken) {
        await this.store.append(this.docId, batch.map((p) => p.update))
        this.relay(batch)
      }
    } catch (error) {
      this.fail(error as Error)
    } finally {
      this.flushing = null
      if (this.pending.length > 0) this.scheduleFlush()
    }
  }

  private relay(batch: PendingUpdate[]): void {
    for (const { update, origin } of batch) {
      const message = encodeUpdate(update)
      for (const conn of this.connections) if (conn !== origin) conn.send(message)
    }
  }

  /**
   * The store refused a write: nothing of this batch was relayed, and the clients still hold it.
   * Closing every socket with a retryable code makes them reconnect to a freshly loaded room and
   * send it again in their sync step 2.
   */
  private fail(error: Error): void {
    this.broken = true
    this.log(`collab: storing updates of ${this.docId} failed, closing its sockets: ${error.message}`)
    for (const conn of this.connections) conn.close(CloseCode.internalError, 'storage failure')
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const changed = added.concat(updated, removed)
    const from = this.connections.has(origin as Connection) ? (origin as Connection) : null
    if (from) {
      for (const id of added) from.awarenessClients.add(id)
      for (const id of removed) from.awarenessClients.delete(id)
    }
    const message = encodeAwareness(this.awareness, changed)
    for (const conn of this.connections) if (conn !== origin) conn.send(message)
  }
}

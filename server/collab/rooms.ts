/** The live rooms of this process: a room is loaded on first join and stored and unloaded on last leave. */
import {
  matchesFilter,
  type LiveSockets,
  type ServerChange,
  type SocketFilter,
  type SocketInfo,
} from '../domain/deps.js'
import { CloseCode } from '../../shared/collab.js'
import { encodeServerEvent, type ServerEvent } from '../../shared/collab-events.js'
import * as Y from 'yjs'
import { applyUpdates } from '../store/merge-updates.js'
import type { Connection } from './connection.js'
import type { ControlMessage } from './fanout.js'
import { serverOrigin } from './origins.js'
import { RecentAdmissions } from './recent-admissions.js'
import { Room, type RoomDeps } from './room.js'
import type { Actor } from '../policy.js'
import type { DocumentAccess } from '../../shared/schema.js'
import { defaultSocketLimits, type SocketLimits } from '../config.js'

/** Adds `by` to a count, removing it at zero so that the map holds only open sockets. */
function count(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by
  if (next <= 0) counts.delete(key)
  else counts.set(key, next)
}

export class Rooms implements LiveSockets {
  private readonly open = new Map<string, Promise<Room>>()
  /** The room each open promise resolved to, so that a stale room never unloads its successor. */
  private readonly loaded = new Map<string, Room>()
  /** Rooms being stored after their last socket left; a new join waits for them. */
  private readonly closing = new Map<string, Promise<void>>()
  /** Every socket from the start of its join to its leave, including those waiting for a room to load. */
  private readonly sockets = new Set<Connection>()
  /** Open sockets per user and per document, for the caps of SocketLimits. */
  private readonly perUser = new Map<string, number>()
  private readonly perDocument = new Map<string, number>()
  /**
   * The upgrades' answers of the last second (upgrade.ts). Every change of rights reaches the rooms
   * of every instance as a control message below, and empties it.
   */
  readonly admissions = new RecentAdmissions<Actor, { access: DocumentAccess }>()

  constructor(
    private readonly deps: RoomDeps,
    private readonly limits: Pick<SocketLimits, 'socketsPerUser' | 'socketsPerDocument'> = defaultSocketLimits,
  ) {
    const { fanout } = deps
    if (fanout) {
      fanout.onControl((message) => this.applyControl(message))
      // Whatever was published while the broker was away is lost: read documents and statuses again.
      fanout.onReconnected(() => {
        for (const room of this.loaded.values()) {
          Promise.all([room.reload(), room.readStatus()]).catch((error: Error) =>
            deps.log(`collab: reloading ${room.docId} after reconnecting failed: ${error.message}`),
          )
        }
      })
    }
  }

  /**
   * Joins a socket to the document's room, loading the room if needed. A socket over the user's or
   * the document's cap is closed with 4429 instead, and null returned.
   */
  async join(docId: string, conn: Connection): Promise<Room | null> {
    const refusal =
      (this.perUser.get(conn.userId) ?? 0) >= this.limits.socketsPerUser
        ? `a user may have ${this.limits.socketsPerUser} open sockets`
        : (this.perDocument.get(docId) ?? 0) >= this.limits.socketsPerDocument
          ? `a document may have ${this.limits.socketsPerDocument} open sockets`
          : null
    if (refusal) {
      this.deps.log(`collab: refused socket ${conn.label} on ${docId}: ${refusal}`)
      conn.close(CloseCode.tooManySockets, refusal)
      return null
    }
    this.sockets.add(conn)
    count(this.perUser, conn.userId, 1)
    count(this.perDocument, docId, 1)
    // An open room is joined at once, in the caller's turn: its step 1 can leave with the upgrade's answer.
    const open = this.loaded.get(docId)
    if (open && !open.stale && !this.closing.has(docId) && this.open.has(docId)) {
      open.join(conn)
      return open
    }
    const room = await this.acquire(docId)
    if (conn.closed) {
      this.forget(conn)
      if (room.connections.size === 0) this.unload(docId, room)
      return room
    }
    room.join(conn)
    return room
  }

  private forget(conn: Connection): void {
    if (!this.sockets.delete(conn)) return
    count(this.perUser, conn.userId, -1)
    count(this.perDocument, conn.docId, -1)
  }

  /** The document's live room, loaded if needed. Callers must join or release it in the same turn. */
  private async acquire(docId: string): Promise<Room> {
    for (;;) {
      await this.closing.get(docId)
      let loading = this.open.get(docId)
      if (!loading) {
        const current: Promise<Room> = Room.load(docId, this.deps).then(
          (room) => {
            if (this.open.get(docId) === current) this.loaded.set(docId, room)
            return room
          },
          (error: unknown) => {
            if (this.open.get(docId) === current) this.open.delete(docId)
            throw error
          },
        )
        loading = current
        this.open.set(docId, loading)
      }
      const room = await loading
      // The room may have been unloaded while we waited; then load a fresh one.
      if (this.open.get(docId) !== loading) continue
      // A room that no longer matches the store is never joined; its sockets are on their way out.
      if (room.stale) {
        this.unload(docId, room)
        continue
      }
      return room
    }
  }

  /**
   * Changes the document on the server's behalf (a restore, an approval) as one transaction: it is
   * stored and relayed to every open editor like any client's update.
   */
  async changeDocument(docId: string, kind: ServerChange, change: (doc: Y.Doc) => void): Promise<void> {
    const room = await this.acquire(docId)
    try {
      room.changeAsServer(serverOrigin(kind), change)
      await room.whenStored()
    } finally {
      if (room.connections.size === 0) this.unload(docId, room)
    }
  }

  /** Removes a socket; the last one out stores and unloads the room. */
  leave(room: Room | null, conn: Connection): void {
    this.forget(conn)
    if (!room) return
    room.leave(conn)
    if (room.connections.size === 0) this.unload(room.docId, room)
  }

  /** Closes every socket of a document, on every instance (for example when it is deleted), and unloads it. */
  async closeDocument(docId: string, code: number, reason: string): Promise<void> {
    await this.everywhere({ kind: 'closeDocument', docId, code, reason })
  }

  private async closeLocally(docId: string, code: number, reason: string): Promise<void> {
    await this.open.get(docId)?.catch(() => undefined)
    const room = this.loaded.get(docId)
    if (!room) return
    for (const conn of room.connections) conn.close(code, reason)
    this.unload(docId, room)
    await this.closing.get(docId)
  }

  async statusChanged(docId: string): Promise<void> {
    await this.everywhere({ kind: 'status', docId })
  }

  async closeWhere(filter: SocketFilter, code: number, reason: string): Promise<void> {
    await this.everywhere({ kind: 'close', filter, code, reason })
  }

  /** The open sockets of this process, for re-checking their sessions and rights. */
  openSockets(): SocketInfo[] {
    return [...this.sockets].filter((conn) => !conn.closed)
  }

  async readDocument<T>(docId: string, read: (doc: Y.Doc) => T): Promise<T> {
    await this.open.get(docId)?.catch(() => undefined)
    const live = this.loaded.get(docId)
    if (live && !live.stale) return read(live.doc)
    const doc = new Y.Doc()
    try {
      const updates = await this.deps.store.load(docId)
      applyUpdates(doc, updates)
      return read(doc)
    } finally {
      doc.destroy()
    }
  }

  async broadcast(docId: string, event: ServerEvent): Promise<void> {
    await this.everywhere({ kind: 'event', docId, event })
  }

  /** Applies a control message here and sends it to the other instances. */
  private async everywhere(message: ControlMessage): Promise<void> {
    await this.applyControl(message)
    await this.deps.fanout?.publishControl(message).catch((error: Error) => {
      this.deps.log(`collab: sending ${message.kind} to the other instances failed: ${error.message}`)
    })
  }

  private async applyControl(message: ControlMessage): Promise<void> {
    // Sockets closed for a change of rights, or a document whose status changed: what was admitted
    // before it is not admitted again from memory.
    if (message.kind !== 'event') this.admissions.forget()
    switch (message.kind) {
      case 'close':
        for (const conn of this.sockets)
          if (matchesFilter(conn, message.filter)) conn.close(message.code, message.reason)
        return
      case 'closeDocument':
        await this.closeLocally(message.docId, message.code, message.reason)
        return
      case 'status':
        await this.open.get(message.docId)?.catch(() => undefined)
        await this.loaded.get(message.docId)?.readStatus()
        return
      case 'event': {
        const room = this.loaded.get(message.docId)
        if (!room) return
        const frame = encodeServerEvent(message.event)
        for (const conn of room.connections) conn.send(frame)
        return
      }
    }
  }

  /** Stores every room and closes every socket (server shutdown). */
  async closeAll(): Promise<void> {
    await Promise.allSettled(this.open.values())
    for (const [docId, room] of this.loaded) {
      for (const conn of room.connections) conn.close(CloseCode.goingAway, 'server shutting down')
      this.unload(docId, room)
    }
    await Promise.all(this.closing.values())
  }

  private unload(docId: string, room: Room): void {
    if (this.loaded.get(docId) !== room) return
    this.loaded.delete(docId)
    this.open.delete(docId)
    const done = room
      .whenStored()
      .catch((error: Error) => this.deps.log(`collab: storing ${docId} on unload failed: ${error.message}`))
      .finally(() => {
        room.destroy()
        if (this.closing.get(docId) === done) this.closing.delete(docId)
      })
    this.closing.set(docId, done)
  }
}

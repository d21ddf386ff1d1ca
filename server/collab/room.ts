/**
 * A room is one open document: its live Y.Doc, awareness, and the sockets editing it.
 * Every update is appended to the document store before it is relayed to anyone — to this
 * instance's sockets and, in a scale-out deployment, to the other instances.
 */
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { encodeServerEvent } from '../../shared/collab-events.js'
import type { DocumentStore } from '../store/types.js'
import { applyUpdates } from '../store/merge-updates.js'
import type { Connection } from './connection.js'
import type { Health } from '../domain/health.js'
import type { DocumentMessage, FanOut } from '../store/fanout.js'
import type { ControlMessage } from './fanout.js'
import {
  isServerOrigin,
  loadOrigin,
  remoteOrigin,
  type AwarenessOrigin,
  type DocumentOrigin,
  type ServerOrigin,
} from './origins.js'
import { CloseCode } from '../../shared/collab.js'
import {
  addsToDocument,
  assertValidUpdate,
  decodeClientMessage,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeUpdate,
  filterAwarenessUpdate,
} from './protocol.js'
import { SyncAnswers } from './sync-answers.js'

interface PendingUpdate {
  update: Uint8Array
  /** A socket's or the server's own; remote and load changes are never stored here. */
  origin: Connection | ServerOrigin
}

type Logger = (line: string) => void

export interface RoomDeps {
  store: DocumentStore
  fanout: FanOut<ControlMessage> | null
  health: Health
  log: Logger
  /** Lines for whoever is chasing a problem (LOG_LEVEL=debug); dropped otherwise. */
  debug?: Logger
  /** Whether the document takes edits now (it exists and is not approved): the metadata store's answer. */
  acceptsEdits: (docId: string) => Promise<boolean>
}

/** The one frame that tells a socket an edit of its own was not taken. */
const refusedFrame = encodeServerEvent({ type: 'refused' })

/** A socket with edit rights that was refused on a locked room makes it re-read the status, at most this often. */
const statusRecheckMs = 1000

/**
 * The official provider drops a connection that has brought it nothing for 30 s, and a lone editor
 * hears nothing from anyone: a caret renewal (every 15 s) from a socket that was sent nothing for
 * this long is echoed back to it, so it stays connected without any timer on the server.
 */
const keepAliveMs = 10_000

/** Waits between attempts to store while the store is failing: 0.25 s doubling to 5 s. */
const retryDelay = (attempt: number) => Math.min(250 * 2 ** attempt, 5000)

/** The update a peer sends as its sync step 2 when it holds nothing the room lacks and has deleted nothing. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0
}

/** Whether a transaction changed the document: what Yjs checks before it emits 'update'. */
function changedBy(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true
  return false
}

export class Room {
  readonly doc: Y.Doc
  readonly awareness: awarenessProtocol.Awareness
  private readonly answers: SyncAnswers
  readonly connections = new Set<Connection>()
  /** Who speaks for each awareness client id: a socket here, or another instance. */
  private readonly awarenessOwners = new Map<number, Connection | typeof remoteOrigin>()
  private pending: PendingUpdate[] = []
  /** Set while a store write (or the wait before retrying one) is under way. */
  private flushing: Promise<void> | null = null
  private failedAttempts = 0
  private destroyed = false
  /**
   * The document's workflow status as last read: no socket's update is applied while it is locked.
   * Read on load, again on every workflow change (Rooms.statusChanged, on every instance); the
   * store's conditional append catches the change an instance missed.
   */
  private acceptsEdits = true
  private statusRead: Promise<void> | null = null
  private statusReadAt = 0
  private sweptAt = 0
  /**
   * Set when the store refused a batch already applied to this Y.Doc (an approval this instance had
   * not heard of): the room no longer matches the store, and is never joined again.
   */
  stale = false

  private constructor(
    readonly docId: string,
    private readonly deps: RoomDeps,
  ) {
    // Named by the document: a random guid would cost 31 calls to the system's random source per room.
    this.doc = new Y.Doc({ gc: true, guid: docId })
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.answers = new SyncAnswers(this.doc)
    // The server holds no awareness state of its own.
    this.awareness.setLocalState(null)
    // y-protocols runs a 3-second timer per Awareness, to renew a local state (the server has none)
    // and to drop states not renewed for 30 s. With it, every open document costs CPU while nothing
    // happens; states of this instance's sockets go when the socket closes, and the rest (a hung
    // peer, a vanished instance) are swept when someone joins or speaks (sweepOutdated).
    clearInterval((this.awareness as unknown as { _checkInterval: NodeJS.Timeout })._checkInterval)
    // No 'update' listener, except around the server's own changes (`encodingUpdates`): with one,
    // Yjs encodes every transaction's change again, though a socket's update arrived encoded.
    this.doc.on('afterTransaction', this.afterTransaction)
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  /**
   * The update being applied, as it arrived from a socket or another instance: what is stored and
   * relayed, rather than the same change encoded again from the transaction (about 5 % of the CPU an
   * edit costs). It is the same change, give or take what the document held already, which
   * applying twice leaves as it is; and structs still waiting for a predecessor (Yjs keeps them
   * pending) are stored with the update that brought them.
   */
  private applying: { update: Uint8Array; origin: Connection | typeof remoteOrigin } | null = null
  /** Set while Yjs encodes the changes itself (the 'update' listener is on): see `encodingUpdates`. */
  private encoding = false

  private readonly afterTransaction = (transaction: Y.Transaction): void => {
    if (this.encoding) return
    const { origin } = transaction
    if (origin === loadOrigin) {
      // Whatever was encoded before is out of date, by however much.
      this.answers.changed(Infinity)
      return
    }
    const applying = this.applying
    if (applying !== null && origin === applying.origin) {
      const store = this.doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown }
      if (changedBy(transaction) || store.pendingStructs !== null || store.pendingDs !== null)
        this.changed(applying.update, origin)
      return
    }
    // A change made outside the paths above (none does today): encoded from the state before it.
    if (changedBy(transaction))
      this.changed(Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(transaction.beforeState)), origin)
  }

  private readonly onUpdate = (update: Uint8Array, origin: DocumentOrigin): void => this.changed(update, origin)

  /** Runs `change` with Yjs encoding each transaction's change (a few a day: restores, approvals, a reload). */
  private encodingUpdates<T>(change: () => T): T {
    this.doc.on('update', this.onUpdate)
    this.encoding = true
    try {
      return change()
    } finally {
      this.encoding = false
      this.doc.off('update', this.onUpdate)
    }
  }

  /** Applies a socket's or another instance's update, taking its bytes as the change (`applying`). */
  private applyAsReceived(update: Uint8Array, origin: Connection | typeof remoteOrigin): void {
    this.applying = { update, origin }
    try {
      Y.applyUpdate(this.doc, update, origin)
    } finally {
      this.applying = null
    }
  }

  /** A change of the document: stored then relayed, relayed only, or neither, by its origin (origins.ts). */
  private changed(update: Uint8Array, origin: DocumentOrigin): void {
    this.answers.changed(update.length)
    if (origin === loadOrigin) return
    if (origin === remoteOrigin) {
      this.relay([{ update, origin }])
      return
    }
    this.pending.push({ update, origin: origin as Connection | ServerOrigin })
    this.scheduleFlush()
  }

  /** The server's own change of the document, as one transaction, stored and relayed like an edit. */
  changeAsServer(origin: ServerOrigin, change: (doc: Y.Doc) => void): void {
    this.encodingUpdates(() => this.doc.transact(() => change(this.doc), origin))
  }

  /**
   * Loads the stored state of a document into a new room. With fan-out, the room subscribes
   * first and applies what arrived meanwhile after the load, so nothing stored by another
   * instance between the load and the subscription is missed.
   */
  static async load(docId: string, deps: RoomDeps): Promise<Room> {
    const room = new Room(docId, deps)
    let early: DocumentMessage[] | null = []
    if (deps.fanout) {
      await deps.fanout.subscribe(docId, (message) => {
        if (early) early.push(message)
        else room.receiveRemote(message)
      })
    }
    try {
      await room.reload(loadOrigin)
      await room.readStatus()
    } catch (error) {
      await deps.fanout?.unsubscribe(docId)
      throw error
    }
    const arrived = early
    early = null
    for (const message of arrived) room.receiveRemote(message)
    room.publishRemote({ kind: 'awareness-query', docId, payload: new Uint8Array() })
    return room
  }

  /** Applies everything the store holds (Yjs ignores what the document already has). */
  async reload(origin: typeof loadOrigin | typeof remoteOrigin = remoteOrigin): Promise<void> {
    const updates = await this.deps.store.load(this.docId)
    if (updates.length === 0 || this.destroyed) return
    // A load changes nothing to store or relay; a reload relays what this room lacked, encoded by Yjs.
    if (origin === loadOrigin) applyUpdates(this.doc, updates, origin)
    else this.encodingUpdates(() => applyUpdates(this.doc, updates, origin))
  }

  /** Reads the workflow status again, once at a time; edits wait for nothing meanwhile. */
  readStatus(): Promise<void> {
    this.statusRead ??= this.deps
      .acceptsEdits(this.docId)
      .then((accepts) => {
        this.acceptsEdits = accepts && !this.stale
      })
      .finally(() => {
        this.statusRead = null
        this.statusReadAt = Date.now()
      })
    return this.statusRead
  }

  /** Adds a socket and starts the sync handshake from the server's side. */
  join(conn: Connection): void {
    this.connections.add(conn)
    conn.send(this.answers.syncStep1())
    this.sweepOutdated()
    const states = [...this.awareness.getStates().keys()]
    if (states.length > 0) conn.send(encodeAwareness(this.awareness, states))
  }

  /** Removes a socket; its awareness states are removed and that removal broadcast. */
  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return
    if (conn.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessClients], conn)
    }
  }

  /** Handles one frame; throws ProtocolError for malformed input (the caller closes that socket). */
  receive(conn: Connection, frame: Uint8Array): void {
    const message = decodeClientMessage(frame)
    switch (message.kind) {
      case 'sync-step1': {
        // The whole document is the largest answer: one at a time per socket. It is encoded once
        // per change of the document, however many ask (sync-answers.ts).
        if (!conn.startAnswer('sync', () => this.receive(conn, frame))) return
        // Answer only with stored state: nothing reaches a peer before it is stored.
        const reply = () => conn.finishAnswer('sync', this.answers.syncStep2(message.stateVector))
        if (this.pending.length === 0 && this.flushing === null) reply()
        else void this.whenStored().then(reply, () => {})
        return
      }
      case 'update': {
        // The step 2 of every fresh client: nothing to apply, drop, or check.
        if (isEmptyUpdate(message.update)) return
        // Y.applyUpdate integrates the structs before it reads the delete set, so a frame whose tail
        // is garbage would land half-applied before throwing; decoding it whole first costs one pass.
        assertValidUpdate(message.update)
        if (conn.readOnly || !this.acceptsEdits) {
          this.refuse(conn, message.update)
          return
        }
        this.applyAsReceived(message.update, conn)
        return
      }
      case 'awareness': {
        // A socket speaks only for the client ids it introduced: the first state it sends for an
        // id nobody holds claims it. Entries for others' ids are dropped without a word, because
        // the official provider echoes every state it receives back to the server.
        const own = filterAwarenessUpdate(message.update, (id) => (this.awarenessOwners.get(id) ?? conn) === conn)
        if (own) {
          this.sweepOutdated()
          awarenessProtocol.applyAwarenessUpdate(this.awareness, own, conn)
          // Its own state again: the provider takes it as a message and changes nothing.
          if (Date.now() - conn.lastSentAt >= keepAliveMs) conn.send(encodeAwarenessUpdate(own))
        }
        return
      }
      case 'query-awareness':
        if (conn.startAnswer('awareness', () => this.receive(conn, frame))) {
          conn.finishAnswer('awareness', encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]))
        }
        return
    }
  }

  /**
   * Drops an update of a socket that may not write (read-only, or the document approved). If it
   * holds anything the room lacks, the socket is told, so that its editor drops it too — a sync
   * step 2 that brings nothing new is not worth a word.
   */
  private refuse(conn: Connection, update: Uint8Array): void {
    // Every read-only socket sends its state when it opens: one line per socket, and only at debug level.
    if (!conn.refusalLogged) {
      conn.refusalLogged = true
      const why = conn.readOnly ? 'read-only socket' : 'socket on an approved document'
      this.deps.debug?.(
        `collab: dropped an update from ${why} ${conn.label} on ${this.docId} (the next ones of this socket go unmentioned)`,
      )
    }
    if (addsToDocument(this.doc, update)) conn.send(refusedFrame)
    // An instance that missed a reopening would keep refusing those who may write again.
    if (!conn.readOnly && !this.stale && Date.now() - this.statusReadAt > statusRecheckMs) {
      this.readStatus().catch((error: Error) =>
        this.deps.log(`collab: reading the status of ${this.docId} failed: ${error.message}`),
      )
    }
  }

  /**
   * The store refused a batch that this Y.Doc already holds: the document was approved, and this
   * instance had not heard. Nothing of it was relayed. The senders are told, every socket is sent
   * away to reconnect (with its rights of now), and the room is left to unload; the next join
   * loads what the store holds.
   */
  private diverged(batch: PendingUpdate[]): void {
    this.stale = true
    this.acceptsEdits = false
    this.pending = []
    this.deps.log(
      `collab: the store refused ${batch.length} update(s) of ${this.docId}: it was approved meanwhile; reloading the room`,
    )
    for (const { origin } of batch) if (!isServerOrigin(origin)) origin.send(refusedFrame)
    for (const conn of this.connections) conn.close(CloseCode.rightsChanged, 'document approved')
  }

  /**
   * Removes the states nobody renewed for 30 s (what y-protocols' timer would have removed), at
   * most once a second: a peer whose socket hangs without closing, or the carets of an instance
   * that vanished.
   */
  private sweepOutdated(): void {
    const now = Date.now()
    if (now - this.sweptAt < 1000) return
    this.sweptAt = now
    const outdated: number[] = []
    for (const [id, meta] of this.awareness.meta) {
      if (now - meta.lastUpdated >= awarenessProtocol.outdatedTimeout && this.awareness.states.has(id))
        outdated.push(id)
    }
    if (outdated.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, outdated, 'timeout')
  }

  /** Resolves once every update received so far is stored. */
  async whenStored(): Promise<void> {
    while (this.flushing !== null || this.pending.length > 0) {
      if (this.flushing === null) this.scheduleFlush()
      await this.flushing
    }
  }

  destroy(): void {
    this.destroyed = true
    this.awareness.off('update', this.onAwarenessUpdate)
    this.doc.off('afterTransaction', this.afterTransaction)
    this.awareness.destroy()
    this.doc.destroy()
    this.deps.fanout
      ?.unsubscribe(this.docId)
      .catch((error: Error) => this.deps.log(`collab: unsubscribing ${this.docId}: ${error.message}`))
  }

  private receiveRemote(message: DocumentMessage): void {
    if (this.destroyed) return
    try {
      if (message.kind === 'update') this.applyAsReceived(message.payload, remoteOrigin)
      else if (message.kind === 'awareness')
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.payload, remoteOrigin)
      else {
        const ours = [...this.connections].flatMap((conn) => [...conn.awarenessClients])
        if (ours.length > 0) {
          this.publishRemote({
            kind: 'awareness',
            docId: this.docId,
            payload: awarenessProtocol.encodeAwarenessUpdate(this.awareness, ours),
          })
        }
      }
    } catch (error) {
      this.deps.log(
        `collab: ignoring a malformed ${message.kind} from another instance on ${this.docId}: ${(error as Error).message}`,
      )
    }
  }

  private scheduleFlush(delayMs = 0): void {
    if (this.flushing !== null) return
    // One store write per event-loop turn, for every update that arrived in it.
    const wait = new Promise<void>((resolve) => (delayMs === 0 ? setImmediate(resolve) : setTimeout(resolve, delayMs)))
    this.flushing = wait.then(() => this.flush())
  }

  private async flush(): Promise<void> {
    const batch = this.pending
    this.pending = []
    let retryIn = 0
    try {
      if (batch.length > 0) {
        // Editors' updates are stored only while the document is not approved, as the store reads it
        // now; a change of the server's own (the approval itself, a restore) is stored regardless.
        const stored = await this.deps.store.append(
          this.docId,
          batch.map((p) => p.update),
          { unlessApproved: !batch.some((p) => isServerOrigin(p.origin)), state: this.storedState },
        )
        if (!stored) {
          this.diverged(batch)
          return
        }
        if (this.failedAttempts > 0) {
          this.deps.log(`collab: storing ${this.docId} works again after ${this.failedAttempts} failed attempt(s)`)
          this.deps.health.clear(`store:${this.docId}`)
        }
        this.failedAttempts = 0
        this.deliver(batch)
      }
    } catch (error) {
      // Nothing of this batch was relayed; it stays in memory, first in line, and is tried again.
      this.pending = batch.concat(this.pending)
      retryIn = retryDelay(this.failedAttempts++)
      const problem = `storing updates of ${this.docId} failed (${(error as Error).message}); ${this.pending.length} update(s) kept in memory, retrying in ${retryIn} ms`
      this.deps.health.report(`store:${this.docId}`, problem)
      this.deps.log(`collab: ${problem}`)
    } finally {
      this.flushing = null
      if (this.pending.length > 0 && !this.destroyed) this.scheduleFlush(retryIn)
    }
  }

  /**
   * The document's state for a store that folds its log (AppendOptions.state): this Y.Doc holds what
   * was loaded and every batch stored since, and nothing else while no update waits to be stored.
   */
  private readonly storedState = (): Uint8Array | null =>
    this.pending.length === 0 && !this.stale && !this.destroyed ? Y.encodeStateAsUpdate(this.doc) : null

  private relay(batch: readonly { update: Uint8Array; origin: DocumentOrigin }[]): void {
    for (const { update, origin } of batch) {
      const message = encodeUpdate(update)
      for (const conn of this.connections) if (conn !== origin) conn.send(message)
    }
  }

  /**
   * Sends a stored batch on: every update to every socket but its sender's, each socket's share
   * handed to the kernel in one write (Connection.sendAll), so that a socket costs one send per
   * event-loop turn however many updates the turn brought. The updates are encoded once each and
   * not merged: Y.mergeUpdates cost more than all the frames of a turn (7 % of the server's CPU at
   * 1,000 edits/s), and merged frames went back to their senders too. Other instances get one
   * merged update per batch.
   */
  private deliver(batch: PendingUpdate[]): void {
    if (batch.length === 1) {
      this.relay(batch)
      this.publishRemote({ kind: 'update', docId: this.docId, payload: batch[0].update })
      return
    }
    const frames = batch.map(({ update, origin }) => ({ frame: encodeUpdate(update), origin }))
    for (const conn of this.connections) conn.sendAll(frames)
    if (this.deps.fanout) {
      const merged = Y.mergeUpdates(batch.map((p) => p.update))
      this.publishRemote({ kind: 'update', docId: this.docId, payload: merged })
    }
  }

  private publishRemote(message: DocumentMessage): void {
    this.deps.fanout?.publish(message).catch((error: Error) => {
      this.deps.log(`collab: publishing ${message.kind} of ${this.docId} failed: ${error.message}`)
    })
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: AwarenessOrigin,
  ) => {
    const changed = added.concat(updated, removed)
    const from = typeof origin === 'object' && this.connections.has(origin) ? origin : null
    const owner = from ?? (origin === remoteOrigin ? remoteOrigin : null)
    for (const id of added) {
      if (owner) this.awarenessOwners.set(id, owner)
      from?.awarenessClients.add(id)
    }
    for (const id of removed) {
      // Removed by its socket, by its socket leaving, or by another instance.
      const was = this.awarenessOwners.get(id)
      if (was && was !== remoteOrigin) was.awarenessClients.delete(id)
      this.awarenessOwners.delete(id)
    }
    const message = encodeAwareness(this.awareness, changed)
    for (const conn of this.connections) if (conn !== origin) conn.send(message)
    // Carets of this instance's clients cross to the others; what came from there does not go back.
    if (origin !== remoteOrigin && this.deps.fanout) {
      this.publishRemote({
        kind: 'awareness',
        docId: this.docId,
        payload: awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
      })
    }
  }
}

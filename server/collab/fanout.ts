/**
 * Fan-out between instances of a scale-out deployment: document updates and awareness cross to
 * the other instances' rooms, and control messages (close these sockets, push this event) reach
 * every instance's sockets. The embedded deployment has one instance and no fan-out.
 */
import type { ServerEvent } from '../../shared/collab-events.js'
import type { SocketFilter } from '../domain/deps.js'

/**
 * `awareness-query` asks the other instances for the carets of their clients on a document (sent
 * by a room that just loaded, which would otherwise see them only at their next renewal).
 */
export type DocumentMessage = { kind: 'update' | 'awareness' | 'awareness-query'; docId: string; payload: Uint8Array }

export type ControlMessage =
  | { kind: 'close'; filter: SocketFilter; code: number; reason: string }
  | { kind: 'closeDocument'; docId: string; code: number; reason: string }
  | { kind: 'event'; docId: string; event: ServerEvent }

export interface FanOut {
  /**
   * Starts receiving a document's messages from other instances. Resolves once subscribed, so that
   * a room subscribing before it loads misses nothing stored after its load.
   */
  subscribe(docId: string, listener: (message: DocumentMessage) => void): Promise<void>
  unsubscribe(docId: string): Promise<void>
  /** Sends to the other instances (never back to this one). */
  publish(message: DocumentMessage): Promise<void>
  publishControl(message: ControlMessage): Promise<void>
  onControl(listener: (message: ControlMessage) => void): void
  /**
   * Called after the connection to the broker came back: messages sent meanwhile are lost, so
   * every open room reloads what the store holds.
   */
  onReconnected(listener: () => void): void
  /** Null when healthy, otherwise what is wrong. */
  problem(): string | null
  close(): Promise<void>
}

/**
 * Fan-out between instances of a scale-out deployment: document updates and awareness cross to
 * the other instances' rooms, and control messages reach every instance. The broker carries a
 * control message as JSON without reading it; what the messages say is the rooms' business
 * (collab/fanout.ts). The embedded deployment has one instance and no fan-out.
 */

/**
 * `awareness-query` asks the other instances for the carets of their clients on a document (sent
 * by a room that just loaded, which would otherwise see them only at their next renewal).
 */
export type DocumentMessage = { kind: 'update' | 'awareness' | 'awareness-query'; docId: string; payload: Uint8Array }

export interface FanOut<Control> {
  /**
   * Starts receiving a document's messages from other instances. Resolves once subscribed, so that
   * a room subscribing before it loads misses nothing stored after its load.
   */
  subscribe(docId: string, listener: (message: DocumentMessage) => void): Promise<void>
  unsubscribe(docId: string): Promise<void>
  /** Sends to the other instances (never back to this one). */
  publish(message: DocumentMessage): Promise<void>
  publishControl(message: Control): Promise<void>
  onControl(listener: (message: Control) => void): void
  /**
   * Called after the connection to the broker came back: messages sent meanwhile are lost, so
   * every open room reloads what the store holds.
   */
  onReconnected(listener: () => void): void
  /** Null when healthy, otherwise what is wrong. */
  problem(): string | null
  close(): Promise<void>
}

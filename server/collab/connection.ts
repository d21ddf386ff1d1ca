/** One client socket in a room: what it may do, and the awareness clients it speaks for. */
import type { WSContext } from 'hono/ws'

export class Connection {
  /** Awareness client ids announced over this socket, removed when it closes. */
  readonly awarenessClients = new Set<number>()
  closed = false

  constructor(
    readonly socket: WSContext,
    readonly docId: string,
    readonly userId: string,
    readonly sessionIdHash: string,
    /** Read-only sockets are answered but every update they send is dropped. */
    readonly readOnly: boolean,
    readonly label: string,
  ) {}

  send(message: Uint8Array): void {
    // A socket that is closing still gets queued frames in `ws`; sending after close would throw.
    if (this.closed || this.socket.readyState !== 1) return
    this.socket.send(message as Uint8Array<ArrayBuffer>)
  }

  close(code: number, reason: string): void {
    if (this.closed) return
    this.closed = true
    this.socket.close(code, reason)
  }
}

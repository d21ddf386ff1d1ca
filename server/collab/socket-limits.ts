/**
 * What one collaboration socket may cost the server: how much may wait in its send buffer, how fast
 * it may send, and how many sockets one user and one document may hold. One hostile or stalled
 * socket is cut off or slowed alone; everyone else's latency stays as it was.
 */

export interface SocketLimits {
  /** Bytes that may wait unsent for one socket (a reader that stopped reading); past it: close 1013. */
  bufferBytes: number
  /** Frames and bytes a socket may send per second (one second's worth may come at once). */
  messagesPerSecond: number
  bytesPerSecond: number
  /** Sockets of one user, and on one document, in this process; one more is refused with 4429. */
  socketsPerUser: number
  socketsPerDocument: number
}

export const defaultSocketLimits: SocketLimits = {
  bufferBytes: 4 * 1024 * 1024,
  messagesPerSecond: 200,
  bytesPerSecond: 2 * 1024 * 1024,
  socketsPerUser: 20,
  socketsPerDocument: 200,
}

/**
 * Token buckets of one socket's frames and bytes. A socket over its rate is not closed, and nothing
 * it sent is dropped: the server stops reading from it until the budget has refilled, so its
 * frames wait in TCP on its side.
 */
export class SendBudget {
  private messages: number
  private bytes: number
  private at = performance.now()

  constructor(private readonly limits: Pick<SocketLimits, 'messagesPerSecond' | 'bytesPerSecond'>) {
    this.messages = limits.messagesPerSecond
    this.bytes = limits.bytesPerSecond
  }

  /** Charges one frame of `length` bytes; returns how many ms to stop reading (0: read on). */
  charge(length: number): number {
    const { messagesPerSecond, bytesPerSecond } = this.limits
    const now = performance.now()
    const elapsed = (now - this.at) / 1000
    this.at = now
    this.messages = Math.min(messagesPerSecond, this.messages + elapsed * messagesPerSecond) - 1
    this.bytes = Math.min(bytesPerSecond, this.bytes + elapsed * bytesPerSecond) - length
    const owed = Math.max(-this.messages / messagesPerSecond, -this.bytes / bytesPerSecond)
    return owed > 0 ? Math.ceil(owed * 1000) : 0
  }
}

/**
 * Holding one collaboration socket to its send rate (the limits themselves are settings: config.ts
 * SocketLimits). One hostile or stalled socket is slowed alone; everyone else's latency stays as it was.
 */
import type { SocketLimits } from '../config.js'

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

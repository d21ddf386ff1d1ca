/**
 * Login rate limit. Every attempt takes a slot *before* the password is checked, so parallel
 * guesses are counted while scrypt runs; a failed attempt keeps its slot for the window, a
 * successful one gives it back. Keys are chosen by the caller (per account and address, per
 * address); each key has its own budget. In memory and per process; see docs/operations.md.
 */
import { defaultLoginLimits, type LoginLimits } from '../config.js'

/** One key and the number of attempts it may hold. */
export interface LimitKey {
  key: string
  max: number
}

/** An attempt that holds a slot on each of its keys until it is settled. */
export interface Attempt {
  /** The attempt failed: its slots stay taken until they leave the window. */
  failed(): void
  /** The attempt succeeded: its slots are freed and the failures of `clear` keys forgotten. */
  succeeded(clear: string[]): void
}

export class LoginLimiter {
  /** Per key, the times of failed attempts and of attempts still running. */
  private readonly slots = new Map<string, number[]>()

  constructor(readonly limits: LoginLimits = defaultLoginLimits) {}

  /**
   * Takes a slot on every key, or none: returns the attempt, or the milliseconds until one of the
   * full keys frees a slot.
   */
  begin(keys: LimitKey[], now = Date.now()): Attempt | { retryAfterMs: number } {
    let wait = 0
    for (const { key, max } of keys) {
      const recent = this.recent(key, now)
      // A running attempt holds a slot stamped with its start; it cannot leave the window before it settles.
      if (recent.length >= max)
        wait = Math.max(wait, Math.max(1, recent[recent.length - max] + this.limits.windowMs - now))
    }
    if (wait > 0) return { retryAfterMs: wait }
    for (const { key } of keys) this.slots.set(key, [...this.recent(key, now), now])
    let settled = false
    return {
      failed: () => {
        settled = true
      },
      succeeded: (clear) => {
        if (settled) return
        settled = true
        for (const { key } of keys) this.release(key, now)
        for (const key of clear) this.slots.delete(key)
      },
    }
  }

  private release(key: string, stamp: number): void {
    const times = this.slots.get(key)
    if (!times) return
    const i = times.lastIndexOf(stamp)
    if (i >= 0) times.splice(i, 1)
    if (times.length === 0) this.slots.delete(key)
  }

  private recent(key: string, now: number): number[] {
    const recent = (this.slots.get(key) ?? []).filter((t) => t > now - this.limits.windowMs)
    if (recent.length === 0) this.slots.delete(key)
    else this.slots.set(key, recent)
    return recent
  }
}

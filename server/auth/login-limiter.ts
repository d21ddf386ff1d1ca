/**
 * Login rate limit: after `maxFailures` failed logins within `windowMs` for one username, or from
 * one address, further attempts are refused until the oldest failure leaves the window.
 * In memory and per process; see docs/operations.md.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>()

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60 * 1000,
  ) {}

  /** Milliseconds until another attempt is allowed for these keys, or 0 when allowed now. */
  retryAfterMs(keys: string[], now = Date.now()): number {
    let wait = 0
    for (const key of keys) {
      const recent = this.recent(key, now)
      if (recent.length >= this.maxFailures) wait = Math.max(wait, recent[0] + this.windowMs - now)
    }
    return wait
  }

  recordFailure(keys: string[], now = Date.now()): void {
    for (const key of keys) this.failures.set(key, [...this.recent(key, now), now])
  }

  /** A successful login clears the username's failures (not the address's). */
  clear(key: string): void {
    this.failures.delete(key)
  }

  private recent(key: string, now: number): number[] {
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs)
    if (recent.length === 0) this.failures.delete(key)
    else this.failures.set(key, recent)
    return recent
  }
}

/**
 * The admissions of the last second, shared by the sockets that come with the same session, and
 * on the same document. A reconnect storm — every tab of every user after a restart or a network
 * cut, a browser with several tabs — asks the same questions many times at once: who holds this
 * cookie (a hash and two records), and what may they do with this document (three records and the
 * policy). Each is answered once per second at most, and every change of rights empties it.
 *
 * Only grants are remembered: a refusal is read again on the next try, so that a right just given
 * (an invitation, a new member) works at once. A right taken away is always announced by closing
 * the sockets that held it (SocketFilter, on every instance), and that announcement empties this
 * first (rooms.ts), so a socket admitted after it reads the rights of now.
 */

/** How long a remembered answer is used. */
const RECENT_MS = 1000

export class RecentAdmissions<Actor, Access> {
  private actors = new Map<string, Promise<Actor | null>>()
  private accesses = new Map<string, Promise<Access | null>>()
  /** When the current second began: everything remembered is dropped at its end. */
  private since = -Infinity

  /** `now`: milliseconds on a monotonic clock (tests pass their own). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The actor of a session cookie, read by `read` unless someone read it within the last second. */
  actor(cookie: string, read: () => Promise<Actor | null>): Promise<Actor | null> {
    return this.remembered(() => this.actors, cookie, read)
  }

  /** A session's access to a document, read by `read` unless it was within the last second. */
  access(sessionIdHash: string, docId: string, read: () => Promise<Access | null>): Promise<Access | null> {
    return this.remembered(() => this.accesses, `${sessionIdHash}\n${docId}`, read)
  }

  /** Rights changed somewhere: nothing remembered is used again. */
  forget(): void {
    this.actors = new Map()
    this.accesses = new Map()
  }

  private remembered<T>(
    select: () => Map<string, Promise<T | null>>,
    key: string,
    read: () => Promise<T | null>,
  ): Promise<T | null> {
    const now = this.now()
    if (now - this.since >= RECENT_MS) {
      this.forget()
      this.since = now
    }
    const map = select()
    const known = map.get(key)
    if (known) return known
    const answer = read()
    map.set(key, answer)
    // A refusal or a failure is not remembered: the next socket asks again.
    answer.then(
      (value) => {
        if (value === null && map.get(key) === answer) map.delete(key)
      },
      () => {
        if (map.get(key) === answer) map.delete(key)
      },
    )
    return answer
  }
}

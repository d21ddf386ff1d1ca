/** One client socket in a room: what it may do, what it may cost, and the awareness clients it speaks for. */
import type { WebSocket } from 'ws'
import { CloseCode } from '../../shared/collab.js'
import type { SocketLimits } from '../config.js'
import { SendBudget } from './socket-limits.js'

/** Answers that encode a whole state (sync step 2, every caret): one at a time per socket. */
export type FullAnswer = 'sync' | 'awareness'

/** How long a socket closed for not reading gets to take the close frame before it is cut. */
const closeGraceMs = 2000

export class Connection {
  /** Awareness client ids announced over this socket, removed when it closes. */
  readonly awarenessClients = new Set<number>()
  closed = false
  /** Whether the room has said once that it drops this socket's updates (server/collab/room.ts). */
  refusalLogged = false
  /** When a frame was last handed to the socket (Date.now()), for the keep-alive of a lone editor. */
  lastSentAt = Date.now()
  /** Full answers asked for and not yet handed to the kernel. */
  private readonly answering = new Set<FullAnswer>()
  /** When each kind of full answer was last begun (performance.now()). */
  private readonly lastAnswerAt = new Map<FullAnswer, number>()
  /** Full answers asked for too soon after the last, waiting for the interval to pass. */
  private readonly deferredAnswers = new Map<FullAnswer, NodeJS.Timeout>()
  private readonly budget: SendBudget
  /** Set while the socket is over its budget: reading is paused until it fires. */
  private resumeTimer: NodeJS.Timeout | null = null
  /** Frames read before the pause took effect, handed on as the budget refills. */
  private held: Uint8Array[] = []

  constructor(
    readonly socket: WebSocket,
    readonly docId: string,
    readonly userId: string,
    readonly sessionIdHash: string,
    /** Read-only sockets are answered but every update they send is dropped. */
    readonly readOnly: boolean,
    readonly label: string,
    private readonly limits: SocketLimits,
    private readonly log: (line: string) => void,
  ) {
    this.budget = new SendBudget(limits)
  }

  send(message: Uint8Array, sent?: () => void): void {
    // A socket that is closing still gets queued frames in `ws`; sending after close would throw.
    if (this.closed || this.socket.readyState !== 1) return
    const buffered = this.socket.bufferedAmount
    // One frame larger than the ceiling still goes out to a socket that keeps up (a big document).
    if (buffered > 0 && buffered + message.length > this.limits.bufferBytes) {
      this.log(`collab: closing socket ${this.label} on ${this.docId}: ${buffered} bytes unread`)
      this.close(CloseCode.tryAgainLater, 'not reading')
      // Its buffer will not drain, so the close frame may never be taken: cut it soon after.
      setTimeout(() => this.socket.terminate(), closeGraceMs).unref()
      return
    }
    this.lastSentAt = Date.now()
    this.socket.send(message, sent && (() => sent()))
  }

  /**
   * Sends the frames not sent by this socket (`origin`), in order, in one write to the kernel: the
   * TCP socket under `ws` is corked meanwhile, so that its writes of each frame are gathered.
   */
  sendAll(frames: readonly { frame: Uint8Array; origin: unknown }[]): void {
    // `ws` keeps its TCP socket private; without it, the frames go out one write each.
    const tcp = (this.socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket
    tcp?.cork()
    try {
      for (const { frame, origin } of frames) if (origin !== this) this.send(frame)
    } finally {
      tcp?.uncork()
    }
  }

  /**
   * Claims the one full answer of `kind` this socket may have in flight. False while the last one
   * has not been handed to the kernel, in which case the request is dropped (that answer, and the
   * updates relayed after it, already bring the socket everything); false too within
   * `fullAnswerIntervalMs` of the last one, in which case `retry` runs once the interval is over.
   */
  startAnswer(kind: FullAnswer, retry: () => void): boolean {
    if (this.answering.has(kind) || this.deferredAnswers.has(kind)) return false
    // A full answer costs an encoding of the whole document, and a kernel that still takes bytes from
    // a socket nobody reads would let answers follow each other as fast as they are asked for: one
    // per interval at most. The request waits rather than being dropped, and every repeat meanwhile
    // joins it, so a client that asks again gets what it asked for, a moment later.
    const wait = (this.lastAnswerAt.get(kind) ?? -Infinity) + this.limits.fullAnswerIntervalMs - performance.now()
    if (wait > 0) {
      const timer = setTimeout(() => {
        this.deferredAnswers.delete(kind)
        if (this.closed) return
        try {
          retry()
        } catch (error) {
          this.log(
            `collab: a deferred ${kind} answer to ${this.label} on ${this.docId} failed: ${(error as Error).message}`,
          )
        }
      }, wait)
      timer.unref()
      this.deferredAnswers.set(kind, timer)
      return false
    }
    this.answering.add(kind)
    this.lastAnswerAt.set(kind, performance.now())
    return true
  }

  /** Sends the answer claimed by startAnswer (one frame or several); the claim ends once the kernel has taken it. */
  finishAnswer(kind: FullAnswer, frames: Uint8Array | Uint8Array[]): void {
    if (this.closed) return
    const all = Array.isArray(frames) ? frames : [frames]
    all.forEach((frame, i) => this.send(frame, i === all.length - 1 ? () => this.answering.delete(kind) : undefined))
  }

  /**
   * Hands a received frame to `handle` within the socket's budget. Over it, the server stops reading
   * from the socket and holds the frames already read (at most what one read brought), handing
   * them on as the budget refills: nothing is dropped, the sender is only slowed down.
   */
  receive(frame: Uint8Array, handle: (frame: Uint8Array) => void): void {
    if (this.resumeTimer !== null) {
      this.held.push(frame)
      return
    }
    this.handleWithin(frame, handle)
  }

  private handleWithin(frame: Uint8Array, handle: (frame: Uint8Array) => void): void {
    const waitMs = this.budget.charge(frame.length)
    handle(frame)
    if (waitMs === 0 || this.closed) return
    this.socket.pause()
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = null
      while (!this.closed && this.resumeTimer === null) {
        const next = this.held.shift()
        if (!next) {
          this.socket.resume()
          return
        }
        this.handleWithin(next, handle)
      }
    }, waitMs)
  }

  close(code: number, reason: string): void {
    if (this.closed) return
    this.closed = true
    if (this.resumeTimer !== null) {
      // Read again, or the peer's answering close frame would never be seen.
      clearTimeout(this.resumeTimer)
      this.held = []
      this.socket.resume()
    }
    this.socket.close(code, reason)
  }
}

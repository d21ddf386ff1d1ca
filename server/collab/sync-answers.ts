/**
 * What a room answers a sync step 1 with, encoded once per change of the document rather than once
 * per socket: its own step 1 (the state vector) sent to every socket that joins, and the whole
 * document, the step 2 for every fresh client — and for a socket that asks for it again and again.
 */
import * as Y from 'yjs'
import { encodeSyncStep1, encodeSyncStep2, encodeUpdate } from './protocol.js'

/** The state vector of a peer that holds nothing. */
const nothing = new Uint8Array([0])

/** Updates applied since the whole document was encoded that are still sent after it rather than encoded anew. */
const maxUpdatesSince = 256

/** Whether a peer with this state vector holds nothing of `doc`: then it needs the whole of it. */
function holdsNothingOf(doc: Y.Doc, stateVector: Uint8Array): boolean {
  for (const [client, clock] of Y.decodeStateVector(stateVector)) {
    if (clock > 0 && doc.store.clients.has(client)) return false
  }
  return true
}

export class SyncAnswers {
  private stepOne: Uint8Array | null = null
  /**
   * The whole document as a step 2 frame, and the updates applied to it since: the answer to a peer
   * that holds nothing is that frame and one frame of those updates merged. The encoding is dropped
   * once the updates since add up to a quarter of it, so the answer never grows far past the document.
   */
  private whole: { frame: Uint8Array; since: Uint8Array[]; sinceBytes: number; sinceFrame: Uint8Array | null } | null =
    null

  constructor(private readonly doc: Y.Doc) {}

  /** To be told of every update applied to the document, whatever its origin. */
  changed(update: Uint8Array): void {
    this.stepOne = null
    const whole = this.whole
    if (!whole) return
    whole.since.push(update)
    whole.sinceBytes += update.length
    whole.sinceFrame = null
    if (whole.since.length > maxUpdatesSince || whole.sinceBytes > whole.frame.length / 4) this.whole = null
  }

  /** The server's sync step 1, sent to every socket that joins. */
  syncStep1(): Uint8Array {
    return (this.stepOne ??= encodeSyncStep1(this.doc))
  }

  /**
   * The frames that bring a peer with `stateVector` everything the document holds: its sync step 2,
   * and, when that step 2 was encoded earlier, the updates applied since, merged into one update.
   * A peer that holds part of the document is sent what it lacks, encoded for it.
   */
  syncStep2(stateVector: Uint8Array): Uint8Array[] {
    if (!holdsNothingOf(this.doc, stateVector)) return [encodeSyncStep2(this.doc, stateVector)]
    const whole = (this.whole ??= {
      frame: encodeSyncStep2(this.doc, nothing),
      since: [],
      sinceBytes: 0,
      sinceFrame: null,
    })
    if (whole.since.length === 0) return [whole.frame]
    if (!whole.sinceFrame) {
      // Merged once and kept merged: the next answer merges only what arrived after this one.
      if (whole.since.length > 1) whole.since = [Y.mergeUpdates(whole.since)]
      whole.sinceFrame = encodeUpdate(whole.since[0])
    }
    return [whole.frame, whole.sinceFrame]
  }
}

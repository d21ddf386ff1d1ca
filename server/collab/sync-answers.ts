/**
 * What a room answers a sync step 1 with, encoded once rather than once per socket: its own step 1
 * (the state vector, until the document changes) sent to every socket that joins, and the whole
 * document — the step 2 of every fresh client, and of a socket that asks for it again and again —
 * kept up to date by a diff of what changed since.
 */
import * as Y from 'yjs'
import { encodeSyncStep1, encodeSyncStep2, encodeUpdate } from './protocol.js'

/** The state vector of a peer that holds nothing. */
const nothing = new Uint8Array([0])

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
   * The whole document as a step 2 frame, with the state vector it was encoded at and the bytes of
   * the updates applied since. A peer that holds nothing is sent that frame and one update of what
   * came after it: a diff against that state vector, which costs the changes, not the document
   * (Y.mergeUpdates of the updates themselves would cost more than encoding it all again). The
   * encoding is dropped once the updates since add up to a quarter of it.
   */
  private whole: {
    frame: Uint8Array
    stateVector: Uint8Array
    bytesSince: number
    sinceFrame: Uint8Array | null
  } | null = null

  constructor(private readonly doc: Y.Doc) {}

  /** To be told of every change of the document, whatever its origin, with the bytes of its update. */
  changed(updateBytes: number): void {
    this.stepOne = null
    const whole = this.whole
    if (!whole) return
    whole.bytesSince += updateBytes
    whole.sinceFrame = null
    if (whole.bytesSince > whole.frame.length / 4) this.whole = null
  }

  /** The server's sync step 1, sent to every socket that joins. */
  syncStep1(): Uint8Array {
    return (this.stepOne ??= encodeSyncStep1(this.doc))
  }

  /**
   * The frames that bring a peer with `stateVector` everything the document holds: its sync step 2,
   * and, when that step 2 was encoded earlier, an update with what was applied since. A peer that
   * holds part of the document is sent what it lacks, encoded for it.
   */
  syncStep2(stateVector: Uint8Array): Uint8Array[] {
    if (!holdsNothingOf(this.doc, stateVector)) return [encodeSyncStep2(this.doc, stateVector)]
    const whole = (this.whole ??= {
      frame: encodeSyncStep2(this.doc, nothing),
      stateVector: Y.encodeStateVector(this.doc),
      bytesSince: 0,
      sinceFrame: null,
    })
    if (whole.bytesSince === 0) return [whole.frame]
    whole.sinceFrame ??= encodeUpdate(Y.encodeStateAsUpdate(this.doc, whole.stateVector))
    return [whole.frame, whole.sinceFrame]
  }
}

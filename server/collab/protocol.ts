/**
 * The only code that reads or writes y-protocol bytes (the y-websocket wire format):
 * a varuint message type, then a sync or awareness payload. Jianyi's own pushed events are the
 * one other message type; their frames are written and read in shared/collab-events.ts.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'

const messageSync = 0
const messageAwareness = 1
const messageAuth = 2
const messageQueryAwareness = 3

/** What a client may send us, decoded. */
export type ClientMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  /** Sync step 2 and plain updates both carry a Yjs update to apply. */
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' }

/** A frame that is not a valid y-protocol message. */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
}

/** Decodes one frame; throws ProtocolError for anything that is not a well-formed message. */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case messageSync: {
        const syncType = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (syncType === syncProtocol.messageYjsSyncStep1) return { kind: 'sync-step1', stateVector: payload }
        if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
          return { kind: 'update', update: payload }
        }
        throw new ProtocolError(`unknown sync message type ${syncType}`)
      }
      case messageAwareness:
        return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) }
      case messageQueryAwareness:
        return { kind: 'query-awareness' }
      case messageAuth:
        throw new ProtocolError('auth messages are server-to-client only')
      default:
        throw new ProtocolError(`unknown message type ${type}`)
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error
    // lib0 throws plain Errors ("Unexpected end of array", "Integer out of Range") on truncated input.
    throw new ProtocolError(`malformed frame: ${(error as Error).message}`)
  }
}

/** Checks that a Yjs update decodes, without touching any document. */
export function assertValidUpdate(update: Uint8Array): void {
  try {
    Y.decodeUpdate(update)
  } catch (error) {
    throw new ProtocolError(`malformed update: ${(error as Error).message}`)
  }
}

/**
 * Whether a (valid) update holds anything `doc` lacks: a struct past the document's clock for its
 * client, or a deletion of something the document still shows. The cost is that of reading the
 * update (each deleted range is looked up by binary search), never that of the whole document, so
 * a socket pays for this check with the bytes it sends.
 */
export function addsToDocument(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return true
  }
  for (const [client, ranges] of ds.clients) {
    const known = doc.store.clients.get(client)
    for (const { clock, len } of ranges) {
      if (!known || clock + len > Y.getState(doc.store, client)) return true
      for (let i = Y.findIndexSS(known, clock); i < known.length && known[i].id.clock < clock + len; i++) {
        if (!known[i].deleted) return true
      }
    }
  }
  return false
}

/**
 * The awareness update without the entries whose client id `keep` refuses: the same bytes when it
 * keeps all, null when it keeps none. Throws ProtocolError on a malformed update (entries are
 * `[clientID, clock, JSON state]`, see y-protocols/awareness).
 */
export function filterAwarenessUpdate(update: Uint8Array, keep: (clientId: number) => boolean): Uint8Array | null {
  const kept: { clientId: number; clock: number; state: string }[] = []
  let total: number
  try {
    const decoder = decoding.createDecoder(update)
    total = decoding.readVarUint(decoder)
    for (let i = 0; i < total; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const state = decoding.readVarString(decoder)
      JSON.parse(state)
      if (keep(clientId)) kept.push({ clientId, clock, state })
    }
  } catch (error) {
    throw new ProtocolError(`malformed awareness update: ${(error as Error).message}`)
  }
  if (kept.length === total) return update
  if (kept.length === 0) return null
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, kept.length)
  for (const { clientId, clock, state } of kept) {
    encoding.writeVarUint(encoder, clientId)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, state)
  }
  return encoding.toUint8Array(encoder)
}

/**
 * A frame sent to many sockets as a Buffer: `ws` wraps any other Uint8Array in a new Buffer on
 * every send, once per socket.
 */
function shareable(frame: Uint8Array): Buffer {
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeSyncStep1(encoder, doc)
  return shareable(encoding.toUint8Array(encoder))
}

/** Step 2: everything in `doc` that a peer with `stateVector` lacks. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeSyncStep2(encoder, doc, stateVector)
  return shareable(encoding.toUint8Array(encoder))
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeUpdate(encoder, update)
  return shareable(encoding.toUint8Array(encoder))
}

/** An awareness message carrying `update` as it is (an encoded awareness update). */
export function encodeAwarenessUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageAwareness)
  encoding.writeVarUint8Array(encoder, update)
  return shareable(encoding.toUint8Array(encoder))
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  return encodeAwarenessUpdate(awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
}

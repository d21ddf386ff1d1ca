/** The websocket endpoint: checks the request before a socket joins a room. */
import type { UpgradeWebSocket, WSContext } from 'hono/ws'
import { CloseCode } from '../../shared/collab.js'
import { DocumentId } from '../../shared/schema.js'
import { isAllowedOrigin } from '../http/origin.js'
import type { MetadataStore } from '../store/types.js'
import { Connection } from './connection.js'
import { ProtocolError } from './protocol.js'
import type { Room } from './room.js'
import type { Rooms } from './rooms.js'

export interface CollabDeps {
  rooms: Rooms
  metadata: MetadataStore
  allowedOrigins: string[]
  log: (line: string) => void
}

let socketCounter = 0

/** Builds the handler for GET /collab/:docId. Refusals are close codes, so providers stop retrying. */
export function collabEndpoint(upgradeWebSocket: UpgradeWebSocket, deps: CollabDeps) {
  return upgradeWebSocket(async (c) => {
    const docId = c.req.param('docId') ?? ''
    const label = `#${++socketCounter} (${c.req.header('x-forwarded-for') ?? 'direct'})`
    let refusal: { code: number; reason: string } | null = null
    if (!isAllowedOrigin(c.req.header('origin'), c.req.header('host'), deps.allowedOrigins)) {
      refusal = { code: CloseCode.forbidden, reason: 'cross-origin websocket refused' }
    } else if (!DocumentId.safeParse(docId).success || !(await deps.metadata.getDocument(docId))) {
      refusal = { code: CloseCode.notFound, reason: 'document not found' }
    }

    let conn: Connection | null = null
    let room: Room | null = null
    // Frames that arrive while the room loads are kept in order and replayed once it is there.
    let backlog: Uint8Array[] | null = []

    const receive = (frame: Uint8Array) => {
      if (!conn || conn.closed || !room) return
      try {
        room.receive(conn, frame)
      } catch (error) {
        // Whatever a frame does, it costs at most its own socket.
        const malformed = error instanceof ProtocolError
        deps.log(`collab: closing socket ${conn.label} on ${docId}: ${(error as Error).message}`)
        conn.close(malformed ? CloseCode.unsupportedData : CloseCode.internalError, malformed ? 'malformed message' : 'internal error')
      }
    }

    return {
      onOpen(_event, ws: WSContext) {
        if (refusal) {
          ws.close(refusal.code, refusal.reason)
          return
        }
        conn = new Connection(ws, docId, false, label)
        const joining = conn
        deps.rooms.join(docId, joining).then(
          (joined) => {
            room = joined
            const queued = backlog ?? []
            backlog = null
            for (const frame of queued) receive(frame)
          },
          (error: Error) => {
            deps.log(`collab: loading ${docId} failed: ${error.message}`)
            joining.close(CloseCode.internalError, 'document could not be loaded')
          },
        )
      },
      onMessage(event) {
        if (!conn) return
        if (!(event.data instanceof ArrayBuffer)) {
          deps.log(`collab: closing socket ${conn.label} on ${docId}: text frame`)
          conn.close(CloseCode.unsupportedData, 'binary frames only')
          return
        }
        const frame = new Uint8Array(event.data)
        if (backlog) backlog.push(frame)
        else receive(frame)
      },
      onClose() {
        if (!conn) return
        conn.closed = true
        if (room) deps.rooms.leave(room, conn)
      },
      onError(event) {
        const error = (event as ErrorEvent).error as Error & { code?: string }
        deps.log(`collab: socket ${conn?.label ?? label} on ${docId}: ${error?.code ?? ''} ${error?.message ?? 'error'}`)
      },
    }
  })
}

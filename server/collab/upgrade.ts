/** The websocket endpoint: authenticates and authorizes the request before a socket joins a room. */
import { getCookie } from 'hono/cookie'
import type { UpgradeWebSocket, WSContext } from 'hono/ws'
import type { WebSocket } from 'ws'
import { CloseCode } from '../../shared/collab.js'
import { DocumentId } from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import { accessTo } from '../domain/documents.js'
import { resolveSession } from '../domain/sessions.js'
import { isAllowedOrigin } from '../http/origin.js'
import { sessionCookie } from '../http/session.js'
import { Connection } from './connection.js'
import { ProtocolError } from './protocol.js'
import type { Room } from './room.js'
import type { Rooms } from './rooms.js'
import type { SocketLimits } from '../config.js'

export interface CollabDeps extends Deps {
  rooms: Rooms
  allowedOrigins: string[]
  socketLimits: SocketLimits
}

let socketCounter = 0

/**
 * Builds the handler for GET /collab/:docId. Refusals are close codes after the upgrade, because a
 * browser cannot read an HTTP status of a failed upgrade and providers would retry forever:
 * 4403 cross-origin, 4401 no valid session, 4404 unknown document or no right to read it.
 */
export function collabEndpoint(upgradeWebSocket: UpgradeWebSocket, deps: CollabDeps) {
  return upgradeWebSocket(async (c) => {
    const docId = c.req.param('docId') ?? ''
    let refusal: { code: number; reason: string } | null = null
    let admitted: { userId: string; sessionIdHash: string; readOnly: boolean; label: string } | null = null
    const actor = await resolveSession(deps, getCookie(c, sessionCookie))
    if (!isAllowedOrigin(c.req.header('origin'), c.req.header('host'), deps.allowedOrigins)) {
      refusal = { code: CloseCode.forbidden, reason: 'cross-origin websocket refused' }
    } else if (!actor) {
      refusal = { code: CloseCode.unauthenticated, reason: 'sign in first' }
    } else {
      const found = DocumentId.safeParse(docId).success ? await accessTo(deps, actor, docId) : null
      if (!found) refusal = { code: CloseCode.notFound, reason: 'document not found' }
      else {
        admitted = {
          userId: actor.user.id,
          sessionIdHash: actor.sessionIdHash,
          readOnly: !found.access.edit,
          label: `#${++socketCounter} ${actor.user.username}`,
        }
      }
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
        conn.close(
          malformed ? CloseCode.unsupportedData : CloseCode.internalError,
          malformed ? 'malformed message' : 'internal error',
        )
      }
    }

    return {
      onOpen(_event, ws: WSContext) {
        if (!admitted) {
          if (refusal) deps.log(`collab: refused a socket on ${docId}: ${refusal.code} ${refusal.reason}`)
          ws.close(refusal?.code ?? CloseCode.notFound, refusal?.reason ?? 'refused')
          return
        }
        conn = new Connection(
          ws.raw as WebSocket,
          docId,
          admitted.userId,
          admitted.sessionIdHash,
          admitted.readOnly,
          admitted.label,
          deps.socketLimits,
          deps.log,
        )
        const joining = conn
        deps.rooms.join(docId, joining).then(
          (joined) => {
            if (!joined) return
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
        conn.receive(new Uint8Array(event.data), (frame) => {
          if (backlog) backlog.push(frame)
          else receive(frame)
        })
      },
      onClose() {
        if (!conn) return
        conn.closed = true
        deps.rooms.leave(room, conn)
      },
      onError(event) {
        const error = (event as ErrorEvent).error as Error & { code?: string }
        deps.log(`collab: socket ${conn?.label ?? '?'} on ${docId}: ${error?.code ?? ''} ${error?.message ?? 'error'}`)
      },
    }
  })
}

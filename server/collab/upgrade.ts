/**
 * The websocket endpoint, GET /collab/:docId: authenticates and authorizes each request before its
 * socket joins a room. It takes the HTTP server's upgrades itself, beside the Hono app rather than
 * through it: a socket costs its checks and nothing else (going through the app built a Request,
 * its Headers and an AbortSignal per upgrade, and a MessageEvent plus a copy per frame — more than
 * half of what a connection cost the server).
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
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

/** The upgrades of an HTTP server, as `listen` needs them. */
interface UpgradingServer {
  on(event: 'upgrade', listener: (request: IncomingMessage, socket: Duplex, head: Buffer) => void): unknown
}

export interface CollabSockets {
  /** `ws`'s server (it listens on nothing itself): its options, such as maxPayload, and its clients. */
  wss: WebSocketServer
  /** Takes the upgrades of `server`: /collab/:docId becomes a socket, any other path gets 404. */
  listen(server: UpgradingServer): void
}

interface Admitted {
  userId: string
  sessionIdHash: string
  readOnly: boolean
  label: string
}

type Admission = { admitted: Admitted } | { refusal: { code: number; reason: string } }

let socketCounter = 0

/** `/collab/<id>`, optionally with a query (the provider's params); the id still percent-encoded. */
const collabPath = /^\/collab\/([^/?#]+)(?:\?.*)?$/

/** The document id of an upgrade's URL, '' for one that does not decode; null for another path. */
function docIdOf(url: string | undefined): string | null {
  const match = collabPath.exec(url ?? '')
  if (!match) return null
  try {
    return decodeURIComponent(match[1])
  } catch {
    return ''
  }
}

/** One cookie's value, read the way Hono's getCookie reads it (quotes stripped, percent-decoded). */
function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header || !header.includes(name)) return undefined
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=')
    if (at < 0 || pair.slice(0, at).trim() !== name) continue
    let value = pair.slice(at + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    if (!value.includes('%')) return value
    try {
      return decodeURIComponent(value)
    } catch {
      return value
    }
  }
  return undefined
}

/**
 * Whether this request may open a socket on the document, and how. Refusals are close codes after
 * the upgrade, because a browser cannot read an HTTP status of a failed upgrade and providers would
 * retry forever: 4403 cross-origin, 4401 no valid session, 4404 unknown document or no right to read it.
 */
async function admit(deps: CollabDeps, docId: string, headers: IncomingHttpHeaders): Promise<Admission> {
  if (!isAllowedOrigin(headers.origin, headers.host, deps.allowedOrigins)) {
    return { refusal: { code: CloseCode.forbidden, reason: 'cross-origin websocket refused' } }
  }
  // Sockets of one session, and of one session on one document, that come within a second of each
  // other share these answers (recent-admissions.ts): a reconnect storm reads each once.
  const recent = deps.rooms.admissions
  const cookie = cookieValue(headers.cookie, sessionCookie)
  const actor = cookie === undefined ? null : await recent.actor(cookie, () => resolveSession(deps, cookie))
  if (!actor) return { refusal: { code: CloseCode.unauthenticated, reason: 'sign in first' } }
  // The id is checked only when the access is read: a granted one was checked a moment ago.
  const found = await recent.access(actor.sessionIdHash, docId, async () =>
    DocumentId.safeParse(docId).success ? accessTo(deps, actor, docId) : null,
  )
  if (!found) return { refusal: { code: CloseCode.notFound, reason: 'document not found' } }
  return {
    admitted: {
      userId: actor.user.id,
      sessionIdHash: actor.sessionIdHash,
      readOnly: !found.access.edit,
      label: `#${++socketCounter} ${actor.user.username}`,
    },
  }
}

/** Ends an upgrade that will not become a socket with a plain HTTP answer. */
function answerHttp(socket: Duplex, status: 404 | 500, text: string): void {
  if (socket.destroyed) return
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

/** A frame as the rooms read it: a view of `ws`'s buffer, not a copy. */
function frameOf(data: RawData): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  const buffer = Array.isArray(data) ? Buffer.concat(data) : data
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/** A socket that was let in: it joins the document's room and hands it every frame. */
function serve(deps: CollabDeps, ws: WebSocket, docId: string, admitted: Admitted): void {
  const conn = new Connection(
    ws,
    docId,
    admitted.userId,
    admitted.sessionIdHash,
    admitted.readOnly,
    admitted.label,
    deps.socketLimits,
    deps.log,
  )
  let room: Room | null = null
  // Frames that arrive while the room loads are kept in order and replayed once it is there.
  let backlog: Uint8Array[] | null = []

  const receive = (frame: Uint8Array) => {
    if (conn.closed || !room) return
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

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (!isBinary) {
      deps.log(`collab: closing socket ${conn.label} on ${docId}: text frame`)
      conn.close(CloseCode.unsupportedData, 'binary frames only')
      return
    }
    conn.receive(frameOf(data), (frame) => {
      if (backlog) backlog.push(frame)
      else receive(frame)
    })
  })
  ws.on('close', () => {
    conn.closed = true
    deps.rooms.leave(room, conn)
  })
  deps.rooms.join(docId, conn).then(
    (joined) => {
      if (!joined) return
      room = joined
      const queued = backlog ?? []
      backlog = null
      for (const frame of queued) receive(frame)
    },
    (error: Error) => {
      deps.log(`collab: loading ${docId} failed: ${error.message}`)
      conn.close(CloseCode.internalError, 'document could not be loaded')
    },
  )
}

/** Builds the endpoint; `listen` attaches it to the HTTP server. */
export function collabSockets(deps: CollabDeps): CollabSockets {
  const wss = new WebSocketServer({ noServer: true })

  const upgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    // The HTTP server stops listening for the socket's errors once it upgrades: a client that hangs
    // up while it is checked must not take the process down. `ws` listens once it takes over.
    const hungUp = () => socket.destroy()
    socket.on('error', hungUp)
    const docId = docIdOf(request.url)
    if (docId === null) {
      answerHttp(socket, 404, 'Not Found')
      return
    }
    let admission: Admission
    try {
      admission = await admit(deps, docId, request.headers)
    } catch (error) {
      deps.log(`collab: admitting a socket on ${docId} failed: ${(error as Error).message}`)
      answerHttp(socket, 500, 'Internal Server Error')
      return
    }
    if (socket.destroyed) return
    socket.off('error', hungUp)
    // The 101 answer and, when the room is open already, its sync step 1 leave in one write.
    socket.cork()
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', (error: Error & { code?: string }) => {
        deps.log(`collab: socket on ${docId}: ${error.code ?? ''} ${error.message}`)
      })
      if ('refusal' in admission) {
        const { code, reason } = admission.refusal
        deps.log(`collab: refused a socket on ${docId}: ${code} ${reason}`)
        ws.close(code, reason)
        return
      }
      serve(deps, ws, docId, admission.admitted)
    })
    socket.uncork()
  }

  return {
    wss,
    listen(server) {
      server.on('upgrade', (request, socket, head) => void upgrade(request, socket, head))
    },
  }
}

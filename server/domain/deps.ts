/** What the use cases need from the rest of the server, as interfaces. */
import type * as Y from 'yjs'
import type { LoginLimiter } from '../auth/login-limiter.js'
import type { DocumentStore, MetadataStore, VersionStore } from '../store/types.js'

/** A socket as the use cases see it: whose it is and which document it edits. */
export interface SocketInfo {
  userId: string
  sessionIdHash: string
  docId: string
}

/** The open collaboration sockets, so that a use case can end them when rights change. */
export interface LiveSockets {
  /** Closes every open socket matching `which`; resolves once they are closed. */
  closeWhere(which: (socket: SocketInfo) => boolean, code: number, reason: string): Promise<void>
  /** Closes every socket of a document and unloads its room. */
  closeDocument(docId: string, code: number, reason: string): Promise<void>
  /** Runs `read` on the document's current content: the live room's, or the stored one. */
  readDocument<T>(docId: string, read: (doc: Y.Doc) => T): Promise<T>
  /** Changes the document as one server transaction, stored and relayed like a client's update. */
  changeDocument(docId: string, change: (doc: Y.Doc) => void): Promise<void>
  /** Pushes an event (JSON) to every open editor of the document. */
  broadcast(docId: string, event: object): Promise<void>
}

export interface SessionSettings {
  /** A session unused for this long ends. */
  idleMs: number
  /** A session ends this long after login, used or not. */
  absoluteMs: number
}

export interface Deps {
  metadata: MetadataStore
  content: DocumentStore
  versions: VersionStore
  sockets: LiveSockets
  limiter: LoginLimiter
  sessions: SessionSettings
  log: (line: string) => void
}

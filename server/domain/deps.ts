/** What the use cases need from the rest of the server, as interfaces. */
import type * as Y from 'yjs'
import type { ServerEvent } from '../../shared/collab-events.js'
import type { LoginLimiter } from '../auth/login-limiter.js'
import type { StoredDataLimits } from '../config.js'
import type { HeavyWork } from './heavy-work.js'
import type { DocumentStore, MaterialStore, MetadataStore, SearchTextStore, VersionStore } from '../store/types.js'

/** A socket as the use cases see it: whose it is and which document it edits. */
export interface SocketInfo {
  userId: string
  sessionIdHash: string
  docId: string
}

/**
 * Which sockets to close: all conditions given must hold. Plain data, so that it can travel to
 * the other instances of a scale-out deployment.
 */
export interface SocketFilter {
  userId?: string
  sessionIdHash?: string
  /** Every session but this one. */
  exceptSessionIdHash?: string
  docIds?: string[]
}

export function matchesFilter(socket: SocketInfo, filter: SocketFilter): boolean {
  return (
    (filter.userId === undefined || socket.userId === filter.userId) &&
    (filter.sessionIdHash === undefined || socket.sessionIdHash === filter.sessionIdHash) &&
    (filter.exceptSessionIdHash === undefined || socket.sessionIdHash !== filter.exceptSessionIdHash) &&
    (filter.docIds === undefined || filter.docIds.includes(socket.docId))
  )
}

/** The changes the server makes to a live document on its own behalf (server/collab/origins.ts). */
export type ServerChange = 'restore' | 'approve' | 'suggestion'

/** The open collaboration sockets (of every instance), so that a use case can end them when rights change. */
export interface LiveSockets {
  /** Closes every open socket matching `filter`. */
  closeWhere(filter: SocketFilter, code: number, reason: string): Promise<void>
  /** This process's open sockets. */
  openSockets(): SocketInfo[]
  /**
   * The document's workflow status changed: its room, on every instance, reads it again before it
   * takes another edit (an approved document takes none, from any socket).
   */
  statusChanged(docId: string): Promise<void>
  /** Closes every socket of a document and unloads its room. */
  closeDocument(docId: string, code: number, reason: string): Promise<void>
  /** Runs `read` on the document's current content: the live room's, or the stored one. */
  readDocument<T>(docId: string, read: (doc: Y.Doc) => T): Promise<T>
  /** Changes the document as one server transaction, stored and relayed like a client's update. */
  changeDocument(docId: string, kind: ServerChange, change: (doc: Y.Doc) => void): Promise<void>
  /** Pushes an event to every open editor of the document (shared/collab-events.ts). */
  broadcast(docId: string, event: ServerEvent): Promise<void>
}

interface SessionSettings {
  /** A session unused for this long ends. */
  idleMs: number
  /** A session ends this long after login, used or not. */
  absoluteMs: number
}

export interface Deps {
  metadata: MetadataStore
  content: DocumentStore
  versions: VersionStore
  /** 调研材料: the groups' files. */
  materials: MaterialStore
  /** Text index that narrows 搜索 down; absent (tests, tools), every document is read. */
  searchText?: SearchTextStore
  sockets: LiveSockets
  limiter: LoginLimiter
  /** Redlines and diffs, in worker threads with size and time budgets. */
  heavy: HeavyWork
  sessions: SessionSettings
  limits: StoredDataLimits
  /**
   * The office's time zone (TIME_ZONE): exports print their dates and times on its clock, and the
   * client is told it (Me) to show every time on the same clock.
   */
  timeZone: string
  /** FOLLOW_UP_DAYS: a sent 建议案 without 批示 or 办理反馈 this many days later is 待跟踪. */
  followUpDays: number
  /** Signs the head of every audit chain (server/auth/audit-key.ts). */
  auditKey: Buffer
  log: (line: string) => void
}

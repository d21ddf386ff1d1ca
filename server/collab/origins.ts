/**
 * Every origin a change of a room's Y.Doc or awareness can have, named once. Yjs hands the origin of
 * a transaction to the room's handlers, which decide by it whether to store the change and to whom
 * to relay it.
 */
import type { ServerChange } from '../domain/deps.js'
import type { Connection } from './connection.js'

/** Replaying the stored state while a room loads: neither stored again nor relayed. */
export const loadOrigin = Symbol('load')

/** What another instance stored and published: relayed to this instance's sockets, not stored again. */
export const remoteOrigin = Symbol('remote')

/** A change the server makes on its own behalf (shared by every change of that kind). */
export interface ServerOrigin {
  kind: 'server'
  change: ServerChange
}

const serverOrigins: { [C in ServerChange]: ServerOrigin } = {
  restore: { kind: 'server', change: 'restore' },
  approve: { kind: 'server', change: 'approve' },
  suggestion: { kind: 'server', change: 'suggestion' },
}

export const serverOrigin = (change: ServerChange): ServerOrigin => serverOrigins[change]

export const isServerOrigin = (origin: DocumentOrigin): origin is ServerOrigin =>
  typeof origin === 'object' && 'kind' in origin && origin.kind === 'server'

/**
 * The origin of a document change:
 * - a client's socket (its Connection): stored, then relayed to every other socket;
 * - the server's own change: stored, then relayed to every socket, since none of them sent it;
 * - another instance: relayed, not stored again;
 * - the load: neither.
 */
export type DocumentOrigin = Connection | ServerOrigin | typeof remoteOrigin | typeof loadOrigin

/**
 * The origin of an awareness change: a client's socket, another instance, or y-protocols itself
 * ('timeout' when a client's state expires, 'local' for the server's own, always empty, state).
 */
export type AwarenessOrigin = Connection | typeof remoteOrigin | 'timeout' | 'local'

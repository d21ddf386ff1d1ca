/**
 * What the instances of a scale-out deployment tell each other besides document updates: close
 * these sockets, push this event. The broker (store/fanout.ts) carries them to every instance.
 */
import type { ServerEvent } from '../../shared/collab-events.js'
import type { SocketFilter } from '../domain/deps.js'

export type ControlMessage =
  | { kind: 'close'; filter: SocketFilter; code: number; reason: string }
  | { kind: 'closeDocument'; docId: string; code: number; reason: string }
  | { kind: 'event'; docId: string; event: ServerEvent }
  /** The document's workflow status changed: its room reads it again. */
  | { kind: 'status'; docId: string }

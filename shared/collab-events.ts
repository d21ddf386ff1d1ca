/**
 * The server's own events on a document socket: one typed union, written by the server and read by
 * the client with the paired functions below. They travel as y-websocket messages of type
 * EVENT_MESSAGE_TYPE (a varuint, then the event as a JSON string); unmodified providers ignore a
 * type they do not know. A new kind of event is one more member of `ServerEvent`.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Thread } from './schema.js'

/** y-websocket message type of Jianyi's server-to-client events (0–3 are y-protocols' own). */
export const EVENT_MESSAGE_TYPE = 100

/** A thread as it is now, pushed after every change: everything but the reader's unread mentions. */
export type PushedThread = Thread & { detached: boolean }

/*
 * Plain types, no zod schema: the only reader is the client (and tests), and the events come from
 * our own server's typed writer below over an authenticated socket. A schema here would bring zod
 * (about 100 KB) into the editor's first JavaScript chunk for a check of data the client trusts
 * anyway (docs/performance.md, initial JavaScript).
 */
export type ServerEvent =
  /** A thread was opened, answered, edited, resolved or handled. */
  | { type: 'thread'; thread: PushedThread }
  /** The workflow moved (送审, 审定, 退回, 重新开放): what the reader may do may have changed. */
  | { type: 'workflow' }
  /**
   * An edit this socket sent was not taken (the document is approved, or the socket may only
   * read): the editor drops its copy and loads the server's document afresh, so that it never
   * shows text the server refused.
   */
  | { type: 'refused' }
export type ServerEventType = ServerEvent['type']
export type ServerEventOf<T extends ServerEventType> = Extract<ServerEvent, { type: T }>

/** The whole frame of one event, as the server sends it. */
export function encodeServerEvent(event: ServerEvent): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, EVENT_MESSAGE_TYPE)
  encoding.writeVarString(encoder, JSON.stringify(event))
  return encoding.toUint8Array(encoder)
}

/**
 * Reads an event after its message type (where a provider's message handler starts). Null for
 * anything that is not JSON of a known event type: the document sync goes on regardless.
 */
export function readServerEvent(decoder: decoding.Decoder): ServerEvent | null {
  let json: unknown
  try {
    json = JSON.parse(decoding.readVarString(decoder))
  } catch {
    return null
  }
  return isServerEvent(json) ? json : null
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The shape a reader relies on: a known type and, for a thread, an object with an id. */
function isServerEvent(value: unknown): value is ServerEvent {
  if (!isObject(value)) return false
  switch (value.type) {
    case 'workflow':
    case 'refused':
      return true
    case 'thread':
      return isObject(value.thread) && typeof value.thread.id === 'string'
    default:
      return false
  }
}

/** Reads a whole frame: the event it carries, or null when it is not an event frame. */
export function decodeServerEvent(frame: Uint8Array): ServerEvent | null {
  const decoder = decoding.createDecoder(frame)
  try {
    if (decoding.readVarUint(decoder) !== EVENT_MESSAGE_TYPE) return null
  } catch {
    return null
  }
  return readServerEvent(decoder)
}

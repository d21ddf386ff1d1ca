/**
 * Websocket close codes and message limits shared by server and client.
 * Refusals sit in 4400–4499: y-websocket providers treat that band as final and stop
 * reconnecting. "Reconnect to pick up new rights" uses 4500–4599, which providers retry.
 */
export const CloseCode = {
  /** A frame that is not a valid y-protocol message (RFC 6455 "unsupported data"). */
  unsupportedData: 1003,
  /** A frame larger than MAX_MESSAGE_BYTES (RFC 6455 "message too big"). */
  messageTooBig: 1009,
  /** The server could not keep the document (storage failure); the client should retry. */
  internalError: 1011,
  /** The server is shutting down; the client should retry. */
  goingAway: 1001,
  /** The socket did not read what the server sent (RFC 6455 "try again later"); the client retries. */
  tryAgainLater: 1013,
  unauthenticated: 4401,
  /** The user's account was disabled: told apart from an ended session, since signing in again will not help. */
  accountDisabled: 4410,
  forbidden: 4403,
  /** Unknown document, or one the user may not learn exists. */
  notFound: 4404,
  /** The user, or the document, already has as many open sockets as the server allows. */
  tooManySockets: 4429,
  /** The user's rights on this document changed: reconnect to pick up the new ones. */
  rightsChanged: 4500,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** Default upper bound for one websocket frame, overridable by MAX_MESSAGE_BYTES. */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024

/** The server the fuzz campaign runs against: small frames so that oversized ones are cheap, no rate limits in the way. */
export const MAX_FRAME_BYTES = 64 * 1024
export const OVERSIZED_FRAME_BYTES = MAX_FRAME_BYTES + 1024

export const fuzzServerEnv: Record<string, string> = {
  MAX_MESSAGE_BYTES: String(MAX_FRAME_BYTES),
  // The campaign sends as fast as it can from a few users; the rates and caps are tested elsewhere.
  SOCKET_MESSAGES_PER_SECOND: '1000000',
  SOCKET_BYTES_PER_SECOND: String(1024 ** 3),
  MAX_SOCKETS_PER_USER: '100',
}

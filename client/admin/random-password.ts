/** An initial password for the administrator to hand over: 14 characters without look-alikes (0/O, 1/l/I). */
const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

export function randomPassword(length = 14): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2))
  let out = ''
  // Rejection sampling keeps every character equally likely (256 is not a multiple of the alphabet).
  const limit = 256 - (256 % alphabet.length)
  for (const byte of bytes) {
    if (byte >= limit) continue
    out += alphabet[byte % alphabet.length]
    if (out.length === length) return out
  }
  return out + randomPassword(length - out.length)
}

/** Who is calling: the socket's peer address, or the client address a trusted proxy recorded. */
import type { Context } from 'hono'

/** The address at the other end of the TCP connection (the last proxy, when there is one). */
export function socketAddress(c: Context): string | null {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? null
}

/**
 * The client's address for rate limiting. Behind `trustedHops` proxies that each append the address
 * they received the request from to X-Forwarded-For, the client is the entry the outermost trusted
 * proxy appended: the `trustedHops`-th from the right. Everything left of it was written by the
 * client itself and may be anything.
 */
export function clientAddress(c: Context, trustedHops: number): string {
  if (trustedHops > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
    // Fewer entries than trusted proxies: all of them were appended by a trusted proxy.
    if (hops.length > 0) return hops[Math.max(0, hops.length - trustedHops)]
  }
  return socketAddress(c) ?? 'unknown'
}

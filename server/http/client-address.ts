/**
 * Who is calling and how: the socket's peer address and the request's scheme, or what a trusted
 * proxy recorded of them (X-Forwarded-For, X-Forwarded-Proto). Without TRUST_PROXY those headers
 * are the client's own word and are ignored.
 */
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

/**
 * Whether the client reached us over https: the request's own scheme, or behind `trustedHops`
 * proxies the X-Forwarded-Proto the outermost trusted one set (the `trustedHops`-th entry from the
 * right of a list, as for X-Forwarded-For). Decides the session cookie's Secure attribute.
 */
export function clientUsesHttps(c: Context, trustedHops: number): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true
  if (trustedHops === 0) return false
  const schemes = (c.req.header('x-forwarded-proto') ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
  return schemes.length > 0 && schemes[Math.max(0, schemes.length - trustedHops)] === 'https'
}

import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { clientAddress, clientUsesHttps } from '../../server/http/client-address.js'

/** What clientAddress answers for a request from `peer` with these X-Forwarded-For values. */
async function addressOf(trustedHops: number, forwardedFor: string | null, peer = '10.0.0.9'): Promise<string> {
  const app = new Hono().get('/', (c) => c.text(clientAddress(c, trustedHops)))
  const headers: Record<string, string> = forwardedFor === null ? {} : { 'x-forwarded-for': forwardedFor }
  const res = await app.request('/', { headers }, { incoming: { socket: { remoteAddress: peer } } })
  return res.text()
}

describe('the client address', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', async () => {
    expect(await addressOf(0, '203.0.113.1')).toBe('10.0.0.9')
  })

  it('behind one proxy is the entry that proxy appended, not one the client wrote before it', async () => {
    expect(await addressOf(1, '203.0.113.1')).toBe('203.0.113.1')
    expect(await addressOf(1, '1.2.3.4, 203.0.113.1')).toBe('203.0.113.1')
    expect(await addressOf(1, 'evil, 5.6.7.8,  203.0.113.1 ')).toBe('203.0.113.1')
  })

  it('behind N proxies is the Nth entry from the right', async () => {
    expect(await addressOf(2, 'spoofed, 203.0.113.1, 10.0.0.2')).toBe('203.0.113.1')
    expect(await addressOf(3, 'spoofed, 203.0.113.1, 10.0.0.2, 10.0.0.3')).toBe('203.0.113.1')
    // Fewer entries than proxies: every entry came from a trusted proxy; the outermost one's is the client.
    expect(await addressOf(2, '203.0.113.1')).toBe('203.0.113.1')
  })

  it('falls back to the socket peer when a trusted proxy sent no X-Forwarded-For', async () => {
    expect(await addressOf(1, null)).toBe('10.0.0.9')
    expect(await addressOf(1, ' , ')).toBe('10.0.0.9')
  })
})

/** Whether clientUsesHttps finds https for a request to `url` with this X-Forwarded-Proto. */
async function httpsFor(
  trustedHops: number,
  forwardedProto: string | null,
  url = 'http://jianyi.example/',
): Promise<boolean> {
  const app = new Hono().get('/', (c) => c.text(String(clientUsesHttps(c, trustedHops))))
  const headers: Record<string, string> = forwardedProto === null ? {} : { 'x-forwarded-proto': forwardedProto }
  return (await (await app.request(url, { headers })).text()) === 'true'
}

describe('whether the client uses https', () => {
  it('ignores X-Forwarded-Proto when no proxy is trusted: the client may write anything there', async () => {
    expect(await httpsFor(0, 'https')).toBe(false)
    expect(await httpsFor(0, null, 'https://jianyi.example/')).toBe(true)
  })

  it('behind trusted proxies takes the scheme the outermost of them set', async () => {
    expect(await httpsFor(1, 'https')).toBe(true)
    expect(await httpsFor(1, 'HTTPS')).toBe(true)
    expect(await httpsFor(1, 'http')).toBe(false)
    expect(await httpsFor(1, null)).toBe(false)
    // A list, one entry per proxy: the client's own entry on the left does not count.
    expect(await httpsFor(1, 'https, http')).toBe(false)
    expect(await httpsFor(2, 'http, https, http')).toBe(true)
  })
})

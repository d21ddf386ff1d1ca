/**
 * The built client is sent compressed from the copies the build made, hashed assets are cached
 * for a year, index.html is revalidated by its ETag, and a browser opening Jianyi a second time
 * downloads no JavaScript at all.
 */
import { request } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { launchBrowserFor, type ServerBrowser } from '../helpers/browser.js'
import { startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowserFor(server, { viewport: { width: 1200, height: 850 } })
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** A request whose body is returned as sent on the wire (fetch would decompress it). */
function raw(path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

async function scriptPath(): Promise<string> {
  const page = (await raw('/', { 'Accept-Encoding': 'identity' })).body.toString()
  const src = /<script[^>]+src="([^"]+\.js)"/.exec(page)?.[1]
  expect(src, 'index.html names its script').toBeTruthy()
  return src!
}

describe('serving the client', () => {
  it('sends the precompressed copy the browser accepts, with cache headers and ETags', async () => {
    const script = await scriptPath()
    const plain = await raw(script, { 'Accept-Encoding': 'identity' })
    expect(plain.status).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(plain.headers.vary).toMatch(/accept-encoding/i)

    const br = await raw(script, { 'Accept-Encoding': 'gzip, deflate, br' })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(Number(br.headers['content-length'])).toBe(br.body.length)
    expect(br.body.length).toBeLessThan(plain.body.length / 3)
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true)

    const gz = await raw(script, { 'Accept-Encoding': 'gzip' })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true)
    // Each copy has its own validator.
    expect(new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]).size).toBe(3)

    const again = await raw(script, { 'Accept-Encoding': 'br', 'If-None-Match': String(br.headers.etag) })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
  })

  it('has every visit revalidate index.html, and never caches the page sent for a missing asset', async () => {
    const page = await raw('/d/some-draft', { 'Accept-Encoding': 'br' })
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    expect(page.headers['cache-control']).toBe('no-cache')
    expect(page.headers.etag).toBeTruthy()
    const revalidated = await raw('/', { 'If-None-Match': String(page.headers.etag) })
    expect(revalidated.status).toBe(304)

    const missing = await raw('/assets/no-such-file-0000.js')
    expect(missing.headers['cache-control']).toBe('no-cache')
  })

  it('compresses JSON answers over about a kilobyte and leaves small ones as they are', async () => {
    const large = await raw('/api/openapi.json', { 'Accept-Encoding': 'gzip' })
    expect(large.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(gunzipSync(large.body).toString()).openapi).toBe('3.1.0')
    const small = await raw('/api/health', { 'Accept-Encoding': 'gzip' })
    expect(small.body.length).toBeLessThan(1024)
    expect(small.headers['content-encoding']).toBeUndefined()
    expect(JSON.parse(small.body.toString())).toHaveProperty('ok')
  })

  it('downloads no JavaScript when the same browser opens Jianyi a second time', async () => {
    const context = await browser.newContext()
    const first = await scriptLoads(context)
    expect(first.fromNetwork.length).toBeGreaterThan(0)
    const second = await scriptLoads(context)
    expect(second.fromNetwork).toEqual([])
    expect(second.fromCache.length).toBe(first.fromNetwork.length)
    expect(browser.pageErrors).toEqual([])
  })
})

/** Opens the login page in a new tab of `context` and tells where each script it ran came from. */
async function scriptLoads(context: BrowserContext): Promise<{ fromNetwork: string[]; fromCache: string[] }> {
  const page = await browser.openPage(context, 'about:blank')
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  const loads = { fromNetwork: [] as string[], fromCache: [] as string[] }
  cdp.on('Network.responseReceived', ({ type, response }) => {
    if (type !== 'Script') return
    const cached = response.fromDiskCache || response.fromPrefetchCache || response.fromServiceWorker
    ;(cached ? loads.fromCache : loads.fromNetwork).push(response.url)
  })
  await page.goto('/')
  await page.getByTestId('login-form').waitFor()
  return loads
}

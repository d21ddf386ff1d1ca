/**
 * Another site cannot make a signed-in browser export in its user's name: GETs sent by another
 * site's page (a link, an image, a frame) are refused before they do anything, while the app's own
 * downloads, typed-in addresses and non-browser clients still work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let convener: Session
let docId: string
let exportPath: string

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  convener = await login(server, 'zuzhang')
  docId = (await demoGroup(convener)).sampleDocId
  const version = await convener.json<{ number: number }>(`/documents/${docId}/versions`, {
    method: 'POST',
    body: JSON.stringify({ label: '跨站测试' }),
    expect: 201,
  })
  exportPath = `/documents/${docId}/versions/${version.number}/export/md`
})

afterAll(async () => {
  await server?.kill('SIGKILL')
})

const exportsAudited = async () =>
  (await convener.json<{ entries: { action: string }[] }>(`/documents/${docId}/audit`, { expect: 200 })).entries.filter(
    (e) => e.action === 'export',
  ).length

/** The export as a browser would fetch it with these headers (and the user's cookie). */
const download = (headers: Record<string, string>) => convener.api(exportPath, { headers })

describe('cross-site GETs', () => {
  it('refuses an export linked from another site with 403, and writes nothing to the audit chain', async () => {
    const before = await exportsAudited()
    const refused: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
      { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'navigate' },
      // Browsers without Fetch Metadata: the Referer or Origin names the other site.
      { referer: 'https://evil.example/page.html' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ]
    for (const headers of refused) {
      const res = await download(headers)
      expect(res.status, JSON.stringify(headers)).toBe(403)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden')
    }
    expect(await exportsAudited()).toBe(before)
  })

  it("still serves the app's own downloads, typed-in addresses and non-browser clients", async () => {
    const before = await exportsAudited()
    const allowed: Record<string, string>[] = [
      { 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'iframe' },
      { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' },
      { referer: `${server.url}/d/${docId}` },
      {},
    ]
    for (const headers of allowed) {
      const res = await download(headers)
      expect(res.status, JSON.stringify(headers)).toBe(200)
      expect(res.headers.get('content-disposition')).toMatch(/^attachment/)
    }
    expect(await exportsAudited()).toBe(before + allowed.length)
  })

  it('refuses every other API read from another site the same way', async () => {
    expect((await convener.api('/documents', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403)
    expect((await convener.api('/register.csv', { headers: { referer: 'https://evil.example/' } })).status).toBe(403)
    expect((await convener.api('/documents', { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200)
  })
})

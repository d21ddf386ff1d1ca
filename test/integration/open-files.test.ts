/**
 * A server that has written thousands of drafts keeps a bounded number of files open: document logs
 * are closed least-recently-written first, so it never runs out of descriptors (EMFILE).
 */
import { readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced } from '../helpers/peers.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let convener: Session

beforeAll(async () => {
  // 160 descriptors in all: node, the data directory and the sockets need about 40 of them.
  server = await startServer({ args: ['--demo'], env: { MAX_OPEN_LOGS: '32' }, maxOpenFiles: 160 })
  convener = await login(server, 'zuzhang')
})

afterAll(async () => {
  await server?.kill('SIGKILL')
})

const openFiles = () => readdirSync(`/proc/${server.process.pid}/fd`).length

describe('open document logs', () => {
  it('stays within its descriptors while 400 drafts are written, and every draft still opens', async () => {
    const { groupId } = await demoGroup(convener)
    const ids: string[] = []
    // Each draft made from the template is written to its own log at once.
    for (let i = 0; i < 400; i++) {
      const doc = await convener.json<{ id: string }>('/documents', {
        method: 'POST',
        body: JSON.stringify({ title: `关于第${i}项工作的建议案`, groupId, template: 'jianyian' }),
        expect: 201,
      })
      ids.push(doc.id)
    }
    expect(openFiles()).toBeLessThan(100)
    expect(server.output()).not.toMatch(/EMFILE/)

    // The first draft's log was closed long ago: it is read and written again on demand.
    const first = connectPeer(server.wsUrl, ids[0], { headers: { cookie: convener.cookie } })
    try {
      await waitSynced([first])
      expect(first.doc.getXmlFragment('default').length).toBeGreaterThan(0)
      first.text.insert(0, '再次写入')
      const again = connectPeer(server.wsUrl, ids[0], { headers: { cookie: convener.cookie } })
      await waitFor(() => again.text.toString() === '再次写入', 'the edit to reach a fresh peer')
      again.destroy()
    } finally {
      first.destroy()
    }
  })
})

/**
 * Redlines and diffs run in worker threads, within a size and a time budget: while a pathological
 * comparison runs, edits keep flowing between editors, and the request that is too large, or takes
 * too long, gets its error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { seededRandom } from '../helpers/seeded-random.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let member: Session
const peers: Peer[] = []

beforeAll(async () => {
  server = await startServer({
    args: ['--demo'],
    env: { EXPORT_WORKERS: '1', EXPORT_TIMEOUT_SECONDS: '5', EXPORT_MAX_CHARS: '300000' },
  })
  member = await login(server, 'chengyuan1')
})
afterAll(async () => {
  for (const p of peers) p.destroy()
  await server?.kill('SIGKILL')
})

function editor(docId: string): Peer {
  const peer = connectPeer(server.wsUrl, docId, { headers: { cookie: member.cookie } })
  peers.push(peer)
  return peer
}

/** `length` random 汉字: two such texts share almost nothing, the worst case of a character diff. */
function randomHan(length: number, seed: number): string {
  const random = seededRandom(seed)
  let text = ''
  for (let i = 0; i < length; i++) text += String.fromCharCode(0x4e00 + Math.floor(random() * 3000))
  return text
}

/** Makes the draft one paragraph of `text` and saves it as a version. */
async function saveVersionOf(peer: Peer, docId: string, text: string): Promise<void> {
  const fragment = peer.doc.getXmlFragment('default')
  peer.doc.transact(() => {
    fragment.delete(0, fragment.length)
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText(text)])
    fragment.insert(0, [paragraph])
  })
  const check = editor(docId)
  await waitSynced([check])
  await waitFor(() => check.doc.getXmlFragment('default').toString().includes(text.slice(-20)), 'the text to be stored')
  check.destroy()
  await member.json(`/documents/${docId}/versions`, {
    method: 'POST',
    body: JSON.stringify({ label: 'v' }),
    expect: 201,
  })
}

describe('a pathological redline', () => {
  it('runs beside the editors, who keep editing, and stops at its time budget with export_timeout', async () => {
    const convener = await login(server, 'zuzhang')
    const docId = await createDraft(convener, '关于比对预算的建议案')
    const writer = editor(docId)
    await waitSynced([writer])
    await saveVersionOf(writer, docId, randomHan(60_000, 1))
    await saveVersionOf(writer, docId, randomHan(60_000, 2))
    await saveVersionOf(writer, docId, randomHan(250_000, 3))

    const order: string[] = []
    const redline = member.api(`/documents/${docId}/redline?from=1&to=2`).then(async (res) => {
      order.push('redline answered')
      return { status: res.status, body: (await res.json()) as { error: { code: string } } }
    })
    await waitFor(() => /heavy work: redline of \d+ characters started/.test(server.output()), 'the redline to start')

    const [a, b] = [editor(docId), editor(docId)]
    await waitSynced([a, b])
    a.doc.getText('probe').insert(0, '比对进行中的输入')
    await waitFor(() => b.doc.getText('probe').toString() === '比对进行中的输入', 'the edit to reach the other editor')
    order.push('edit propagated')

    const answer = await redline
    expect(order).toEqual(['edit propagated', 'redline answered'])
    expect(answer.status).toBe(503)
    expect(answer.body.error.code).toBe('export_timeout')

    // The pool replaced the stopped worker; a comparison over the size budget is refused at once.
    const tooLarge = await member.api(`/documents/${docId}/redline?from=2&to=3`)
    expect(tooLarge.status).toBe(413)
    expect(((await tooLarge.json()) as { error: { code: string } }).error.code).toBe('export_too_large')
    const small = await member.api(`/documents/${docId}/diff?from=1&to=1`)
    expect(small.status).toBe(200)
  })
})

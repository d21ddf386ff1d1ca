/**
 * Every export file, redline and diff is built in worker threads, within a size and a time budget:
 * while a pathological comparison or a large PDF is being made, edits keep flowing between editors,
 * and the request that is too large, or takes too long, gets its error. The workers start when first
 * needed and end when left without work.
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

/** Starts the server the tests of one describe block talk to, with these export limits. */
function serverWith(env: Record<string, string>): void {
  beforeAll(async () => {
    server = await startServer({ args: ['--demo'], env: { EXPORT_WORKERS: '1', ...env } })
    member = await login(server, 'chengyuan1')
  })
  afterAll(async () => {
    for (const p of peers.splice(0)) p.destroy()
    await server?.kill('SIGKILL')
  })
}

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

/** How many lines of the server's log match `pattern`. */
const logged = (pattern: RegExp) => server.output().match(new RegExp(pattern.source, 'g'))?.length ?? 0

describe('a pathological redline', () => {
  serverWith({ EXPORT_TIMEOUT_SECONDS: '5', EXPORT_MAX_CHARS: '300000' })

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

describe('exports in the worker pool', () => {
  serverWith({ EXPORT_TIMEOUT_SECONDS: '300', EXPORT_MAX_CHARS: '300000', EXPORT_WORKER_IDLE_SECONDS: '1' })

  it('builds a large PDF beside the editors: twenty edits go from one editor to another before it is answered', async () => {
    const convener = await login(server, 'zuzhang')
    const docId = await createDraft(convener, '关于大文件导出的建议案')
    const writer = editor(docId)
    await waitSynced([writer])
    await saveVersionOf(writer, docId, randomHan(120_000, 4))
    const [a, b] = [editor(docId), editor(docId)]
    await waitSynced([a, b])
    // Logins, editing and saving start no worker: the pool starts with the first file.
    expect(logged(/heavy work: a worker thread started/)).toBe(0)

    let answered = false
    const pdf = member.api(`/documents/${docId}/versions/1/export/pdf`).then(async (res) => {
      answered = true
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        bytes: new Uint8Array(await res.arrayBuffer()),
      }
    })
    await waitFor(() => /heavy work: pdf of \d+ characters started/.test(server.output()), 'the PDF to start')

    // Each edit waits for the previous one to arrive: twenty turns of the server's event loop, at least.
    const probe = a.doc.getText('probe')
    for (let i = 1; i <= 20; i++) {
      probe.insert(probe.length, `${i},`)
      const expected = probe.toString()
      await waitFor(() => b.doc.getText('probe').toString() === expected, `edit ${i} to reach the other editor`)
    }
    expect(answered).toBe(false)

    const answer = await pdf
    expect(answer.status).toBe(200)
    expect(answer.type).toBe('application/pdf')
    expect(new TextDecoder().decode(answer.bytes.slice(0, 5))).toBe('%PDF-')
    expect(logged(/heavy work: a worker thread started/)).toBe(1)
  })

  it('refuses a version over EXPORT_MAX_CHARS as DOCX, PDF, Markdown and text with export_too_large', async () => {
    const convener = await login(server, 'zuzhang')
    const docId = await createDraft(convener, '关于导出上限的建议案')
    const writer = editor(docId)
    await waitSynced([writer])
    await saveVersionOf(writer, docId, randomHan(310_000, 5))
    for (const format of ['docx', 'pdf', 'md', 'txt']) {
      const res = await member.api(`/documents/${docId}/versions/1/export/${format}`)
      expect(res.status, format).toBe(413)
      const { error } = (await res.json()) as { error: { code: string; message: string } }
      expect(error.code, format).toBe('export_too_large')
      expect(error.message).toMatch(/EXPORT_MAX_CHARS/)
    }
  })

  it('builds the opinion table and the register in the pool too', async () => {
    const convener = await login(server, 'zuzhang')
    const docId = await createDraft(convener, '关于意见表的建议案')
    for (const format of ['docx', 'csv']) {
      const res = await convener.api(`/documents/${docId}/opinions.${format}`)
      expect(res.status, format).toBe(200)
      await res.arrayBuffer()
      expect(logged(new RegExp(`heavy work: opinion-table ${format} of \\d+ characters started`)), format).toBe(1)
    }
    const secretary = await login(server, 'mishu')
    const register = await secretary.api('/register.csv')
    expect(register.status).toBe(200)
    expect([...new Uint8Array(await register.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(logged(/heavy work: register csv of \d+ characters started/)).toBe(1)
  })

  it('ends a worker left without work for EXPORT_WORKER_IDLE_SECONDS, and starts one again when needed', async () => {
    // Every worker started so far ends once left idle: a server at rest holds none.
    await waitFor(
      () => logged(/heavy work: a worker thread ended after 1000 ms without work/) === logged(/worker thread started/),
      'the idle workers to end',
    )
    const started = logged(/heavy work: a worker thread started/)
    const convener = await login(server, 'zuzhang')
    const docId = await createDraft(convener, '关于空闲线程的建议案')
    const res = await convener.api(`/documents/${docId}/opinions.csv`)
    expect(res.status).toBe(200)
    expect(logged(/heavy work: a worker thread started/)).toBe(started + 1)
  })
})

describe('an export past its time budget', () => {
  serverWith({ EXPORT_TIMEOUT_SECONDS: '0.5', EXPORT_MAX_CHARS: '3000000' })

  it('is stopped with export_timeout, and the next export gets a fresh worker', async () => {
    const convener = await login(server, 'zuzhang')
    const docId = await createDraft(convener, '关于导出时限的建议案')
    const writer = editor(docId)
    await waitSynced([writer])
    await saveVersionOf(writer, docId, randomHan(200_000, 6))
    await saveVersionOf(writer, docId, '短短的一段。')

    const pdf = await member.api(`/documents/${docId}/versions/1/export/pdf`)
    expect(pdf.status).toBe(503)
    const { error } = (await pdf.json()) as { error: { code: string; message: string } }
    expect(error.code).toBe('export_timeout')
    expect(error.message).toMatch(/the export took longer than 500 ms/)

    const text = await member.api(`/documents/${docId}/versions/2/export/txt`)
    expect(text.status).toBe(200)
    expect(await text.text()).toContain('短短的一段。')
    expect(logged(/heavy work: a worker thread started/)).toBe(2)
  })
})

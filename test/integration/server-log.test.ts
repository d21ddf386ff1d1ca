/**
 * What the server prints while readers come and go: nothing for a read-only socket that opens a
 * document (each sends its state, which the server drops), and at debug level one line per socket
 * that had updates dropped, however many it sent.
 */
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { decodeServerEvent, EVENT_MESSAGE_TYPE } from '../../shared/collab-events.js'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced } from '../helpers/peers.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

const servers: RunningServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.kill()
})

async function demoServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startServer({ args: ['--demo'], env })
  servers.push(server)
  return server
}

/** A sync/update frame adding a paragraph: something a reader's socket may not bring. */
function paragraphFrame(text: string): Uint8Array {
  const local = new Y.Doc()
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(text)])
  local.getXmlFragment('default').insert(0, [paragraph])
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(local))
  return encoding.toUint8Array(encoder)
}

/**
 * Opens a raw socket as `session`, sends `count` updates that the server must drop, and resolves
 * once the server has said so (a `refused` event) for every one of them; then closes it.
 */
async function sendRefused(server: RunningServer, session: Session, docId: string, count: number): Promise<void> {
  const ws = new WebSocket(`${server.wsUrl}/collab/${docId}`, { headers: { cookie: session.cookie } })
  let refused = 0
  ws.on('message', (data: Buffer) => {
    if (decodeServerEvent(new Uint8Array(data))?.type === 'refused') refused++
  })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  for (let i = 0; i < count; i++) ws.send(paragraphFrame(`读者擅自写入 ${i}`))
  await waitFor(() => refused === count, `the server to refuse ${count} updates`)
  ws.close()
}

/** The readers of the demo draft (chair and invited commenter) open it `times` times each, as editors do. */
async function readersOpen(server: RunningServer, times: number): Promise<string> {
  const [convener, chair, commenter] = await Promise.all(['zuzhang', 'zhuxi', 'zhengqiu'].map((u) => login(server, u)))
  const { sampleDocId } = await demoGroup(convener)
  for (let i = 0; i < times; i++) {
    for (const reader of [chair, commenter]) {
      const peer = connectPeer(server.wsUrl, sampleDocId, { headers: { cookie: reader.cookie } })
      // Jianyi's own events (a `refused` among them) are not this test's concern.
      peer.provider.messageHandlers[EVENT_MESSAGE_TYPE] = () => {}
      // A local edit the reader's provider sends on connecting: the server drops it, as it would a browser's.
      peer.doc.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')])
      await waitSynced([peer])
      peer.destroy()
    }
  }
  return sampleDocId
}

const collabLines = (output: string) => output.split('\n').filter((line) => line.includes('collab:'))

describe('the server log and read-only sockets', () => {
  it('prints nothing when readers open a document twenty times, nor for the updates it drops from them', async () => {
    const server = await demoServer()
    const docId = await readersOpen(server, 10)
    await sendRefused(server, await login(server, 'zhuxi'), docId, 5)
    expect(collabLines(server.output())).toEqual([])
  })

  it('at debug level says once per socket that it drops its updates, however many it sends', async () => {
    const server = await demoServer({ LOG_LEVEL: 'debug' })
    const docId = await readersOpen(server, 0)
    const [chair, commenter] = await Promise.all(['zhuxi', 'zhengqiu'].map((u) => login(server, u)))
    await sendRefused(server, chair, docId, 5)
    await sendRefused(server, commenter, docId, 3)
    await sendRefused(server, chair, docId, 4)
    const dropped = collabLines(server.output()).filter((line) => line.includes('dropped an update'))
    expect(dropped).toHaveLength(3)
    expect(dropped.every((line) => / debug: collab: dropped an update from read-only socket #\d+ /.test(line))).toBe(
      true,
    )
    expect(dropped.filter((line) => line.includes(' zhuxi on '))).toHaveLength(2)
  })
})

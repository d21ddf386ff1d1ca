/** Official y-websocket clients in Node, for driving the real server as browsers would. */
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { waitFor } from './server.js'

export interface Peer {
  doc: Y.Doc
  text: Y.Text
  provider: WebsocketProvider
  /** Close events the provider saw, most recent last. */
  closes: { code: number; reason: string }[]
  destroy(): void
}

export function connectPeer(wsUrl: string, docId: string, options: { headers?: Record<string, string> } = {}): Peer {
  const doc = new Y.Doc()
  const closes: { code: number; reason: string }[] = []
  const headers = options.headers
  const Polyfill = headers
    ? (class extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers })
        }
      } as unknown as typeof globalThis.WebSocket)
    : (WebSocket as unknown as typeof globalThis.WebSocket)
  const provider = new WebsocketProvider(`${wsUrl}/collab`, docId, doc, {
    WebSocketPolyfill: Polyfill,
    disableBc: true,
    maxBackoffTime: 500,
  })
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason })
  })
  return {
    doc,
    text: doc.getText('content'),
    provider,
    closes,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

export async function waitSynced(peers: Peer[], timeoutMs = 15_000): Promise<void> {
  await waitFor(() => peers.every((p) => p.provider.synced), 'peers to sync', timeoutMs)
}

/** Waits until every peer holds exactly the same content as the first. */
export async function waitConverged(peers: Peer[], timeoutMs = 30_000): Promise<string> {
  await waitFor(
    () => peers.every((p) => p.text.toString() === peers[0].text.toString()),
    'peers to converge',
    timeoutMs,
  )
  return peers[0].text.toString()
}

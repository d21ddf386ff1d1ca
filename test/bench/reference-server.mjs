/**
 * The reference: the official in-memory y-websocket server (@y/websocket-server), run as its own
 * process so its CPU can be measured like ours. Prints `listening on ws://127.0.0.1:PORT`.
 * Rooms are named by the URL path: ws://host:port/<room>.
 */
import { setupWSConnection } from '@y/websocket-server/utils'
import { WebSocketServer } from 'ws'

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
wss.on('connection', (conn, req) => setupWSConnection(conn, req))
wss.on('listening', () => {
  const address = wss.address()
  if (address === null || typeof address === 'string') throw new Error(`unexpected address ${String(address)}`)
  console.log(`listening on ws://127.0.0.1:${address.port}`)
})

const stop = () => {
  for (const client of wss.clients) client.terminate()
  wss.close(() => process.exit(0))
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)

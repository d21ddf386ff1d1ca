/** Composition root: reads the configuration, opens the stores, serves HTTP and websockets on one port. */
import { serve } from '@hono/node-server'
import { resolve } from 'node:path'
import { createApp } from './app.js'
import { clientOutDir } from './client-build.js'
import { Rooms } from './collab/rooms.js'
import { readConfig } from './config.js'
import { openStores } from './store/open.js'

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`)

const config = readConfig()
const { metadata, content } = await openStores(config, log)
const rooms = new Rooms(content, log)
const { app, injectWebSocket, wss } = createApp({
  metadata,
  content,
  rooms,
  allowedOrigins: config.allowedOrigins,
  clientDir: resolve(clientOutDir),
  log,
})
// `ws` closes a socket whose frame exceeds this with 1009, before any of it is buffered whole.
wss.options.maxPayload = config.maxMessageBytes

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  console.log(`Jianyi listening on http://${config.host}:${info.port} (data in ${config.dataDir})`)
})
injectWebSocket(server)

let stopping = false
async function shutdown(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  log(`${signal}: stopping`)
  // Stop accepting first, so no socket joins a room while the rooms are stored.
  server.close()
  await rooms.closeAll()
  await content.close()
  await metadata.close()
  for (const socket of wss.clients) socket.terminate()
  log('stopped cleanly')
  process.exit(0)
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    shutdown(signal).catch((error: Error) => {
      log(`shutdown failed: ${error.stack}`)
      process.exit(1)
    })
  })
}

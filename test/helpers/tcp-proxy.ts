/** A TCP proxy whose link can be cut and restored, to play a database or broker going away. */
import net from 'node:net'

export interface TcpProxy {
  port: number
  /** Drops every connection and refuses new ones. */
  cut(): void
  restore(): void
  close(): Promise<void>
}

export async function tcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let up = true
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    if (!up) {
      client.destroy()
      return
    }
    const upstream = net.connect(targetPort, targetHost)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => {})
    }
    client.pipe(upstream).pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      up = false
      for (const s of sockets) s.destroy()
    },
    restore() {
      up = true
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/**
 * Request bodies are limited before anything buffers them: a declared size over the limit is
 * refused before it is read, and a chunked body is refused as soon as it passes the limit.
 */
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer

beforeAll(async () => {
  server = await startServer()
})

afterAll(async () => {
  await server?.kill('SIGKILL')
})

const MiB = 1024 * 1024

/** Resident memory of the server process, from /proc. */
function serverRss(): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.process.pid}/status`, 'utf8'))
  if (!match) throw new Error('no VmRSS')
  return Number(match[1]) * 1024
}

interface Sent {
  status: number
  body: string
  /** Bytes of the body written before the answer arrived. */
  bytesSent: number
}

/**
 * POSTs a body of `total` bytes (declared by Content-Length, or chunked) on a plain TCP socket,
 * written as fast as the server reads it but at most `sendAtMost` bytes of it: a server that
 * answers has not waited for the rest. Writing stops as soon as anything comes back, so
 * `bytesSent` says how much the server took before answering. (A plain socket, because an HTTP
 * client may report the server's closing on the rest of the body before the answer it read.)
 */
function post(
  path: string,
  total: number,
  options: { declareLength: boolean; contentType?: string; chunk?: Buffer; sendAtMost?: number },
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const chunk = options.chunk ?? Buffer.alloc(64 * 1024, 0x20)
    const sendAtMost = Math.min(total, options.sendAtMost ?? total)
    const socket = connect(server.port, '127.0.0.1')
    let received = Buffer.alloc(0)
    let bytesSent: number | null = null
    let written = 0
    const answer = () => {
      const text = received.toString('utf8')
      const headEnd = text.indexOf('\r\n\r\n')
      if (headEnd < 0) return null
      const length = Number(/^content-length: *(\d+)/im.exec(text.slice(0, headEnd))?.[1] ?? NaN)
      const body = received.subarray(Buffer.byteLength(text.slice(0, headEnd + 4)))
      if (!(body.length >= length)) return null
      return { status: Number(text.split(' ')[1]), body: body.toString('utf8') }
    }
    const finish = () => {
      const got = answer()
      if (!got) return false
      socket.destroy()
      resolve({ ...got, bytesSent: bytesSent ?? written })
      return true
    }
    socket.on('data', (data: Buffer) => {
      bytesSent ??= written
      received = Buffer.concat([received, data])
      finish()
    })
    // The server may close on the rest of the body once it has answered: that is its right.
    const ended = (error?: Error) => {
      if (!finish()) reject(error ?? new Error(`connection closed without an answer: ${received.toString()}`))
    }
    socket.on('error', ended)
    socket.on('end', () => ended())
    const head = [
      `POST ${path} HTTP/1.1`,
      'Host: 127.0.0.1',
      `Content-Type: ${options.contentType ?? 'application/json'}`,
      options.declareLength ? `Content-Length: ${total}` : 'Transfer-Encoding: chunked',
    ]
    socket.write(`${head.join('\r\n')}\r\n\r\n`)
    const pump = () => {
      while (bytesSent === null && written < sendAtMost) {
        const n = Math.min(chunk.length, sendAtMost - written)
        const piece = n === chunk.length ? chunk : chunk.subarray(0, n)
        written += n
        const frame = options.declareLength
          ? piece
          : Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
        if (!socket.write(frame)) {
          socket.once('drain', pump)
          return
        }
      }
      if (bytesSent === null && written === total && !options.declareLength) socket.write('0\r\n\r\n')
    }
    pump()
  })
}

const code = (sent: Sent) => (JSON.parse(sent.body) as { error: { code: string; message: string } }).error

describe('request body limits', () => {
  const huge = 200 * MiB

  it('refuses a 200 MiB login body declared by Content-Length with 413 too_large without waiting for it', async () => {
    const before = serverRss()
    // Only the first 64 KiB go out: the answer cannot be waiting for the body.
    const sent = await post('/api/auth/login', huge, { declareLength: true, sendAtMost: 64 * 1024 })
    expect(sent.status).toBe(413)
    expect(code(sent).code).toBe('too_large')
    expect(code(sent).message).toMatch(/请求内容过大.*256 KiB/)
    expect(code(sent).message).toMatch(/too large.*256 KiB/)
    expect(serverRss() - before).toBeLessThan(huge / 4)
  })

  it('refuses a chunked 200 MiB body (no Content-Length) once it passes the limit, without buffering it', async () => {
    const before = serverRss()
    const sent = await post('/api/auth/login', huge, { declareLength: false })
    expect(sent.status).toBe(413)
    expect(code(sent).code).toBe('too_large')
    expect(sent.bytesSent).toBeLessThan(huge / 4)
    expect(serverRss() - before).toBeLessThan(huge / 4)
  })

  it('reads a JSON body of exactly the default limit (256 KiB) and refuses one byte more', async () => {
    const login = JSON.stringify({ username: 'niemand', password: 'x' })
    const atLimit = Buffer.from(login.padEnd(256 * 1024, ' '))
    const fits = await post('/api/auth/login', atLimit.length, { declareLength: true, chunk: atLimit })
    expect(fits.status).toBe(401)
    const over = Buffer.from(login.padEnd(256 * 1024 + 1, ' '))
    expect((await post('/api/auth/login', over.length, { declareLength: true, chunk: over })).status).toBe(413)
    expect((await post('/api/auth/login', over.length, { declareLength: false, chunk: over })).status).toBe(413)
  })

  it('gives uploads their own limit (20 MiB by default), which no JSON route reads', async () => {
    const upload = { declareLength: true, contentType: 'multipart/form-data; boundary=x' }
    // Over the JSON limit but within the upload limit: not refused for its size; a JSON route
    // refuses the type (415) without reading it.
    const withinUpload = await post('/api/auth/login', 1 * MiB, upload)
    expect(withinUpload.status).toBe(415)
    expect(code(withinUpload).code).toBe('invalid_input')
    const overUpload = await post('/api/auth/login', 20 * MiB + 1, { ...upload, sendAtMost: 64 * 1024 })
    expect(overUpload.status).toBe(413)
    expect(code(overUpload).message).toMatch(/20 MiB/)
  })
})

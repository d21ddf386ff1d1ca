/**
 * The streaming multipart reader (server/http/multipart.ts): the same fields and file bytes however
 * the body is cut into chunks (a delimiter split across two included), file names as browsers send
 * them, and nothing more read once the file's taker refuses it.
 */
import { describe, expect, it } from 'vitest'
import { readMultipart, type FilePartSink } from '../../server/http/multipart.js'

async function encoded(form: FormData): Promise<{ bytes: Uint8Array; contentType: string }> {
  const response = new Response(form)
  return { bytes: new Uint8Array(await response.arrayBuffer()), contentType: response.headers.get('content-type')! }
}

/** A request whose body arrives `size` bytes at a time; `pulled` counts the chunks read. */
function chunkedRequest(bytes: Uint8Array, contentType: string, size: number) {
  const counter = { pulled: 0 }
  let at = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close()
      counter.pulled++
      controller.enqueue(bytes.slice(at, at + size))
      at += size
    },
  })
  const request = new Request('http://localhost/upload', {
    method: 'POST',
    body,
    headers: { 'content-type': contentType },
    duplex: 'half',
  } as RequestInit)
  return { request, counter }
}

function collector() {
  const files: { field: string; fileName: string; bytes: number[]; ended: boolean }[] = []
  const file = (field: string, fileName: string): FilePartSink => {
    const entry = { field, fileName, bytes: [] as number[], ended: false }
    files.push(entry)
    return {
      write: async (chunk) => void entry.bytes.push(...chunk),
      end: async () => void (entry.ended = true),
    }
  }
  return { files, file }
}

describe('readMultipart', () => {
  const content = Uint8Array.from({ length: 5000 }, (_, i) => (i * 13) % 256)

  it('reads the same fields and file however the body is cut', async () => {
    const form = new FormData()
    form.set('title', '高标准农田\r\n--建设')
    form.set('file', new Blob([content]), '扫描件 "第1页".pdf')
    form.set('date', '2026-03-12')
    const { bytes, contentType } = await encoded(form)
    for (const size of [1, 7, 70, 4096, bytes.length]) {
      const { request } = chunkedRequest(bytes, contentType, size)
      const { files, file } = collector()
      const fields = await readMultipart(request, { file })
      expect(fields, `chunks of ${size}`).toEqual({ title: '高标准农田\r\n--建设', date: '2026-03-12' })
      expect(files).toHaveLength(1)
      expect(files[0].field).toBe('file')
      // As sent: a quote in a name is %22 on the wire (the HTML form encoding), taken as it is.
      expect(files[0].fileName).toBe('扫描件 %22第1页%22.pdf')
      expect(files[0].ended).toBe(true)
      expect(Uint8Array.from(files[0].bytes)).toEqual(content)
    }
  })

  it('stops reading when the file is refused', async () => {
    const form = new FormData()
    form.set('file', new Blob([new Uint8Array(1_000_000)]), 'big.bin')
    const { bytes, contentType } = await encoded(form)
    const { request, counter } = chunkedRequest(bytes, contentType, 1000)
    let written = 0
    const refusing = async () => {
      written++
      if (written === 3) throw new Error('refused')
    }
    await expect(readMultipart(request, { file: () => ({ write: refusing, end: async () => {} }) })).rejects.toThrow(
      'refused',
    )
    expect(counter.pulled).toBeLessThan(10)
  })

  it('answers 415 for another type and 400 for a body cut off', async () => {
    const other = new Request('http://localhost/', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    })
    await expect(readMultipart(other, collector())).rejects.toMatchObject({ status: 415 })

    const form = new FormData()
    form.set('title', 'x')
    const { bytes, contentType } = await encoded(form)
    const { request } = chunkedRequest(bytes.subarray(0, bytes.length - 10), contentType, 50)
    await expect(readMultipart(request, collector())).rejects.toMatchObject({ status: 400 })
  })

  it('answers 400 naming the body for a field over its limit and for too many parts', async () => {
    const long = new FormData()
    long.set('note', '意'.repeat(100))
    const tooLong = await encoded(long)
    await expect(
      readMultipart(chunkedRequest(tooLong.bytes, tooLong.contentType, 64).request, {
        ...collector(),
        maxFieldBytes: 90,
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('note') })

    const many = new FormData()
    for (let i = 0; i < 5; i++) many.set(`f${i}`, 'x')
    const tooMany = await encoded(many)
    await expect(
      readMultipart(chunkedRequest(tooMany.bytes, tooMany.contentType, 64).request, { ...collector(), maxParts: 3 }),
    ).rejects.toMatchObject({ status: 400 })
  })
})

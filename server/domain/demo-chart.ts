/**
 * The demo's photograph-like material: a bar chart of 亩均投入 by county as a PNG, drawn pixel by
 * pixel. No image library is in the server's dependencies for this one picture; a PNG is a header,
 * one zlib-compressed stream of rows and three CRC-checked chunks, which node:zlib does.
 */
import { crc32, deflateSync } from 'node:zlib'

const WIDTH = 640
const HEIGHT = 400

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** Bars of `values` (0–1 of the chart's height), in the office's red, on a paper background with axes. */
export function barChartPng(values: readonly number[]): Uint8Array {
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3)
  const paint = (x0: number, y0: number, x1: number, y1: number, [r, g, b]: readonly number[]) => {
    for (let y = Math.max(0, y0); y < Math.min(HEIGHT, y1); y++) {
      for (let x = Math.max(0, x0); x < Math.min(WIDTH, x1); x++) {
        const at = (y * WIDTH + x) * 3
        pixels[at] = r
        pixels[at + 1] = g
        pixels[at + 2] = b
      }
    }
  }
  paint(0, 0, WIDTH, HEIGHT, [250, 248, 243])
  const [left, right, top, bottom] = [60, WIDTH - 30, 30, HEIGHT - 50]
  for (let y = top; y <= bottom; y += (bottom - top) / 4)
    paint(left, Math.round(y), right, Math.round(y) + 1, [222, 218, 210])
  paint(left, top, left + 2, bottom + 2, [91, 91, 91])
  paint(left, bottom, right, bottom + 2, [91, 91, 91])
  const slot = (right - left) / values.length
  values.forEach((value, i) => {
    const x = Math.round(left + slot * i + slot * 0.2)
    const height = Math.round((bottom - top) * Math.min(1, Math.max(0, value)))
    paint(x, bottom - height, Math.round(x + slot * 0.6), bottom, [155, 44, 44])
  })
  // Each row starts with its filter byte (0: none).
  const rows = Buffer.alloc((WIDTH * 3 + 1) * HEIGHT)
  for (let y = 0; y < HEIGHT; y++) pixels.copy(rows, y * (WIDTH * 3 + 1) + 1, y * WIDTH * 3, (y + 1) * WIDTH * 3)
  const header = Buffer.alloc(13)
  header.writeUInt32BE(WIDTH, 0)
  header.writeUInt32BE(HEIGHT, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8 bits per channel, RGB, deflate, no filter method, not interlaced
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(rows)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  )
}

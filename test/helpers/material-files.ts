/** Files of every kind 调研材料 takes, and some it refuses, made here rather than kept as fixtures. */
import { strToU8, zipSync } from 'fflate'
import PDFDocument from 'pdfkit'
import { crc32, deflateSync } from 'node:zlib'

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A PNG of `width` × `height` pixels in four coloured quarters, so that a screenshot shows it. */
export function colouredPng(width = 160, height = 100): Uint8Array {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const rows = Buffer.alloc((width * 3 + 1) * height)
  const colours = [
    [200, 30, 30],
    [30, 150, 60],
    [30, 80, 200],
    [240, 190, 20],
  ]
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const colour = colours[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)]
      rows.set(colour, y * (width * 3 + 1) + 1 + x * 3)
    }
  }
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(rows)),
      chunk('IEND', new Uint8Array(0)),
    ]),
  )
}

/** The start of a JPEG (SOI, a JFIF APP0 segment): what the server recognises a JPEG by. */
export const jpegStart = Uint8Array.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
  0x00, 0xff, 0xd9,
])

/**
 * A PDF of two pages whose first page says `text` in large letters; `padding` bytes of noise in an
 * unreferenced stream make it as large as a scanned report.
 */
export function samplePdf(text = 'Research material', padding = 0): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', compress: false })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.on('error', reject)
    doc.fontSize(40).text(text, 60, 120)
    doc.addPage().fontSize(20).text('page 2')
    if (padding > 0) {
      const noise = doc.ref({})
      const block = Buffer.alloc(1 << 20)
      for (let written = 0; written < padding; written += block.length) {
        for (let i = 0; i < block.length; i++) block[i] = (i * 2654435761 + written) >>> 24
        noise.write(block.subarray(0, Math.min(block.length, padding - written)))
      }
      noise.end(Buffer.alloc(0))
    }
    doc.end()
  })
}

const contentTypes = strToU8(
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
)

/** A zip with the parts a .docx is recognised by. */
export const sampleDocx = () =>
  zipSync({ '[Content_Types].xml': contentTypes, 'word/document.xml': strToU8('<w:document/>') })

/** A zip with the parts a .xlsx is recognised by. */
export const sampleXlsx = () =>
  zipSync({ '[Content_Types].xml': contentTypes, 'xl/workbook.xml': strToU8('<workbook/>') })

/** A zip that is no Office file. */
export const plainZip = () => zipSync({ 'notes.txt': strToU8('just a zip') })

/** The start of a Windows executable (MZ header, PE signature). */
export function peExecutable(): Uint8Array {
  const bytes = new Uint8Array(512)
  bytes.set([0x4d, 0x5a, 0x90, 0x00], 0)
  bytes.set([0x80, 0x00, 0x00, 0x00], 0x3c)
  bytes.set([0x50, 0x45, 0x00, 0x00], 0x80)
  return bytes
}

/** A page that would run script if a browser rendered it. */
export const htmlPage = () =>
  strToU8('<!DOCTYPE html><html><body><script>alert(document.cookie)</script><p>%PDF-1.7</p></body></html>')

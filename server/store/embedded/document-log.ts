/**
 * The on-disk record format of a document's log and state: each record is a 4-byte big-endian
 * payload length, a 4-byte big-endian CRC32 of the payload, then the payload (one Yjs update).
 */
import { crc32 } from 'node:zlib'

const HEADER_BYTES = 8

/** No Yjs update comes near this size, so a larger length means the header itself is damaged. */
const MAX_RECORD_BYTES = 256 * 1024 * 1024

export interface DecodedRecords {
  /** Payloads of the intact records, in order; views into the decoded bytes, not copies. */
  records: Uint8Array[]
  /** Length of the intact prefix: where the next record should start. */
  validBytes: number
  /** Why decoding stopped before the end of the bytes, or null when every record was intact. */
  problem: string | null
}

export function encodeRecord(payload: Uint8Array): Buffer {
  return encodeRecords([payload])
}

/** Encodes all payloads into one buffer so that the caller can write them with one write. */
export function encodeRecords(payloads: Uint8Array[]): Buffer {
  const total = payloads.reduce((sum, payload) => sum + HEADER_BYTES + payload.length, 0)
  const bytes = Buffer.allocUnsafe(total)
  let offset = 0
  for (const payload of payloads) {
    // Refuse here: a record written anyway would read back as corruption and hide every later one.
    if (payload.length > MAX_RECORD_BYTES) {
      throw new RangeError(`record of ${payload.length} bytes exceeds the ${MAX_RECORD_BYTES}-byte limit`)
    }
    bytes.writeUInt32BE(payload.length, offset)
    bytes.writeUInt32BE(crc32(payload), offset + 4)
    bytes.set(payload, offset + HEADER_BYTES)
    offset += HEADER_BYTES + payload.length
  }
  return bytes
}

/**
 * Decodes records up to the first torn (cut short by a crash) or corrupt one. Never throws on bad
 * bytes: the caller decides whether a damaged tail is tolerable.
 */
export function decodeRecords(bytes: Uint8Array): DecodedRecords {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const records: Uint8Array[] = []
  let offset = 0
  const stop = (problem: string): DecodedRecords => ({ records, validBytes: offset, problem })

  while (offset < bytes.length) {
    const remaining = bytes.length - offset
    if (remaining < HEADER_BYTES) return stop(`torn record header (${remaining} of ${HEADER_BYTES} bytes)`)
    const length = view.getUint32(offset)
    if (length > MAX_RECORD_BYTES) return stop(`corrupt record length ${length}`)
    if (remaining - HEADER_BYTES < length) {
      return stop(`torn record (${remaining - HEADER_BYTES} of ${length} payload bytes)`)
    }
    const payload = new Uint8Array(bytes.buffer, bytes.byteOffset + offset + HEADER_BYTES, length)
    if (crc32(payload) !== view.getUint32(offset + 4)) return stop('corrupt record (checksum mismatch)')
    records.push(payload)
    offset += HEADER_BYTES + length
  }
  return { records, validBytes: offset, problem: null }
}

import { describe, it, expect } from 'vitest'
import { decodeRecords, encodeRecord, encodeRecords } from '../../server/store/embedded/document-log.js'

const filled = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff)

describe('document log records', () => {
  it('decodes what it encoded, including empty and large payloads', () => {
    const payloads = [filled(3, 1), new Uint8Array(0), filled(5 * 1024 * 1024, 2), filled(1, 3)]
    const bytes = encodeRecords(payloads)

    const decoded = decodeRecords(bytes)

    expect(decoded.problem).toBeNull()
    expect(decoded.validBytes).toBe(bytes.length)
    expect(decoded.records).toHaveLength(payloads.length)
    // Buffer comparison: a deep equality over megabytes element by element takes seconds.
    decoded.records.forEach((record, i) => expect(Buffer.compare(record, payloads[i])).toBe(0))
  })

  it('encodes a single record exactly as a list of one', () => {
    const payload = filled(10, 4)
    expect(encodeRecord(payload)).toEqual(encodeRecords([payload]))
    expect(decodeRecords(encodeRecord(payload)).records).toEqual([payload])
  })

  it('decodes no bytes as no records without a problem', () => {
    expect(decodeRecords(new Uint8Array(0))).toEqual({ records: [], validBytes: 0, problem: null })
  })

  it('returns the intact prefix and names the problem when the last record is torn anywhere', () => {
    const intact = encodeRecords([filled(7, 5), filled(20, 6)])
    const last = encodeRecord(filled(40, 7))
    for (const cut of [1, 4, 7, 8, 9, 30, last.length - 1]) {
      const bytes = Buffer.concat([intact, last.subarray(0, cut)])

      const decoded = decodeRecords(bytes)

      expect(decoded.records).toEqual([filled(7, 5), filled(20, 6)])
      expect(decoded.validBytes).toBe(intact.length)
      expect(decoded.problem).toMatch(/torn/)
    }
  })

  it('stops at a record whose payload no longer matches its checksum', () => {
    const first = encodeRecord(filled(12, 8))
    const bytes = Buffer.concat([first, encodeRecord(filled(12, 9)), encodeRecord(filled(12, 10))])
    bytes[first.length + 8 + 5] ^= 0x01

    const decoded = decodeRecords(bytes)

    expect(decoded.records).toEqual([filled(12, 8)])
    expect(decoded.validBytes).toBe(first.length)
    expect(decoded.problem).toMatch(/checksum/)
  })

  it('treats an absurd length as corruption rather than waiting for more bytes', () => {
    const bytes = Buffer.concat([encodeRecord(filled(4, 11)), Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])])

    const decoded = decodeRecords(bytes)

    expect(decoded.records).toEqual([filled(4, 11)])
    expect(decoded.problem).toMatch(/corrupt record length/)
  })

  it('decodes records out of a view that does not start at the beginning of its buffer', () => {
    const bytes = Buffer.concat([Buffer.from('junk'), encodeRecord(filled(9, 12))])

    expect(decodeRecords(bytes.subarray(4)).records).toEqual([filled(9, 12)])
  })
})

/**
 * What kind of file an uploaded 调研材料 is, read from its bytes — never from its name or the
 * Content-Type the browser sent, which say whatever the sender likes. A PDF, PNG and JPEG by their
 * signatures; a .docx or .xlsx by being a zip whose central directory lists [Content_Types].xml and
 * the main part of Word (word/document.xml) or Excel (xl/workbook.xml). Only the directory is read:
 * nothing is inflated, so a zip bomb costs nothing here, and the entry budget is 导入Word's. An
 * upload is judged by its first bytes as they arrive (sniffStart), a zip's directory once it is all
 * there (zipDirectoryNames, read from the file's end wherever the store keeps it).
 */
import { unzipSync } from 'fflate'
import type { MaterialType } from '../../shared/materials.js'
import { defaultArchiveLimits } from '../import/docx-archive.js'

const startsWith = (bytes: Uint8Array, signature: readonly number[]) =>
  bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte)

const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const jpeg = [0xff, 0xd8, 0xff]
const zip = [0x50, 0x4b, 0x03, 0x04]
const pdf = [...'%PDF-'].map((ch) => ch.charCodeAt(0))

/** The names a zip's central directory lists, or null when it is no readable zip or lists too many. */
function zipNames(bytes: Uint8Array): Set<string> | null {
  const names = new Set<string>()
  try {
    unzipSync(bytes, {
      filter(file) {
        if (names.size >= defaultArchiveLimits.maxEntries) throw new Error('too many entries')
        names.add(file.name)
        return false
      },
    })
  } catch {
    return null
  }
  return names
}

/** Bytes of a file's start that `sniffStart` needs to decide (fewer when the file is shorter). */
export const SNIFF_BYTES = png.length

/**
 * What a file's first bytes (SNIFF_BYTES, or the whole file when shorter) say it is: a PDF, PNG or
 * JPEG, a zip (an Office file if its directory says so: `officeType`), or null — none the server
 * takes, so an upload is refused before more of it is read.
 */
export function sniffStart(head: Uint8Array): 'png' | 'jpeg' | 'pdf' | 'zip' | null {
  if (startsWith(head, png)) return 'png'
  if (startsWith(head, jpeg)) return 'jpeg'
  // At the very start: readers also accept a header later in the first 1024 bytes, after anything at
  // all — an HTML page, say — and such a file is not taken.
  if (startsWith(head, pdf)) return 'pdf'
  if (startsWith(head, zip)) return 'zip'
  return null
}

/** A zip's kind by the names its central directory lists: a .docx, an .xlsx, or null (no Office file). */
export function officeType(names: Set<string> | null): 'docx' | 'xlsx' | null {
  if (!names?.has('[Content_Types].xml')) return null
  if (names.has('word/document.xml')) return 'docx'
  if (names.has('xl/workbook.xml')) return 'xlsx'
  return null
}

const EOCD_SIGNATURE = 0x06054b50
const ENTRY_SIGNATURE = 0x02014b50
/** The end record (22 bytes) and the longest comment a zip may end with. */
const EOCD_SEARCH = 22 + 0xffff

/**
 * The names a zip's central directory lists, read from the end of a file of `size` bytes through
 * `read` (the file need not be in memory): the end record, then the directory. Null when it is no
 * zip this reads (none found, beyond the file, ZIP64 — no Office file under the upload limit needs
 * it) or lists more entries than 导入Word's budget.
 */
export async function zipDirectoryNames(
  size: number,
  read: (offset: number, length: number) => Promise<Uint8Array>,
): Promise<Set<string> | null> {
  const tailStart = Math.max(0, size - EOCD_SEARCH)
  const tail = await read(tailStart, size - tailStart)
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength)
  let end = -1
  for (let at = tail.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) {
      end = at
      break
    }
  }
  if (end < 0) return null
  const entries = view.getUint16(end + 10, true)
  const directorySize = view.getUint32(end + 12, true)
  const directoryOffset = view.getUint32(end + 16, true)
  if (entries > defaultArchiveLimits.maxEntries || directoryOffset + directorySize > tailStart + end) return null
  const directory = await read(directoryOffset, directorySize)
  const entry = new DataView(directory.buffer, directory.byteOffset, directory.byteLength)
  const names = new Set<string>()
  const decoder = new TextDecoder()
  let at = 0
  for (let n = 0; n < entries; n++) {
    if (at + 46 > directory.length || entry.getUint32(at, true) !== ENTRY_SIGNATURE) return null
    const nameLength = entry.getUint16(at + 28, true)
    const skip = entry.getUint16(at + 30, true) + entry.getUint16(at + 32, true)
    if (at + 46 + nameLength > directory.length) return null
    names.add(decoder.decode(directory.subarray(at + 46, at + 46 + nameLength)))
    at += 46 + nameLength + skip
  }
  return names
}

/** The kind of file `bytes` is, or null when it is none the server takes. */
export function sniffMaterialType(bytes: Uint8Array): MaterialType | null {
  const start = sniffStart(bytes.subarray(0, SNIFF_BYTES))
  return start === 'zip' ? officeType(zipNames(bytes)) : start
}

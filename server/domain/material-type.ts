/**
 * What kind of file an uploaded 调研材料 is, read from its bytes — never from its name or the
 * Content-Type the browser sent, which say whatever the sender likes. A PDF, PNG and JPEG by their
 * signatures; a .docx or .xlsx by being a zip whose central directory lists [Content_Types].xml and
 * the main part of Word (word/document.xml) or Excel (xl/workbook.xml). Only the directory is read:
 * nothing is inflated, so a zip bomb costs nothing here, and the entry budget is 导入Word's.
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

/** The kind of file `bytes` is, or null when it is none the server takes. */
export function sniffMaterialType(bytes: Uint8Array): MaterialType | null {
  if (startsWith(bytes, png)) return 'png'
  if (startsWith(bytes, jpeg)) return 'jpeg'
  // At the very start: readers also accept a header later in the first 1024 bytes, after anything at
  // all — an HTML page, say — and such a file is not taken.
  if (startsWith(bytes, pdf)) return 'pdf'
  if (startsWith(bytes, zip)) {
    const names = zipNames(bytes)
    if (!names?.has('[Content_Types].xml')) return null
    if (names.has('word/document.xml')) return 'docx'
    if (names.has('xl/workbook.xml')) return 'xlsx'
  }
  return null
}

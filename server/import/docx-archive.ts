/**
 * Opening a .docx someone uploaded: the zip is inflated within budgets (entries, bytes per part and
 * in all — a zip bomb stops at the budget, whatever its headers declare) and each XML part is read
 * by a real XML parser that refuses any DOCTYPE, so no entity is ever declared, let alone expanded
 * or fetched (no XXE). Word, WPS and LibreOffice never write a DOCTYPE into a .docx.
 */
import { DOMParser, type Document as XmlDocument, type Element as XmlElement } from '@xmldom/xmldom'
import { Unzip, UnzipInflate } from 'fflate'
import { ImportError } from './import-error.js'

export type { XmlDocument, XmlElement }

export interface ArchiveLimits {
  /** Entries in the zip at most (a .docx has a few dozen). */
  maxEntries: number
  /** Uncompressed bytes of all parts together at most. */
  maxTotalBytes: number
}

export const defaultArchiveLimits: ArchiveLimits = { maxEntries: 2000, maxTotalBytes: 50 * 1024 * 1024 }

/** WordprocessingML's main namespace: every w: element and attribute. */
export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'

/** The parts of an opened .docx, by name; XML parts parsed on demand. */
export interface DocxArchive {
  /** Names of every part. */
  readonly names: readonly string[]
  /** The bytes of a part, or null when there is none. */
  bytes(name: string): Uint8Array | null
  /** A part parsed as XML, or null when there is none; a part that is not well-formed XML fails with import_corrupt. */
  xml(name: string): XmlDocument | null
}

const zipSignature = [0x50, 0x4b, 0x03, 0x04]
/** An OLE compound file: a .doc, or a .docx that Word encrypted with a password (both look alike outside). */
const compoundFileSignature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

const startsWith = (bytes: Uint8Array, signature: number[]) =>
  bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte)

/** Opens `bytes` as a .docx, or fails with an ImportError that says why in words a user can act on. */
export function openDocx(bytes: Uint8Array, limits: ArchiveLimits = defaultArchiveLimits): DocxArchive {
  if (startsWith(bytes, compoundFileSignature)) {
    throw new ImportError(
      'import_encrypted',
      'the file is a password-protected .docx or an old .doc; save it as an unprotected .docx first',
    )
  }
  if (!startsWith(bytes, zipSignature)) throw new ImportError('import_not_docx', 'the file is not a .docx')
  const parts = inflate(bytes, limits)
  if (!parts.has('[Content_Types].xml') || !parts.has('word/document.xml')) {
    throw new ImportError('import_not_docx', 'the file is a zip but not a Word document (no word/document.xml)')
  }
  const parsed = new Map<string, XmlDocument>()
  return {
    names: [...parts.keys()],
    bytes: (name) => parts.get(name) ?? null,
    xml(name) {
      const cached = parsed.get(name)
      if (cached) return cached
      const part = parts.get(name)
      if (!part) return null
      const doc = parseXml(part, name)
      parsed.set(name, doc)
      return doc
    },
  }
}

function inflate(bytes: Uint8Array, limits: ArchiveLimits): Map<string, Uint8Array> {
  const parts = new Map<string, Uint8Array>()
  let entries = 0
  let total = 0
  let failure: ImportError | null = null
  const unzip = new Unzip((file) => {
    if (failure) return
    entries++
    if (entries > limits.maxEntries) {
      failure = new ImportError('import_too_large', `the file holds more than ${limits.maxEntries} parts`)
      return
    }
    const chunks: Uint8Array[] = []
    // Counted as the bytes come out, not from the sizes the zip declares: those can lie.
    file.ondata = (error, chunk, final) => {
      if (failure) return
      if (error) {
        failure = new ImportError('import_corrupt', `the file is damaged (${file.name}: ${error.message})`)
        return
      }
      total += chunk.length
      if (total > limits.maxTotalBytes) {
        failure = new ImportError(
          'import_too_large',
          `the file unpacks to more than ${Math.round(limits.maxTotalBytes / 1048576)} MiB`,
        )
        file.terminate()
        return
      }
      chunks.push(chunk)
      if (final) parts.set(file.name, concat(chunks))
    }
    try {
      file.start()
    } catch (error) {
      failure ??= new ImportError('import_corrupt', `the file is damaged (${file.name}: ${(error as Error).message})`)
    }
  })
  unzip.register(UnzipInflate)
  try {
    // In slices, so that a budget passed stops the work within one slice.
    const slice = 64 * 1024
    for (let offset = 0; offset < bytes.length && !failure; offset += slice) {
      unzip.push(bytes.subarray(offset, offset + slice), offset + slice >= bytes.length)
    }
  } catch (error) {
    failure ??= new ImportError('import_corrupt', `the file is damaged (${(error as Error).message})`)
  }
  if (failure) throw failure
  return parts
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0))
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

function parseXml(bytes: Uint8Array, name: string): XmlDocument {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  let problem: string | null = null
  let doc: XmlDocument
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') problem ??= message
      },
    }).parseFromString(text, 'text/xml')
  } catch (error) {
    // xmldom throws on fatal errors (an undeclared prefix, say) as well as reporting them.
    throw new ImportError(
      'import_corrupt',
      `the file is damaged (${name} is not well-formed XML: ${(error as Error).message})`,
    )
  }
  if (doc.doctype) throw new ImportError('import_corrupt', `${name} declares a DOCTYPE, which no Word document has`)
  if (problem || !doc.documentElement) {
    throw new ImportError(
      'import_corrupt',
      `the file is damaged (${name} is not well-formed XML: ${problem ?? 'empty'})`,
    )
  }
  return doc
}

/** The element children of `parent` in the w: namespace named `localName` (all of them without a name). */
export function wChildren(parent: XmlElement, localName?: string): XmlElement[] {
  const out: XmlElement[] = []
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== 1) continue
    const element = node as XmlElement
    if (element.namespaceURI === W && (localName === undefined || element.localName === localName)) out.push(element)
  }
  return out
}

/** The first w: child named `localName`, or null. */
export const wChild = (parent: XmlElement, localName: string): XmlElement | null =>
  wChildren(parent, localName)[0] ?? null

/** A w: attribute's value, or null. */
export const wAttr = (element: XmlElement, localName: string): string | null =>
  element.hasAttributeNS(W, localName) ? element.getAttributeNS(W, localName) : null

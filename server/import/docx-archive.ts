/**
 * Opening a .docx someone uploaded, without ever holding its text whole: the zip is inflated within
 * budgets (entries, bytes in all — a zip bomb stops at the budget, whatever its headers declare),
 * and each XML part is read by a streaming (SAX) XML parser, saxes, as its bytes come out of the
 * inflater. The parser refuses any DOCTYPE, so no entity is ever declared, let alone expanded or
 * fetched (no XXE); Word, WPS and LibreOffice never write a DOCTYPE into a .docx.
 *
 * word/document.xml, the one big part, is read last, in a second pass over the zip (its styles,
 * numbering and links may come after it in the file), and given to the reader one block at a time:
 * each child element of w:body as a small tree (XmlElement) as soon as it ends, then dropped. What
 * stays in memory is the upload, the small parts the reader asked for (styles.xml, numbering.xml,
 * comments.xml…, as trees), the block being read and whatever the reader keeps of the blocks before
 * it — never the unpacked XML, its text, or a DOM of it (docs/word-import.md has the figures).
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate'
import { SaxesParser, type SaxesTagNS } from 'saxes'
import { ImportError } from './import-error.js'

export interface ArchiveLimits {
  /** Entries in the zip at most (a .docx has a few dozen). */
  maxEntries: number
  /** Uncompressed bytes of all parts together at most. */
  maxTotalBytes: number
}

export const defaultArchiveLimits: ArchiveLimits = { maxEntries: 2000, maxTotalBytes: 50 * 1024 * 1024 }

/** WordprocessingML's main namespace: every w: element and attribute. */
export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'

/** The main part, streamed block by block. */
const documentPart = 'word/document.xml'

/**
 * An element of an XML part, with what the readers use of it: no parent, no comments, no
 * processing instructions.
 */
export interface XmlElement {
  /** Namespace URI ('' for none). */
  readonly ns: string
  /** Local name, without the prefix. */
  readonly name: string
  /** Attributes as namespace, local name, value, one triple after another (namespace declarations left out). */
  readonly attrs: readonly string[]
  readonly children: readonly XmlElement[]
  /**
   * The character data directly inside, entities resolved. WordprocessingML's text elements (w:t,
   * w:delText, w:instrText) hold text and no elements, so the order of text and child elements,
   * which this does not keep, never matters to the readers.
   */
  readonly text: string
}

/** An opened .docx. */
export interface DocxArchive {
  /** Names of every part. */
  readonly names: readonly string[]
  /**
   * The root element of a part named when the file was opened, or null when there is none; a part
   * that is not well-formed XML fails with import_corrupt.
   */
  xml(name: string): XmlElement | null
  /**
   * Reads word/document.xml as it is inflated, giving `onBlock` each child element of its root's
   * first w:body (paragraphs, tables, …), in order, as soon as the element ends. Once only.
   */
  readBody(onBlock: (block: XmlElement) => void): void
}

const zipSignature = [0x50, 0x4b, 0x03, 0x04]
/** An OLE compound file: a .doc, or a .docx that Word encrypted with a password (both look alike outside). */
const compoundFileSignature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

const startsWith = (bytes: Uint8Array, signature: number[]) =>
  bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte)

/**
 * Opens `bytes` as a .docx, reading the parts named in `parts` (small ones: styles, numbering,
 * relationships, comments) and counting every other part's bytes against the budget but keeping
 * none; word/document.xml is left for `readBody`. Fails with an ImportError that says why in words
 * a user can act on.
 */
export function openDocx(
  bytes: Uint8Array,
  parts: readonly string[] = [],
  limits: ArchiveLimits = defaultArchiveLimits,
): DocxArchive {
  if (startsWith(bytes, compoundFileSignature)) {
    throw new ImportError(
      'import_encrypted',
      'the file is a password-protected .docx or an old .doc; save it as an unprotected .docx first',
    )
  }
  if (!startsWith(bytes, zipSignature)) throw new ImportError('import_not_docx', 'the file is not a .docx')
  const budget = { total: 0, limits }
  const names: string[] = []
  const read = new Map<string, PartReader>()
  // First pass: every part but the main one; those asked for are parsed as they come out.
  unzip(bytes, budget, 64 * 1024, (name) => {
    names.push(name)
    if (names.length > limits.maxEntries) {
      throw new ImportError('import_too_large', `the file holds more than ${limits.maxEntries} parts`)
    }
    if (name === documentPart) return 'skip'
    if (!parts.includes(name)) return 'count'
    // A later part of the same name replaces an earlier one (the main part's too, below).
    const reader = new PartReader(name)
    read.set(name, reader)
    return reader
  })
  if (!names.includes('[Content_Types].xml') || !names.includes(documentPart)) {
    throw new ImportError('import_not_docx', 'the file is a zip but not a Word document (no word/document.xml)')
  }
  let bodyRead = false
  return {
    names,
    xml(name) {
      const reader = read.get(name)
      return reader ? reader.result() : null
    },
    readBody(onBlock) {
      if (bodyRead) throw new Error('readBody: word/document.xml is read once')
      bodyRead = true
      // Second pass: the main part alone, the last of that name; an earlier copy is only counted.
      const copies = names.filter((name) => name === documentPart).length
      let seen = 0
      const reader = new PartReader(documentPart, onBlock)
      // Small slices: the inflater gives its output a slice at a time, often 10–40 times the slice for XML.
      unzip(bytes, budget, 4 * 1024, (name) => {
        if (name !== documentPart) return 'skip'
        return ++seen < copies ? 'count' : reader
      })
      reader.result()
    },
  }
}

/** What to do with a part's bytes: parse them, only count them, or leave the part compressed. */
type PartUse = PartReader | 'count' | 'skip'

/**
 * Inflates the parts of `bytes` that `use` asks for, counting their bytes against the budget as
 * they come out (not the sizes the zip declares: those can lie), the zip given to the inflater
 * `slice` bytes at a time. Throws the first ImportError.
 */
function unzip(
  bytes: Uint8Array,
  budget: { total: number; limits: ArchiveLimits },
  slice: number,
  use: (name: string) => PartUse,
): void {
  let failure: unknown = null
  const unzipper = new Unzip((file: UnzipFile) => {
    if (failure) return
    let target: PartUse
    try {
      target = use(file.name)
    } catch (error) {
      failure = error
      return
    }
    if (target === 'skip') return
    file.ondata = (error, chunk, final) => {
      if (failure) return
      if (error) {
        failure = new ImportError('import_corrupt', `the file is damaged (${file.name}: ${error.message})`)
        return
      }
      budget.total += chunk.length
      if (budget.total > budget.limits.maxTotalBytes) {
        failure = new ImportError(
          'import_too_large',
          `the file unpacks to more than ${Math.round(budget.limits.maxTotalBytes / 1048576)} MiB`,
        )
        file.terminate()
        return
      }
      if (target === 'count') return
      // A part that is not well-formed XML is remembered, not thrown: as when the whole file was
      // inflated before any part was parsed, a budget passed later in the file is the answer.
      try {
        target.push(chunk, final)
      } catch (error) {
        failure = error
      }
    }
    try {
      file.start()
    } catch (error) {
      failure ??= new ImportError('import_corrupt', `the file is damaged (${file.name}: ${(error as Error).message})`)
    }
  })
  unzipper.register(UnzipInflate)
  try {
    // In slices, so that a budget passed stops the work within one slice.
    for (let offset = 0; offset < bytes.length && !failure; offset += slice) {
      unzipper.push(bytes.subarray(offset, offset + slice), offset + slice >= bytes.length)
    }
  } catch (error) {
    failure ??= new ImportError('import_corrupt', `the file is damaged (${(error as Error).message})`)
  }
  if (failure) throw failure
}

const XMLNS = 'http://www.w3.org/2000/xmlns/'
/** Bytes of a part decoded and parsed at once. */
const textPiece = 16 * 1024

interface OpenElement {
  ns: string
  name: string
  attrs: string[]
  children: XmlElement[]
  text: string
}

/**
 * One XML part, parsed as its bytes arrive. Without `onBlock`, the whole part is built as a tree
 * (the small parts); with it, only the children of the root's first w:body are built, each given to
 * `onBlock` when it ends and not kept. Errors of the XML are kept in `failure` and thrown by
 * `result`, so that the inflating goes on counting; `onBlock`'s own errors are thrown at once.
 */
class PartReader {
  private readonly parser = new SaxesParser({ xmlns: true })
  private readonly decoder = new TextDecoder('utf-8', { fatal: false })
  /** The elements open from the root down; null for one outside what is built (and all below it). */
  private readonly open: (OpenElement | null)[] = []
  private root: XmlElement | null = null
  private bodySeen = false
  private done = false
  private failure: ImportError | null = null

  constructor(
    private readonly name: string,
    private readonly onBlock?: (block: XmlElement) => void,
  ) {
    const parser = this.parser
    parser.on('doctype', () => {
      throw new ImportError('import_corrupt', `${name} declares a DOCTYPE, which no Word document has`)
    })
    parser.on('error', (error) => {
      throw new ImportError('import_corrupt', `the file is damaged (${name} is not well-formed XML: ${error.message})`)
    })
    parser.on('opentag', (tag) => this.openTag(tag))
    parser.on('closetag', () => this.closeTag())
    parser.on('text', (text) => this.addText(text))
    parser.on('cdata', (text) => this.addText(text))
  }

  push(chunk: Uint8Array, final: boolean): void {
    if (this.failure) return
    try {
      // Decoded and parsed a piece at a time: the text of a whole chunk is never made at once.
      for (let offset = 0; offset < chunk.length; offset += textPiece) {
        const text = this.decoder.decode(chunk.subarray(offset, offset + textPiece), { stream: true })
        if (text) this.parser.write(text)
      }
      if (final) {
        const rest = this.decoder.decode()
        if (rest) this.parser.write(rest)
        this.parser.close()
        this.done = true
      }
    } catch (error) {
      if (!(error instanceof ImportError)) throw error
      this.failure = error
    }
  }

  /** The root element (whole for a small part; without its body's blocks for the main one). */
  result(): XmlElement {
    if (this.failure) throw this.failure
    if (!this.done || !this.root) {
      throw new ImportError('import_corrupt', `the file is damaged (${this.name} is not well-formed XML: empty)`)
    }
    return this.root
  }

  private openTag(tag: SaxesTagNS): void {
    const depth = this.open.length
    const parent = depth ? this.open[depth - 1] : undefined
    const ns = tag.uri ?? ''
    const name = tag.local ?? tag.name
    let built: boolean
    if (!this.onBlock) built = depth === 0 || parent !== null
    else if (depth <= 1) {
      // The root, and its first w:body: built (empty) so that their children can be placed.
      const isBody = depth === 1 && parent !== null && !this.bodySeen && ns === W && name === 'body'
      if (isBody) this.bodySeen = true
      built = depth === 0 || isBody
    } else built = parent !== null
    if (!built) {
      this.open.push(null)
      return
    }
    const attrs: string[] = []
    for (const key in tag.attributes) {
      const attribute = tag.attributes[key]
      if (attribute.uri === XMLNS || attribute.name === 'xmlns') continue
      attrs.push(attribute.uri ?? '', attribute.local ?? attribute.name, own(attribute.value))
    }
    const element: OpenElement = { ns, name, attrs, children: [], text: '' }
    if (parent) parent.children.push(element)
    else this.root = element
    this.open.push(element)
  }

  private closeTag(): void {
    const element = this.open.pop()
    // A block of the body: given away, and taken off the body so that it is not kept.
    if (element && this.onBlock && this.open.length === 2) {
      this.open[1]!.children.pop()
      this.onBlock(element)
    }
  }

  private addText(text: string): void {
    const element = this.open[this.open.length - 1]
    if (element && !(this.onBlock && this.open.length <= 2)) element.text += own(text)
  }
}

/**
 * `text` as a string of its own. The parser's strings are cut from the piece of the part it was
 * given, and V8 keeps the whole of a string alive as long as any slice of 13 characters or more cut
 * from it is (V8 issue 2869): a paragraph's words kept in the draft would keep every piece of the
 * XML they came from, the whole part in the end. Joining and slicing again makes a copy; shorter
 * strings are copies already.
 */
const own = (text: string): string => (text.length < 13 ? text : (' ' + text).slice(1))

/** The element children of `parent` in the w: namespace named `localName` (all of them without a name). */
export function wChildren(parent: XmlElement, localName?: string): XmlElement[] {
  return parent.children.filter((child) => child.ns === W && (localName === undefined || child.name === localName))
}

/** The first w: child named `localName`, or null. */
export function wChild(parent: XmlElement, localName: string): XmlElement | null {
  for (const child of parent.children) if (child.ns === W && child.name === localName) return child
  return null
}

/** An attribute's value by namespace ('' for none) and local name, or null. */
export function attr(element: XmlElement, ns: string, localName: string): string | null {
  const { attrs } = element
  for (let i = 0; i < attrs.length; i += 3) if (attrs[i + 1] === localName && attrs[i] === ns) return attrs[i + 2]
  return null
}

/** A w: attribute's value, or null. */
export const wAttr = (element: XmlElement, localName: string): string | null => attr(element, W, localName)

/**
 * The elements below `element` (not itself) in namespace `ns` named `localName` (any name
 * without one), in document order; `stop` leaves out what lies inside an element found.
 */
export function descendants(element: XmlElement, ns: string, localName?: string, stop = false): XmlElement[] {
  const out: XmlElement[] = []
  const visit = (parent: XmlElement) => {
    for (const child of parent.children) {
      const match = child.ns === ns && (localName === undefined || child.name === localName)
      if (match) out.push(child)
      if (!(match && stop)) visit(child)
    }
  }
  visit(element)
  return out
}

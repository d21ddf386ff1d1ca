/**
 * A Word file (.docx) as the start of a draft: its title, its 主送机关, and its body as ProseMirror
 * JSON in the document schema (shared/editor/schema.ts), with a report of what was recognised and
 * what was left out. The structure is kept, the look is not:
 * - Headings (Heading 1–4 / 标题 1–4, styles based on them, outline levels, Word's own 一、（一）
 *   numbering) and typed numbers at the start of plain paragraphs (shared/editor/typed-numbering.ts)
 *   become headings of levels 1–4 with the number removed: Jianyi numbers headings itself.
 * - The title (Title style, or a centred first paragraph ending in 建议案/建议/报告) and the 主送机关
 *   line after it leave the body; a closing 署名 and 成文日期 become the template's closing lines.
 * - Bold, italic, underline, strike, links, line breaks, lists and tables (header rows, merged
 *   cells) are kept; fonts, sizes, colours, spacing and alignment are not.
 * - Tracked changes are read as accepted (insertions kept, deletions dropped). Text boxes keep their
 *   text as paragraphs after the paragraph they sit in. Images, footnotes, comments, equations and
 *   embedded objects are left out and counted.
 * Pure and synchronous: the server runs it in a heavy-work thread (heavy-worker.ts).
 */
import type { WordImportReport } from '../../shared/schema.js'
import type { JsonNode } from '../../shared/editor/text.js'
import { signatureBlock } from '../../shared/editor/template.js'
import { typedHeading } from '../../shared/editor/typed-numbering.js'
import {
  attr,
  defaultArchiveLimits,
  descendants,
  openDocx,
  W,
  wAttr,
  wChild,
  wChildren,
  type ArchiveLimits,
  type DocxArchive,
  type XmlElement,
} from './docx-archive.js'
import {
  isBullet,
  listHeadingLevel,
  onOff,
  runFormat,
  styleParts,
  WordStyles,
  type ListLevel,
  type RunFormat,
  type StyleRole,
} from './word-styles.js'

export interface WordDraft {
  /** The document's title, or null when none was recognised. */
  title: string | null
  /** The 主送机关 without its colon, or null. */
  recipients: string | null
  /** The body: a ProseMirror doc node. */
  content: JsonNode
  report: WordImportReport
}

const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006'
const MATH = 'http://schemas.openxmlformats.org/officeDocument/2006/math'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
/** The main part's relationships: where its links go. */
const relationsPart = 'word/_rels/document.xml.rels'

/** Tables inside tables deeper than this are left out (counted as objects): no file should need more. */
const maxTableDepth = 8

/** The endings of a 建议案's title, and of the reports that feed one. */
const titleEnding = /(建议案|建议|报告)$/
/** A 主送机关 line: short, no sentence in it, ending in a colon. */
const recipientsMaxChars = 40

interface Para {
  kind: 'para'
  role: StyleRole
  centred: boolean
  list: (ListLevel & { numId: string; ilvl: number }) | null
  inline: JsonNode[]
  /** Set when the paragraph mark is a tracked deletion: the text joins the next paragraph. */
  markDeleted: boolean
}
type Block = Para | { kind: 'table'; node: JsonNode }

/**
 * Reads a .docx into a draft; throws ImportError when the file cannot be read. The body is read as
 * it is inflated and parsed, one paragraph or table at a time (docx-archive.ts): what is kept of it
 * is the blocks below, never its XML.
 */
export function wordDraft(bytes: Uint8Array, limits: ArchiveLimits = defaultArchiveLimits): WordDraft {
  const archive = openDocx(bytes, [...styleParts, relationsPart], limits)
  const reader = new WordReader(archive)
  const body = reader.blockList(0)
  archive.readBody((block) => body.add(block))
  return reader.draft(body.finish())
}

/** Plain text of inline content, a line break as "\n". */
const inlineText = (inline: JsonNode[]) =>
  inline.map((node) => (node.type === 'text' ? (node.text ?? '') : node.type === 'hardBreak' ? '\n' : '')).join('')

const isBlank = (inline: JsonNode[]) => inlineText(inline).trim() === ''

/** The inline content without the spaces and line breaks around it. */
function trimInline(inline: JsonNode[]): JsonNode[] {
  const out = inline.map((node) => ({ ...node }))
  while (out.length && out[0].type === 'hardBreak') out.shift()
  while (out.length && out[out.length - 1].type === 'hardBreak') out.pop()
  while (out.length && out[0].type === 'text') {
    out[0].text = out[0].text!.replace(/^[ \t\u00a0\u3000]+/, '')
    if (out[0].text) break
    out.shift()
  }
  while (out.length && out[out.length - 1].type === 'text') {
    const last = out[out.length - 1]
    last.text = last.text!.replace(/[ \t\u00a0\u3000]+$/, '')
    if (last.text) break
    out.pop()
  }
  return out
}

/**
 * Splits inline content after `units` UTF-16 units of its text (a line break counts one), as the
 * offsets typed-numbering.ts gives count them.
 */
function splitInline(inline: JsonNode[], units: number): [JsonNode[], JsonNode[]] {
  const head: JsonNode[] = []
  const tail: JsonNode[] = []
  let left = units
  for (const node of inline) {
    const length = node.type === 'text' ? (node.text ?? '').length : 1
    if (left <= 0) tail.push(node)
    else if (length <= left) {
      head.push(node)
      left -= length
    } else {
      head.push({ ...node, text: node.text!.slice(0, left) })
      tail.push({ ...node, text: node.text!.slice(left) })
      left = 0
    }
  }
  return [head, tail]
}

const withoutMarks = (inline: JsonNode[], types: string[]) =>
  inline.map((node) => {
    if (!node.marks) return node
    const marks = node.marks.filter((mark) => !types.includes(mark.type))
    const { marks: _, ...rest } = node
    return marks.length ? { ...rest, marks } : rest
  })

/** `node` and everything in it without marks of `types`. */
const withoutMarksDeep = (node: JsonNode, types: string[]): JsonNode =>
  node.content
    ? { ...node, content: withoutMarks(node.content, types).map((child) => withoutMarksDeep(child, types)) }
    : node

const paragraphNode = (inline: JsonNode[]): JsonNode =>
  inline.length ? { type: 'paragraph', content: inline } : { type: 'paragraph' }
const textParagraph = (text: string): JsonNode => paragraphNode(text ? [{ type: 'text', text }] : [])

class WordReader {
  private readonly styles: WordStyles
  private readonly links = new Map<string, string>()
  /** Complex fields open around the current run: text shows only in a field's result, never its instruction. */
  private readonly fields: ('instruction' | 'result')[] = []
  private readonly counts = {
    trackedChanges: 0,
    textBoxes: 0,
    typedNumbers: 0,
    images: 0,
    footnotes: 0,
    comments: 0,
    equations: 0,
    objects: 0,
    contents: 0,
  }

  constructor(archive: DocxArchive) {
    this.styles = new WordStyles(archive)
    const rels = archive.xml(relationsPart)
    if (rels) {
      for (const rel of rels.children) {
        const target = attr(rel, '', 'Target') ?? ''
        // Links to the web and to mail only; anything else (file:, javascript:) is not carried over.
        if (rel.name === 'Relationship' && /^(https?:|mailto:)/i.test(target)) {
          this.links.set(attr(rel, '', 'Id') ?? '', target)
        }
      }
    }
  }

  /** The blocks of a table cell, content control or text box, in order. */
  private blocks(container: XmlElement, depth: number): Block[] {
    const list = this.blockList(depth)
    for (const element of container.children) list.add(element)
    return list.finish()
  }

  /**
   * Blocks read one element at a time (the body's come so, as the archive streams them): `add` each
   * child element of the container in order, then `finish`. A paragraph whose mark was deleted
   * waits to be joined with the next.
   */
  blockList(depth: number): { add(element: XmlElement): void; finish(): Block[] } {
    const out: Block[] = []
    let pending: Para | null = null
    const flush = () => {
      if (pending) out.push(pending)
      pending = null
    }
    const add = (element: XmlElement): void => {
      if (element.ns === MC && element.name === 'AlternateContent') {
        const chosen = alternative(element)
        if (chosen) {
          flush()
          out.push(...this.blocks(chosen, depth))
        }
        return
      }
      if (element.ns !== W) return
      switch (element.name) {
        case 'p': {
          const boxes: Block[] = []
          const para = this.paragraph(element, boxes, depth)
          if (pending) para.inline = [...(pending as Para).inline, ...para.inline]
          pending = null
          if (para.markDeleted) pending = para
          else out.push(para)
          out.push(...boxes)
          break
        }
        case 'tbl': {
          flush()
          const table = this.table(element, depth + 1)
          if (table) out.push({ kind: 'table', node: table })
          break
        }
        case 'sdt': {
          const content = wChild(element, 'sdtContent')
          flush()
          if (content) out.push(...this.blocks(content, depth))
          break
        }
        case 'customXml':
        case 'ins':
        case 'moveTo':
          flush()
          out.push(...this.blocks(element, depth))
          break
        case 'del':
        case 'moveFrom':
          this.counts.trackedChanges++
          break
        case 'altChunk':
          this.counts.objects++
          break
      }
    }
    return {
      add,
      finish() {
        flush()
        return out
      },
    }
  }

  private paragraph(p: XmlElement, boxes: Block[], depth: number): Para {
    const pPr = wChild(p, 'pPr')
    const styleElement = pPr && wChild(pPr, 'pStyle')
    const styleId = styleElement && wAttr(styleElement, 'val')
    const markProps = pPr && wChild(pPr, 'rPr')
    const markDeleted = Boolean(markProps && wChild(markProps, 'del'))
    if (markDeleted) this.counts.trackedChanges++
    const inline: JsonNode[] = []
    this.inline(p, null, inline, boxes, depth)
    return {
      kind: 'para',
      role: this.styles.role(styleId, pPr),
      centred: this.styles.centred(styleId, pPr),
      list: this.styles.list(styleId, pPr),
      inline: mergeText(inline),
      markDeleted,
    }
  }

  private inline(parent: XmlElement, href: string | null, out: JsonNode[], boxes: Block[], depth: number): void {
    for (const element of parent.children) {
      if (element.ns === MC && element.name === 'AlternateContent') {
        const chosen = alternative(element)
        if (chosen) this.inline(chosen, href, out, boxes, depth)
        continue
      }
      if (element.ns === MATH) {
        if (element.name === 'oMath' || element.name === 'oMathPara') this.counts.equations++
        continue
      }
      if (element.ns !== W) continue
      switch (element.name) {
        case 'r':
          this.run(element, element, href, out, boxes, depth)
          break
        case 'hyperlink': {
          const id = attr(element, REL, 'id')
          this.inline(element, (id && this.links.get(id)) ?? href, out, boxes, depth)
          break
        }
        case 'ins':
        case 'moveTo':
          this.counts.trackedChanges++
          this.inline(element, href, out, boxes, depth)
          break
        case 'del':
        case 'moveFrom':
          this.counts.trackedChanges++
          break
        case 'smartTag':
        case 'customXml':
        case 'fldSimple':
        case 'dir':
        case 'bdo':
          this.inline(element, href, out, boxes, depth)
          break
        case 'sdt': {
          const content = wChild(element, 'sdtContent')
          if (content) this.inline(content, href, out, boxes, depth)
          break
        }
      }
    }
  }

  /** The children of a run (or of an alternative inside one): text, breaks, fields, drawings, notes. */
  private run(
    run: XmlElement,
    parent: XmlElement,
    href: string | null,
    out: JsonNode[],
    boxes: Block[],
    depth: number,
  ): void {
    const rPr = wChild(run, 'rPr')
    const hidden = onOff(rPr, 'vanish') === true
    const visible = () => !hidden && this.fields.every((phase) => phase === 'result')
    const push = (text: string) => {
      if (visible() && text) out.push(textNode(text, this.format(rPr), href))
    }
    for (const element of parent.children) {
      if (element.ns === MC && element.name === 'AlternateContent') {
        const chosen = alternative(element)
        if (chosen) this.run(run, chosen, href, out, boxes, depth)
        continue
      }
      if (element.ns !== W) continue
      switch (element.name) {
        case 't':
          push(element.text)
          break
        case 'tab':
        case 'ptab':
          push(' ')
          break
        case 'noBreakHyphen':
          push('-')
          break
        case 'br': {
          const type = wAttr(element, 'type')
          // Page and column breaks are layout; a line break (Shift+Enter) is kept.
          if ((type === null || type === 'textWrapping') && visible()) out.push({ type: 'hardBreak' })
          break
        }
        case 'cr':
          if (visible()) out.push({ type: 'hardBreak' })
          break
        case 'fldChar': {
          const type = wAttr(element, 'fldCharType')
          if (type === 'begin') this.fields.push('instruction')
          else if (type === 'separate' && this.fields.length) this.fields[this.fields.length - 1] = 'result'
          else if (type === 'end') this.fields.pop()
          break
        }
        case 'drawing':
        case 'pict':
          this.drawing(element, boxes, depth)
          break
        case 'object':
          this.counts.objects++
          break
        case 'footnoteReference':
        case 'endnoteReference':
          this.counts.footnotes++
          break
        case 'commentReference':
          this.counts.comments++
          break
      }
    }
  }

  /** A picture is left out and counted; a text box keeps its paragraphs, after the paragraph it sits in. */
  private drawing(drawing: XmlElement, boxes: Block[], depth: number): void {
    // Text boxes inside a text box are read with the box that holds them.
    const contents = descendants(drawing, W, 'txbxContent', true)
    if (!contents.length) {
      this.counts.images++
      return
    }
    for (const content of contents) {
      this.counts.textBoxes++
      boxes.push(...this.blocks(content, depth))
    }
  }

  private format(rPr: XmlElement | null): RunFormat {
    const styleElement = rPr && wChild(rPr, 'rStyle')
    const inherited = this.styles.runStyle(styleElement && wAttr(styleElement, 'val'))
    const own = runFormat(rPr)
    return {
      bold: own.bold ?? inherited.bold,
      italic: own.italic ?? inherited.italic,
      underline: own.underline ?? inherited.underline,
      strike: own.strike ?? inherited.strike,
    }
  }

  /** A Word table as a schema table: header rows (w:tblHeader), gridSpan → colspan, vMerge → rowspan. */
  private table(tbl: XmlElement, depth: number): JsonNode | null {
    if (depth > maxTableDepth) {
      this.counts.objects++
      return null
    }
    const rows: JsonNode[] = []
    // The cell that started a vertical merge, by grid column: later rows' continuations extend it.
    const merging = new Map<number, JsonNode>()
    for (const tr of tableRows(tbl)) {
      const trPr = wChild(tr, 'trPr')
      const headerElement = trPr && wChild(trPr, 'tblHeader')
      const header = Boolean(headerElement) && onOff(trPr, 'tblHeader') !== false
      const before = trPr && wChild(trPr, 'gridBefore')
      let column = Number((before && wAttr(before, 'val')) ?? 0) || 0
      const cells: JsonNode[] = []
      for (const tc of rowCells(tr)) {
        const tcPr = wChild(tc, 'tcPr')
        const spanElement = tcPr && wChild(tcPr, 'gridSpan')
        const span = Math.max(1, Number((spanElement && wAttr(spanElement, 'val')) ?? 1) || 1)
        const vMerge = tcPr && wChild(tcPr, 'vMerge')
        const mergeValue = vMerge && wAttr(vMerge, 'val')
        if (vMerge && mergeValue !== 'restart') {
          const origin = merging.get(column)
          if (origin) {
            origin.attrs = { ...origin.attrs, rowspan: Number(origin.attrs?.rowspan ?? 1) + 1 }
            column += span
            continue
          }
        }
        const blocks = this.nodes(this.blocks(tc, depth), true)
        // A header cell's bold is the header's look (the editor and the export draw it), not emphasis.
        const content = header ? blocks.map((block) => withoutMarksDeep(block, ['bold'])) : blocks
        const cell: JsonNode = {
          type: header ? 'tableHeader' : 'tableCell',
          attrs: { colspan: span, rowspan: 1 },
          content: content.length ? content : [{ type: 'paragraph' }],
        }
        for (let c = column; c < column + span; c++) merging.delete(c)
        if (mergeValue === 'restart') merging.set(column, cell)
        cells.push(cell)
        column += span
      }
      rows.push({ type: 'tableRow', content: cells })
    }
    // A row whose cells all continue merges from above is dropped with its share of their rowspans.
    const kept = rows.filter((row) => row.content!.length)
    if (!kept.length) return null
    if (kept.length !== rows.length) clampRowspans(kept)
    return { type: 'table', content: kept }
  }

  /**
   * Blocks as schema nodes. In the body (`plain` false) headings are recognised; in table cells and
   * text boxes everything stays a paragraph or list (a heading there would be numbered with the
   * document's sections).
   */
  nodes(blocks: Block[], plain: boolean): JsonNode[] {
    const out: JsonNode[] = []
    let items: ListItem[] = []
    const flushList = () => {
      if (items.length) out.push(...lists(items))
      items = []
    }
    for (const block of blocks) {
      if (block.kind === 'table') {
        flushList()
        out.push(block.node)
        continue
      }
      if (block.role?.kind === 'contents') {
        this.counts.contents++
        continue
      }
      const inline = trimInline(block.inline)
      if (isBlank(inline)) continue
      const listLevel = block.list && listHeadingLevel(block.list)
      const styleLevel = plain ? null : block.role?.kind === 'heading' ? block.role.level : listLevel
      if (block.list && styleLevel === null && (plain || !listLevel)) {
        items.push({ level: block.list, paragraph: paragraphNode(inline) })
        continue
      }
      flushList()
      if (plain) {
        out.push(paragraphNode(inline))
        continue
      }
      const typed = typedHeading(inlineText(inline))
      if (typed) {
        this.counts.typedNumbers++
        const rest = trimInline(splitInline(inline, typed.prefix.length)[1])
        if (styleLevel === null && typed.leadLength !== null) {
          // 一、 or （一） running on into its paragraph: the first sentence is the heading, the rest a paragraph.
          const [lead, tail] = splitInline(rest, typed.leadLength)
          out.push(headingNode(typed.level, trimInline(stripEnding(lead))), paragraphNode(trimInline(tail)))
        } else {
          out.push(headingNode(typed.level, rest))
        }
        continue
      }
      out.push(styleLevel !== null ? headingNode(Math.min(styleLevel, 4), inline) : paragraphNode(inline))
    }
    flushList()
    return out
  }

  /** The whole draft: title and 主送机关 from the top, 署名 and 日期 from the bottom, the rest converted. */
  draft(blocks: Block[]): WordDraft {
    let rest = blocks
    const textOf = (block: Block | undefined) => (block?.kind === 'para' ? inlineText(block.inline).trim() : null)
    const nextFilled = (from: number) => {
      let i = from
      while (i < rest.length && textOf(rest[i]) === '') i++
      return i
    }

    // The title: Title-styled paragraphs at the top, or up to three centred ones ending in 建议案/建议/报告.
    let title: string | null = null
    let start = nextFilled(0)
    const first = rest[start]
    if (first?.kind === 'para') {
      if (first.role?.kind === 'title') {
        let end = start
        const parts: string[] = []
        for (; end < rest.length; end++) {
          const block = rest[end]
          if (block.kind !== 'para' || block.role?.kind !== 'title' || !textOf(block)) break
          parts.push(textOf(block)!)
        }
        title = parts.join('').replace(/\n/g, '')
        start = end
      } else if (first.centred && !typedHeading(textOf(first)!)) {
        let joined = ''
        for (let end = start; end < Math.min(rest.length, start + 3); end++) {
          const block = rest[end]
          if (block.kind !== 'para' || !block.centred || !textOf(block)) break
          joined += textOf(block)!.replace(/\n/g, '')
          if (titleEnding.test(joined)) {
            title = joined
            start = end + 1
            break
          }
        }
      }
    }

    // The 主送机关: a short line ending in a colon, right after the title (or first, without one).
    let recipients: string | null = null
    const candidate = rest[nextFilled(start)]
    if (candidate?.kind === 'para' && candidate.role?.kind !== 'heading' && !candidate.list) {
      const text = textOf(candidate)!
      const name = text.replace(/[：:]$/, '').trim()
      if (/[：:]$/.test(text) && name && [...name].length <= recipientsMaxChars && !/[。！？\n]/.test(name)) {
        recipients = name
        start = nextFilled(start) + 1
      }
    }
    rest = rest.slice(title !== null || recipients !== null ? start : 0)

    // The 署名 and 成文日期 closing the text, as the template writes them: a blank line, the name, the date.
    let closing: JsonNode[] = []
    const lines = rest.map((block) =>
      block.kind === 'para' && block.role?.kind !== 'heading' && !block.list
        ? inlineText(block.inline).trim()
        : '\u0000',
    )
    const found = signatureBlock(lines)
    let signatureFound = false
    if (found) {
      const signature = found.signature === null ? null : lines[found.signature]
      signatureFound = signature !== null
      closing = [
        textParagraph(''),
        ...(signature !== null ? [textParagraph(signature)] : []),
        textParagraph(lines[found.date]),
      ]
      rest = rest.slice(0, found.signature ?? found.date)
    }

    const body = this.nodes(rest, false)
    const content: JsonNode = { type: 'doc', content: [...body, ...closing] }
    if (!content.content!.length) content.content!.push({ type: 'paragraph' })
    return {
      title,
      recipients,
      content,
      report: this.report(content, {
        title: title !== null,
        recipients: recipients !== null,
        signatureFound,
        dateFound: found !== null,
      }),
    }
  }

  private report(
    content: JsonNode,
    found: { title: boolean; recipients: boolean; signatureFound: boolean; dateFound: boolean },
  ): WordImportReport {
    const headings = [0, 0, 0, 0]
    let paragraphs = 0
    let tables = 0
    let lists = 0
    const visit = (node: JsonNode, inList: boolean, depth: number) => {
      if (node.type === 'heading') headings[Math.min(4, Number(node.attrs?.level ?? 1)) - 1]++
      // Body paragraphs only: those of table cells and list items are counted with their table or list.
      if (node.type === 'paragraph' && depth === 1 && node.content?.length) paragraphs++
      if (node.type === 'table') tables++
      const list = node.type === 'bulletList' || node.type === 'orderedList'
      if (list && !inList) lists++
      node.content?.forEach((child) => visit(child, inList || list, depth + 1))
    }
    visit(content, false, 0)
    const { images, footnotes, comments, equations, objects, contents } = this.counts
    return {
      title: found.title,
      recipients: found.recipients,
      signature: found.signatureFound,
      date: found.dateFound,
      headings,
      typedNumbers: this.counts.typedNumbers,
      paragraphs,
      tables,
      lists,
      textBoxes: this.counts.textBoxes,
      trackedChanges: this.counts.trackedChanges,
      dropped: { images, footnotes, comments, equations, objects, contents },
    }
  }
}

/** The branch of an mc:AlternateContent to read: its first Choice (Word's own markup), else the Fallback. */
function alternative(element: XmlElement): XmlElement | null {
  let fallback: XmlElement | null = null
  for (const child of element.children) {
    if (child.ns !== MC) continue
    if (child.name === 'Choice') return child
    if (child.name === 'Fallback') fallback = child
  }
  return fallback
}

/** A table's rows, those inside content controls or custom XML included. */
function tableRows(tbl: XmlElement): XmlElement[] {
  return flattenWrappers(tbl, 'tr')
}
/** A row's cells, those inside content controls or custom XML included. */
function rowCells(tr: XmlElement): XmlElement[] {
  return flattenWrappers(tr, 'tc')
}
function flattenWrappers(parent: XmlElement, localName: string): XmlElement[] {
  const out: XmlElement[] = []
  for (const child of wChildren(parent)) {
    if (child.name === localName) out.push(child)
    else if (child.name === 'sdt') {
      const content = wChild(child, 'sdtContent')
      if (content) out.push(...flattenWrappers(content, localName))
    } else if (child.name === 'customXml') out.push(...flattenWrappers(child, localName))
  }
  return out
}

/** Rowspans that reach past the last row (after empty rows were dropped) end at it. */
function clampRowspans(rows: JsonNode[]): void {
  rows.forEach((row, index) => {
    for (const cell of row.content!) {
      const rowspan = Number(cell.attrs?.rowspan ?? 1)
      if (rowspan > rows.length - index) cell.attrs = { ...cell.attrs, rowspan: rows.length - index }
    }
  })
}

/** Marks in the schema's order (link, bold, italic, strike, underline). */
function textNode(text: string, format: RunFormat, href: string | null): JsonNode {
  const marks: NonNullable<JsonNode['marks']> = []
  if (href) marks.push({ type: 'link', attrs: { href } })
  if (format.bold) marks.push({ type: 'bold' })
  if (format.italic) marks.push({ type: 'italic' })
  if (format.strike) marks.push({ type: 'strike' })
  if (format.underline) marks.push({ type: 'underline' })
  return marks.length ? { type: 'text', text, marks } : { type: 'text', text }
}

/** Adjacent text with the same marks as one text node. */
function mergeText(inline: JsonNode[]): JsonNode[] {
  const out: JsonNode[] = []
  for (const node of inline) {
    const last = out[out.length - 1]
    if (last?.type === 'text' && node.type === 'text' && JSON.stringify(last.marks) === JSON.stringify(node.marks)) {
      out[out.length - 1] = { ...last, text: last.text! + node.text! }
    } else out.push(node)
  }
  return out
}

/** A run-on heading's first sentence without the full stop or colon that ended it. */
function stripEnding(inline: JsonNode[]): JsonNode[] {
  const out = [...inline]
  const last = out[out.length - 1]
  if (last?.type === 'text') out[out.length - 1] = { ...last, text: last.text!.replace(/[。：:；;]$/, '') }
  return out
}

/** A heading: bold is the heading's own look, not the writer's emphasis, so it is dropped. */
const headingNode = (level: number, inline: JsonNode[]): JsonNode => {
  const content = withoutMarks(inline, ['bold'])
  return content.length ? { type: 'heading', attrs: { level }, content } : { type: 'heading', attrs: { level } }
}

interface ListItem {
  level: ListLevel & { ilvl: number }
  paragraph: JsonNode
}

/** Word list paragraphs (each with its level) as nested bullet and ordered lists. */
function lists(items: ListItem[]): JsonNode[] {
  const roots: JsonNode[] = []
  const stack: { ilvl: number; bullet: boolean; list: JsonNode }[] = []
  for (const { level, paragraph } of items) {
    const bullet = isBullet(level)
    while (stack.length && stack[stack.length - 1].ilvl > level.ilvl) stack.pop()
    const top = stack[stack.length - 1]
    const item: JsonNode = { type: 'listItem', content: [paragraph] }
    if (top && top.ilvl === level.ilvl && top.bullet === bullet) {
      top.list.content!.push(item)
      continue
    }
    if (top && top.ilvl === level.ilvl) stack.pop()
    const list: JsonNode = bullet
      ? { type: 'bulletList', content: [item] }
      : { type: 'orderedList', attrs: { start: level.start }, content: [item] }
    const parent = stack[stack.length - 1]
    if (parent) {
      const items = parent.list.content!
      items[items.length - 1].content!.push(list)
    } else roots.push(list)
    stack.push({ ilvl: level.ilvl, bullet, list })
  }
  return roots
}

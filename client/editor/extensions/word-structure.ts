/**
 * The rules of a paste from Word or WPS (word-paste.ts), a chunk of their own loaded at the first
 * paste into a draft: Word's headings and typed numbers become headings, its list paragraphs lists.
 */
import { Fragment, Slice, type Node as ProseMirrorNode, type Schema } from '@tiptap/pm/model'
import { typedHeading } from '../../../shared/editor/typed-numbering.js'

/** HTML that Word or WPS put on the clipboard. */
export const isWordHtml = (html: string): boolean =>
  html.includes('urn:schemas-microsoft-com:office') || /class="?Mso/i.test(html) || html.includes('mso-')

/** The style's `mso-…` property `name`, as Word writes it (mso-list:l0 level1 lfo1, mso-outline-level:2). */
function msoProperty(element: Element, name: string): string | null {
  const style = element.getAttribute('style') ?? ''
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':')
    if (colon > 0 && declaration.slice(0, colon).trim().toLowerCase() === name)
      return declaration.slice(colon + 1).trim()
  }
  return null
}

/** The heading level Word's markup gives a paragraph: its MsoHeading class or its outline level. */
function wordHeadingLevel(element: Element): number | null {
  const heading = /(?:^|\s)MsoHeading([1-9])(?:\s|$)/i.exec(element.getAttribute('class') ?? '')
  if (heading) return Number(heading[1])
  const outline = Number(msoProperty(element, 'mso-outline-level'))
  return Number.isInteger(outline) && outline >= 1 && outline <= 9 ? outline : null
}

/** Word's list marker spans (mso-list:Ignore): the number or bullet Word drew, not the writer's words. */
const listMarkers = (element: Element) =>
  [...element.querySelectorAll('span')].filter((span) => msoProperty(span, 'mso-list')?.toLowerCase() === 'ignore')

/**
 * Word's clipboard HTML in the shapes the document schema parses: headings as h1–h4, Word's list
 * paragraphs as ul/ol (or, numbered 一、 or （一）, as the typed number the paste rule reads), the
 * auto numbers of headings removed.
 */
export function wordHtml(html: string, parser: DOMParser = new DOMParser()): string {
  const doc = parser.parseFromString(html, 'text/html')
  const body = doc.body
  for (const paragraph of [...body.querySelectorAll('p, h1, h2, h3, h4, h5, h6')]) {
    const tag = paragraph.tagName.toLowerCase()
    const level = tag === 'p' ? wordHeadingLevel(paragraph) : Number(tag[1])
    const markers = listMarkers(paragraph)
    const markerText = markers
      .map((span) => span.textContent ?? '')
      .join('')
      .replace(/\s+/g, '')
    if (level !== null) {
      // A heading's number is Word's own: the editor numbers it again.
      markers.forEach((span) => span.remove())
      if (tag === 'p') replaceTag(paragraph, `h${Math.min(level, 4)}`)
      continue
    }
    const listed = msoProperty(paragraph, 'mso-list')
    if (!listed || !markers.length) continue
    // 一、 or （一）: a heading numbered by Word, read like a typed number.
    if (/^[（(]?[一二三四五六七八九十]+[、．.）)]/.test(markerText)) {
      markers.forEach((span) => span.replaceWith(doc.createTextNode(markerText)))
      continue
    }
    markers.forEach((span) => span.remove())
    paragraph.setAttribute('data-word-list', /[0-9a-zA-Z]/.test(markerText) ? 'ol' : 'ul')
  }
  // Consecutive list paragraphs of one kind as one list.
  const listed = new Set<Element>()
  for (const first of [...body.querySelectorAll('[data-word-list]')]) {
    if (listed.has(first)) continue
    const kind = first.getAttribute('data-word-list')!
    const list = doc.createElement(kind)
    first.before(list)
    for (let item: Element | null = first; item && item.getAttribute('data-word-list') === kind;) {
      const next: Element | null = item.nextElementSibling
      listed.add(item)
      item.removeAttribute('data-word-list')
      const li = doc.createElement('li')
      list.append(li)
      li.append(item)
      item = next
    }
  }
  return body.innerHTML
}

function replaceTag(element: Element, tag: string): void {
  const replacement = element.ownerDocument.createElement(tag)
  replacement.append(...element.childNodes)
  element.replaceWith(replacement)
}

/**
 * The inline content of `node` without the typed number at its start, `length` UTF-16 units of its
 * text (what textContent and positions count alike); an image or break before it goes with it.
 */
function withoutPrefix(node: ProseMirrorNode, length: number): Fragment {
  let cut = 0
  let left = length
  node.content.forEach((child) => {
    if (left <= 0) return
    const size = child.isText ? child.text!.length : child.nodeSize
    const take = child.isText ? Math.min(size, left) : size
    cut += take
    if (child.isText) left -= take
  })
  return node.content.cut(cut)
}

/** A heading of `level` holding `content`, without the bold Word puts on headings (the heading's look is the editor's). */
function headingOf(schema: Schema, level: number, content: Fragment): ProseMirrorNode {
  const bold = schema.marks.bold
  const inline: ProseMirrorNode[] = []
  content.forEach((child) => inline.push(bold ? child.mark(bold.removeFromSet(child.marks)) : child))
  return schema.nodes.heading.create({ level: Math.min(Math.max(level, 1), 4) }, inline)
}

/**
 * The pasted slice with the 导入Word rules applied to its whole top-level paragraphs and headings:
 * a typed number makes a heading of its level and is removed; headings deeper than 4 become 4, and
 * no heading keeps Word's bold.
 * Words pasted into a paragraph (a slice of one open block) are left as they are.
 */
export function structurePasted(slice: Slice, schema: Schema): Slice {
  const nodes: ProseMirrorNode[] = []
  // One open block is words pasted into a paragraph (a line of text, a phrase copied from Word): left as it is.
  if (slice.content.childCount === 1 && (slice.openStart > 0 || slice.openEnd > 0)) return slice
  let changed = false
  slice.content.forEach((node) => {
    if (node.type.name !== 'paragraph' && node.type.name !== 'heading') {
      nodes.push(node)
      return
    }
    const typed = typedHeading(node.textContent)
    if (!typed) {
      if (node.type.name === 'heading') {
        nodes.push(headingOf(schema, Number(node.attrs.level), node.content))
        changed = true
      } else nodes.push(node)
      return
    }
    changed = true
    const rest = withoutPrefix(node, typed.prefix.length)
    if (node.type.name === 'paragraph' && typed.leadLength !== null) {
      // 一、 or （一） running on into its paragraph: the first sentence is the heading, as 导入Word does.
      const leadEnd = typed.leadLength
      const lead = rest.cut(0, leadEnd)
      const leadText = lead.textBetween(0, lead.size)
      const trimmed = /[。：:；;]$/.test(leadText) ? lead.cut(0, lead.size - 1) : lead
      nodes.push(headingOf(schema, typed.level, trimmed), schema.nodes.paragraph.create(null, rest.cut(leadEnd)))
      return
    }
    nodes.push(headingOf(schema, typed.level, rest))
  })
  return changed ? new Slice(Fragment.fromArray(nodes), slice.openStart, slice.openEnd) : slice
}

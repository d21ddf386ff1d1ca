/**
 * What a .docx's styles.xml and numbering.xml say about a paragraph: whether its style is a heading
 * (Heading 1–9 / 标题 1–9, a style based on one, or an outline level), the title (Title / 标题), a
 * table-of-contents line; its alignment; the character formatting a run style gives; and what a
 * Word list numbers with (bullets, 1. 2., or 一、（一） on headings numbered by Word itself).
 */
import { wAttr, wChild, wChildren, type DocxArchive, type XmlElement } from './docx-archive.js'

/** A boolean w: property (<w:b/>, <w:b w:val="0"/>): absent → undefined, otherwise on unless 0/false/off. */
export function onOff(props: XmlElement | null, name: string): boolean | undefined {
  const element = props && wChild(props, name)
  if (!element) return undefined
  const value = wAttr(element, 'val')
  return value === null || !['0', 'false', 'off', 'none'].includes(value)
}

/** Bold, italic, underline and strike as run properties set them (undefined: not set here). */
export interface RunFormat {
  bold?: boolean
  italic?: boolean
  underline?: boolean
  strike?: boolean
}

export function runFormat(rPr: XmlElement | null): RunFormat {
  if (!rPr) return {}
  const u = wChild(rPr, 'u')
  const underlineValue = u && wAttr(u, 'val')
  return {
    bold: onOff(rPr, 'b'),
    italic: onOff(rPr, 'i'),
    underline: u ? underlineValue !== 'none' : undefined,
    strike: onOff(rPr, 'strike') ?? onOff(rPr, 'dstrike'),
  }
}

interface StyleEntry {
  name: string
  basedOn: string | null
  pPr: XmlElement | null
  rPr: XmlElement | null
}

/** The role a paragraph style gives: a heading of some level, the title, a line of a table of contents, or none. */
export type StyleRole = { kind: 'heading'; level: number } | { kind: 'title' } | { kind: 'contents' } | null

/** A numbered or bulleted Word list level as numbering.xml defines it. */
export interface ListLevel {
  /** decimal, bullet, chineseCounting, none… */
  format: string
  /** What is printed, %1 standing for the number: "%1.", "（%1）", "%1、", "". */
  text: string
  start: number
}

const headingName = /^(?:heading|标题)\s*([1-9])$/i
const titleName = /^(?:title|标题)$/i
const contentsName = /^(?:toc|目录)\s*[1-9]$/i

const chineseFormats = new Set([
  'chineseCounting',
  'chineseCountingThousand',
  'chineseLegalSimplified',
  'ideographDigital',
  'ideographTraditional',
  'ideographLegalTraditional',
  'japaneseCounting',
  'taiwaneseCounting',
  'taiwaneseCountingThousand',
])

/** The parts WordStyles reads: the archive must be opened with them. */
export const styleParts = ['word/styles.xml', 'word/numbering.xml'] as const

export class WordStyles {
  private readonly styles = new Map<string, StyleEntry>()
  private readonly numbering = new Map<string, { levels: Map<number, ListLevel> }>()

  constructor(archive: DocxArchive) {
    const styles = archive.xml('word/styles.xml')
    if (styles) {
      for (const style of wChildren(styles, 'style')) {
        const id = wAttr(style, 'styleId')
        if (!id) continue
        const name = wChild(style, 'name')
        const basedOn = wChild(style, 'basedOn')
        this.styles.set(id, {
          name: (name && wAttr(name, 'val')) ?? id,
          basedOn: basedOn && wAttr(basedOn, 'val'),
          pPr: wChild(style, 'pPr'),
          rPr: wChild(style, 'rPr'),
        })
      }
    }
    const numbering = archive.xml('word/numbering.xml')
    if (numbering) {
      const abstracts = new Map<string, Map<number, ListLevel>>()
      for (const abstract of wChildren(numbering, 'abstractNum')) {
        const levels = new Map<number, ListLevel>()
        for (const lvl of wChildren(abstract, 'lvl')) levels.set(Number(wAttr(lvl, 'ilvl') ?? 0), listLevel(lvl))
        abstracts.set(wAttr(abstract, 'abstractNumId') ?? '', levels)
      }
      for (const num of wChildren(numbering, 'num')) {
        const abstractId = wChild(num, 'abstractNumId')
        const base = abstracts.get((abstractId && wAttr(abstractId, 'val')) ?? '') ?? new Map<number, ListLevel>()
        const levels = new Map(base)
        for (const override of wChildren(num, 'lvlOverride')) {
          const ilvl = Number(wAttr(override, 'ilvl') ?? 0)
          const lvl = wChild(override, 'lvl')
          const startOverride = wChild(override, 'startOverride')
          const level = lvl ? listLevel(lvl) : levels.get(ilvl)
          if (!level) continue
          levels.set(ilvl, startOverride ? { ...level, start: Number(wAttr(startOverride, 'val') ?? 1) } : level)
        }
        this.numbering.set(wAttr(num, 'numId') ?? '', { levels })
      }
    }
  }

  /** The style and the styles it is based on, nearest first (a cycle ends the chain). */
  private chain(styleId: string | null): StyleEntry[] {
    const out: StyleEntry[] = []
    const seen = new Set<string>()
    for (let id = styleId; id && !seen.has(id) && out.length < 20;) {
      seen.add(id)
      const style = this.styles.get(id)
      if (!style) break
      out.push(style)
      id = style.basedOn
    }
    return out
  }

  /** What a paragraph with this style and these direct properties is: its name, or an outline level, decides. */
  role(styleId: string | null, pPr: XmlElement | null): StyleRole {
    const direct = outlineLevel(pPr)
    if (direct !== null) return direct < 9 ? { kind: 'heading', level: direct + 1 } : null
    for (const style of this.chain(styleId)) {
      const name = style.name.trim()
      const heading = headingName.exec(name)
      if (heading) return { kind: 'heading', level: Number(heading[1]) }
      if (titleName.test(name)) return { kind: 'title' }
      if (contentsName.test(name)) return { kind: 'contents' }
      const level = outlineLevel(style.pPr)
      if (level !== null) return level < 9 ? { kind: 'heading', level: level + 1 } : null
    }
    return null
  }

  /** Whether the paragraph is centred, by its own properties or its style's. */
  centred(styleId: string | null, pPr: XmlElement | null): boolean {
    for (const props of [pPr, ...this.chain(styleId).map((s) => s.pPr)]) {
      const jc = props && wChild(props, 'jc')
      if (jc) return wAttr(jc, 'val') === 'center'
    }
    return false
  }

  /** The list level a paragraph is numbered with (its own numPr, or its style's), or null. */
  list(styleId: string | null, pPr: XmlElement | null): (ListLevel & { numId: string; ilvl: number }) | null {
    let numPr = pPr && wChild(pPr, 'numPr')
    for (const style of this.chain(styleId)) {
      if (numPr) break
      numPr = style.pPr && wChild(style.pPr, 'numPr')
    }
    if (!numPr) return null
    const numIdElement = wChild(numPr, 'numId')
    const ilvlElement = wChild(numPr, 'ilvl')
    const numId = (numIdElement && wAttr(numIdElement, 'val')) ?? '0'
    const ilvl = Number((ilvlElement && wAttr(ilvlElement, 'val')) ?? 0)
    if (numId === '0') return null
    const level = this.numbering.get(numId)?.levels.get(ilvl)
    if (!level || level.format === 'none') return null
    return { ...level, numId, ilvl: Number.isFinite(ilvl) ? Math.min(Math.max(ilvl, 0), 8) : 0 }
  }

  /** Character formatting of a run style (w:rStyle) and the styles it is based on. */
  runStyle(styleId: string | null): RunFormat {
    const format: RunFormat = {}
    for (const style of this.chain(styleId)) {
      const own = runFormat(style.rPr)
      format.bold ??= own.bold
      format.italic ??= own.italic
      format.underline ??= own.underline
      format.strike ??= own.strike
    }
    return format
  }
}

function outlineLevel(pPr: XmlElement | null): number | null {
  const element = pPr && wChild(pPr, 'outlineLvl')
  const value = element && Number(wAttr(element, 'val'))
  return value !== null && value !== undefined && Number.isInteger(value) && value >= 0 ? value : null
}

function listLevel(lvl: XmlElement): ListLevel {
  const value = (name: string) => {
    const element = wChild(lvl, name)
    return element ? wAttr(element, 'val') : null
  }
  return { format: value('numFmt') ?? 'decimal', text: value('lvlText') ?? '', start: Number(value('start') ?? 1) || 1 }
}

/**
 * The heading level a Word list level prints like: 一、 (level 1) or （一） (level 2) in Chinese
 * numerals, which is how Word and WPS number 公文 headings automatically. Anything else is a list.
 */
export function listHeadingLevel(level: ListLevel): 1 | 2 | null {
  if (!chineseFormats.has(level.format)) return null
  const text = level.text.trim()
  if (/^%\d[、．.]$/.test(text)) return 1
  if (/^[（(]%\d[）)]$/.test(text)) return 2
  return null
}

/** Whether a list level is bulleted rather than numbered. */
export const isBullet = (level: ListLevel): boolean => level.format === 'bullet'

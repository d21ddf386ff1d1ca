/**
 * What a new draft starts from: the 建议案 template (基本情况 / 存在的问题 / 意见建议, a prompt under
 * each, then the 署名 and 成文日期) or a blank page. Headings carry no typed numbers: the editor
 * and the export number them (heading-numbers.ts).
 */
import type { JsonNode } from './text.js'

export const templateKinds = ['jianyian', 'blank'] as const
export type TemplateKind = (typeof templateKinds)[number]

/** The title a templated draft suggests; the writer replaces the …… with the subject. */
export const templateTitle = '关于……的建议案'

/** The gap of `templateTitle`: a title that still holds it has no subject yet. */
export const titleGap = '……'

/**
 * A title with the doublings undone that typing or pasting a whole title into the gap of
 * 关于……的建议案 makes (关于关于…的建议案的建议案, …的的建议案), and where a caret at `caret`
 * lands in it. Nothing else changes: a title that is not doubled comes back as it was.
 */
export function tidyTitle(title: string, caret = title.length): { title: string; caret: number } {
  let head = title
  let removedBefore = 0
  // 关于 typed into the gap after the suggested 关于 (spaces between them included).
  for (let match = /^关于\s*关于/.exec(head); match; match = /^关于\s*关于/.exec(head)) {
    head = head.slice(match[0].length - 2)
    removedBefore += match[0].length - 2
  }
  // 建议案 or 的 typed into the gap before the suggested 的建议案: those characters sit after the caret.
  let tidy = head
  for (;;) {
    const next = tidy.replace(/建议案\s*的建议案$/, '建议案').replace(/的\s*的建议案$/, '的建议案')
    if (next === tidy) break
    tidy = next
  }
  return { title: tidy, caret: Math.min(Math.max(caret - removedBefore, 0), tidy.length) }
}

const heading = (text: string): JsonNode => ({
  type: 'heading',
  attrs: { level: 1 },
  content: [{ type: 'text', text }],
})
const paragraph = (text?: string): JsonNode =>
  text ? { type: 'paragraph', content: [{ type: 'text', text }] } : { type: 'paragraph' }

/** 署名 and 成文日期 of the template, to be filled in (the date is the meeting's adoption date). */
export const templateSignature = '政协××市委员会'
export const templateDate = '××××年×月×日'

/** The body of a new draft as ProseMirror JSON (the document schema of schema.ts). */
export function templateContent(kind: TemplateKind): JsonNode {
  if (kind === 'blank') return { type: 'doc', content: [paragraph()] }
  return {
    type: 'doc',
    content: [
      heading('基本情况'),
      paragraph('（简要介绍调研的背景和组织开展情况，以及相关工作的现状和成效。）'),
      heading('存在的问题'),
      paragraph('（围绕调研主题，分析存在的主要问题及其原因，用事实和数据说话。）'),
      heading('意见建议'),
      paragraph('（针对上述问题，提出具体、可行的意见建议；每条建议可作为二级标题。）'),
      // GB/T 9704 7.3.5: the 署名 follows one blank line below the body.
      paragraph(),
      paragraph(templateSignature),
      paragraph(templateDate),
    ],
  }
}

/** A 成文日期 as a line of its own: 2025年3月1日, 二〇二五年三月一日, or the template's ××××年×月×日. */
const dateLine =
  /^\s*([0-9]{4}|[〇○零一二三四五六七八九]{4}|×{2,4})\s*年\s*[0-9一二三四五六七八九十×]{1,3}\s*月\s*[0-9一二三四五六七八九十×]{1,3}\s*日\s*$/

/** A line that may be a 署名: short, no sentence, and ending like the name of a body (…委员会, …调研组, …办公室). */
const signatureLine = (text: string) => {
  const trimmed = text.trim()
  return trimmed.length > 0 && trimmed.length <= 40 && /[会组室委厅局处院部府协盟党]$/.test(trimmed)
}

/**
 * Where a document's closing 署名 and 成文日期 are, given the text of its top-level blocks: the
 * indexes of the signature line (or null when only a date closes the text) and of the date line,
 * or null when the text does not end with a date.
 */
export function signatureBlock(blocks: readonly string[]): { signature: number | null; date: number } | null {
  let last = blocks.length - 1
  while (last >= 0 && blocks[last].trim() === '') last--
  if (last < 0 || !dateLine.test(blocks[last])) return null
  const previous = last - 1
  const signature = previous >= 0 && signatureLine(blocks[previous]) ? previous : null
  return { signature, date: last }
}

/** Width of a line in character cells (ASCII digits, letters and marks ½, everything else, × included, 1). */
function cells(text: string): number {
  let width = 0
  for (const ch of text.trim()) width += ch >= ' ' && ch <= '~' ? 0.5 : 1
  return width
}

/**
 * Right-hand gaps (in character cells) of a 署名 and its date without a seal, per GB/T 9704
 * 7.3.5.2: the 署名 右空二字, the date on the next line starting two cells to the right of the
 * 署名; when the date is the longer line, the date 右空二字 and the 署名 moves left to keep the offset.
 */
export function signatureGaps(signature: string | null, date: string): { signature: number; date: number } {
  if (signature === null) return { signature: 2, date: 2 }
  const ws = cells(signature)
  const wd = cells(date)
  const dateGap = Math.max(2, ws - wd)
  return { signature: dateGap + wd + 2 - ws, date: dateGap }
}

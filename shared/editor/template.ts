/**
 * What a new draft starts from: its kind's template (shared/document-kinds.ts) or a blank page.
 * The 建议案's: 基本情况 / 存在的问题 / 意见建议, a prompt under each, then the 署名 and 成文日期;
 * the 调研报告's: 基本情况 / 主要问题 / 原因分析 / 对策建议, signed by the group; the 座谈会纪要's: the
 * meeting's header block (meeting-fields.ts), 会议议题, 发言摘要 by speaker, 会议共识; the 调研方案's:
 * 目的, 内容, 方式, 日程, 分工, 要求. Headings carry no typed numbers: the editor and the export number
 * them (heading-numbers.ts).
 */
import { defaultKind, type DocumentKind } from '../document-kinds.js'
import { templateMeetingFields } from './meeting-fields.js'
import type { JsonNode } from './text.js'

/**
 * How a draft starts: its kind's template, or a blank page. `jianyian` is the earlier name of
 * `template` (when the 建议案 was the only kind), still taken from older clients and scripts.
 */
export const templateKinds = ['template', 'blank', 'jianyian'] as const
export type TemplateKind = (typeof templateKinds)[number]

/** The title each kind's template suggests; the writer replaces the …… with the subject. */
export const templateTitles: Record<DocumentKind, string> = {
  proposal: '关于……的建议案',
  report: '关于……的调研报告',
  minutes: '……座谈会纪要',
  plan: '关于……的调研方案',
}

/** The title a templated 建议案 suggests. */
export const templateTitle = templateTitles.proposal

/** The gap of a template title: a title that still holds it has no subject yet. */
export const titleGap = '……'

/** The ends of the template titles after their gap: what a whole title typed into the gap doubles. */
const titleEnds = ['建议案', '调研报告', '调研方案'] as const

/**
 * A title with the doublings undone that typing or pasting a whole title into the gap of a template
 * title makes (关于关于…的建议案的建议案, …的的调研报告, …座谈会座谈会纪要), and where a caret at
 * `caret` lands in it. Nothing else changes: a title that is not doubled comes back as it was.
 */
export function tidyTitle(title: string, caret = title.length): { title: string; caret: number } {
  let head = title
  let removedBefore = 0
  // 关于 typed into the gap after the suggested 关于 (spaces between them included).
  for (let match = /^关于\s*关于/.exec(head); match; match = /^关于\s*关于/.exec(head)) {
    head = head.slice(match[0].length - 2)
    removedBefore += match[0].length - 2
  }
  // The end or 的 typed into the gap before the suggested 的建议案 (…): those characters sit after the caret.
  let tidy = head
  for (;;) {
    let next = tidy
    for (const end of titleEnds) {
      next = next.replace(new RegExp(`${end}\\s*的${end}$`), end).replace(new RegExp(`的\\s*的${end}$`), `的${end}`)
    }
    next = next.replace(/座谈会纪要\s*座谈会纪要$/, '座谈会纪要').replace(/座谈会\s*座谈会纪要$/, '座谈会纪要')
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
/** A paragraph opening with a bold label and a full-width colon: a 纪要 field, a speaker. */
const labelled = (label: string, text: string): JsonNode => ({
  type: 'paragraph',
  content: [
    { type: 'text', text: `${label}：`, marks: [{ type: 'bold' }] },
    // ProseMirror has no empty text node: a field still to fill holds its label alone.
    ...(text ? [{ type: 'text', text }] : []),
  ],
})

/** 署名 and 成文日期 of the 建议案 template, to be filled in (the date is the meeting's adoption date). */
export const templateSignature = '政协××市委员会'
export const templateDate = '××××年×月×日'
/** The 署名 of the kinds signed by the group, when the group's name is not given. */
export const templateGroupSignature = '××调研组'

/** GB/T 9704 7.3.5: the 署名 follows one blank line below the body. */
const closing = (signature: string): JsonNode[] => [paragraph(), paragraph(signature), paragraph(templateDate)]

const bodies: Record<DocumentKind, (group: string) => JsonNode[]> = {
  proposal: () => [
    heading('基本情况'),
    paragraph('（简要介绍调研的背景和组织开展情况，以及相关工作的现状和成效。）'),
    heading('存在的问题'),
    paragraph('（围绕调研主题，分析存在的主要问题及其原因，用事实和数据说话。）'),
    heading('意见建议'),
    paragraph('（针对上述问题，提出具体、可行的意见建议；每条建议可作为二级标题。）'),
    ...closing(templateSignature),
  ],
  report: (group) => [
    paragraph('（简述调研的缘由、组织方式和范围：调研组成员，走访的单位和地方，召开的座谈会。）'),
    heading('基本情况'),
    paragraph('（相关工作的现状、做法和成效，用数据说话；数据多时可列表。）'),
    heading('主要问题'),
    paragraph('（调研发现的主要问题，每个问题可作为二级标题。）'),
    heading('原因分析'),
    paragraph('（问题产生的原因。）'),
    heading('对策建议'),
    paragraph('（针对上述问题提出的对策建议，每条建议可作为二级标题。）'),
    ...closing(group),
  ],
  minutes: () => [
    ...templateMeetingFields.map((label) => labelled(label, '')),
    heading('会议议题'),
    paragraph('（座谈会围绕的主题。）'),
    heading('发言摘要'),
    labelled('××局××同志', '（发言要点。每位发言人一段，以其单位、姓名开头。）'),
    labelled('××委员', '（发言要点。）'),
    heading('会议共识和下一步工作'),
    paragraph('（与会人员的共识，以及调研组下一步的工作安排。）'),
  ],
  plan: (group) => [
    heading('调研目的'),
    paragraph('（为什么调研这个题目，调研要回答的问题。）'),
    heading('调研内容'),
    paragraph('（调研的重点问题，每个问题可作为二级标题。）'),
    heading('调研方式'),
    paragraph('（实地走访、座谈会、问卷调查、书面征询等。）'),
    heading('时间安排'),
    paragraph('（日程：各阶段的时间和任务。）'),
    heading('组织分工'),
    paragraph('（组长、成员、联络员、执笔人及其分工。）'),
    heading('工作要求'),
    paragraph('（纪律和保密等要求。）'),
    ...closing(group),
  ],
}

/**
 * The body of a new draft as ProseMirror JSON (the document schema of schema.ts): `kind`'s template,
 * or a blank page. `group` is the 署名 of the kinds the group signs (调研报告, 调研方案).
 */
export function templateContent(start: TemplateKind, kind: DocumentKind = defaultKind, group = ''): JsonNode {
  if (start === 'blank') return { type: 'doc', content: [paragraph()] }
  return { type: 'doc', content: bodies[kind](group.trim() || templateGroupSignature) }
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

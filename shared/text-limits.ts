/**
 * The longest text each free-text input takes, and how it is counted: in characters (code points,
 * so 𠀀 is one, as a person counts), of the text as the server keeps it (trimmed; a title also
 * tidied). The zod schemas (schema.ts) refuse by these and the client's counters count by them
 * (client/forms/LengthCounter.tsx): the two can never disagree about a number or a way of counting.
 */
import { tidyTitle } from './editor/template.js'
import { codePointLength, wellFormed } from './unicode.js'

/** One input's limit: at most `max` characters, as `length` counts them in the text typed. */
export interface TextLimit {
  readonly max: number
  readonly length: (text: string) => number
}

/**
 * A title as it is stored: lone surrogates replaced (they break file names and exports), NFC,
 * trimmed, a doubled 关于 or 建议案 undone (shared/editor/template.ts).
 */
export const tidiedTitle = (title: string): string => tidyTitle(wellFormed(title).normalize('NFC').trim()).title

/** A limit on text that is stored trimmed. */
const trimmed = (max: number): TextLimit => ({ max, length: (text) => codePointLength(text.trim()) })

/** Every free-text input's limit, by the name of the input. */
export const textLimits = {
  title: { max: 200, length: (title: string) => codePointLength(tidiedTitle(title)) },
  /** A comment (a thread's first, a reply, an edit) is kept as typed, line breaks and spaces included. */
  comment: { max: 10_000, length: codePointLength },
  /** The words a suggestion (修订) proposes, kept as typed. */
  suggestion: { max: 10_000, length: codePointLength },
  /** 送审说明, 审定意见, 退回意见 and the reason of 重新开放. */
  note: trimmed(2000),
  /** 意见处理's 处理说明. */
  rationale: trimmed(2000),
  versionLabel: trimmed(100),
  groupName: trimmed(100),
  displayName: trimmed(60),
  documentNumber: trimmed(100),
  recipients: trimmed(300),
  adoptionNote: trimmed(300),
  signature: trimmed(100),
  sentBy: trimmed(100),
  /** Why a register entry is corrected. */
  correctionReason: trimmed(500),
  /** The outside unit a returned draft came from (导入修订稿: 市财政局). */
  unitName: trimmed(60),
  /** 调研课题: what a group investigates (关于加快高标准农田建设的调研). */
  topic: trimmed(200),
  /** A 调研活动's name, place and host, its 参加人员 and its notes. */
  activityTitle: trimmed(100),
  place: trimmed(100),
  host: trimmed(60),
  participants: trimmed(1000),
  activityNotes: trimmed(2000),
  /** A 调研材料's title and where it came from (which department, which visit). */
  materialTitle: trimmed(200),
  materialSource: trimmed(100),
  /** 办理跟踪: a leader's name and post, a unit, the text of a 批示 or reply, an outcome and its reference. */
  leader: trimmed(60),
  leaderPost: trimmed(100),
  followUpUnits: trimmed(500),
  followUpText: trimmed(5000),
  outcomeTitle: trimmed(200),
  outcomeReference: trimmed(100),
} as const satisfies Record<string, TextLimit>

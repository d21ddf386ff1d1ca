/**
 * The header block of a 座谈会纪要: the paragraphs before its first heading that open with a label
 * and a colon — 时间：…, 地点：…, 主持人：…, 参加人员：… They are ordinary paragraphs (the label is
 * typed, usually bold), so several people can fill them in at once like any other text; the export
 * recognises them by their words and prints them as the block a 纪要 opens with.
 */

/** The labels the 纪要 template starts with, in its order. */
export const templateMeetingFields = ['时间', '地点', '主持人', '参加人员'] as const

/** Every label a header line may open with (spaces inside a label, 时\u3000间, are allowed). */
const labels = ['时间', '地点', '主持人', '参加人员', '出席人员', '列席人员', '请假人员', '记录人', '整理人']

const fieldLine = new RegExp(`^\\s*(${labels.map((label) => [...label].join('[\\s\\u3000]*')).join('|')})\\s*[：:]`)

/**
 * The label a header line opens with (spaces removed) and where its value starts, or null for a
 * paragraph that is not a header line.
 */
export function meetingField(text: string): { label: string; valueStart: number } | null {
  const match = fieldLine.exec(text)
  if (!match) return null
  return { label: match[1].replace(/[\s\u3000]/g, ''), valueStart: match[0].length }
}

/**
 * The kinds of document a 调研组 writes (issue 17): the 建议案, and the papers of the investigation
 * around it — 调研报告, 座谈会纪要, 调研方案. Each has its own template (editor/template.ts), its own
 * paper (what the export prints around the body) and its own place in the workflow (workflow.ts:
 * only a 建议案 is submitted, approved and sent out). The Chinese names are the client's catalogue's
 * (`kind.<id>`); docs/document-kinds.md describes them.
 */

/** Every kind, 建议案 first: the order the create form and the list filter offer them. */
export const documentKinds = ['proposal', 'report', 'minutes', 'plan'] as const
export type DocumentKind = (typeof documentKinds)[number]

/** What a document made before kinds existed is: every one of them was a 建议案. */
export const defaultKind: DocumentKind = 'proposal'

/** A stored document's kind: absent means a 建议案 (documents made before kinds). */
export const kindOf = (doc: { kind?: DocumentKind }): DocumentKind => doc.kind ?? defaultKind

/** What surrounds the body of a kind on paper. */
export interface KindPaper {
  /** A 主送机关 line above the body (the 建议案's, from 报送登记); the others are addressed to nobody. */
  recipients: boolean
  /** Closes with 署名 and 成文日期 (GB/T 9704 7.3.5); a 纪要 is dated by its meeting and not signed. */
  signed: boolean
  /** Opens with the meeting's header block (时间, 地点, 主持人, 参加人员…): editor/meeting-fields.ts. */
  meetingFields: boolean
}

export const kindPapers: Record<DocumentKind, KindPaper> = {
  proposal: { recipients: true, signed: true, meetingFields: false },
  report: { recipients: false, signed: true, meetingFields: false },
  minutes: { recipients: false, signed: false, meetingFields: true },
  plan: { recipients: false, signed: true, meetingFields: false },
}

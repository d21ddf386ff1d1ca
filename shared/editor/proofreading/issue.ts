/** What a proofreading rule reports: a range of a text, why it is wrong, and the mechanical fix. */

/** The rules, each one pure function in this folder; a person may switch any of them off. */
export type RuleId =
  'halfWidthPunctuation' | 'mixedPairs' | 'doubledPunctuation' | 'chineseSpacing' | 'numberUsage' | 'typedHeadingNumber'

/**
 * Why a range is flagged. A key, not a sentence: the client words it in the reader's language
 * (client/i18n/i18n.ts, `proofreading.message.*`).
 */
type ProofMessage =
  | 'halfWidthPunctuation'
  | 'mixedBrackets'
  | 'documentNumberBrackets'
  | 'quotes'
  | 'doubledPunctuation'
  | 'ellipsis'
  | 'dash'
  | 'spaceBetweenChinese'
  | 'shortYear'
  | 'zeroPadding'
  | 'dateHao'
  | 'fullWidthAlphanumeric'
  | 'rangeMark'
  | 'dottedDate'
  | 'typedHeadingNumber'

export interface ProofIssue {
  rule: RuleId
  /** UTF-16 offsets into the checked text, `from` < `to`. */
  from: number
  to: number
  message: ProofMessage
  /** What replaces text[from, to) ('' deletes it); null when only a person can decide. */
  fix: string | null
}

/** One rule: every issue it finds in one paragraph (or heading) of text. */
export type ProofRule = (text: string) => ProofIssue[]

/** What kind of block a text is: some rules look at headings only. */
export type BlockKind = 'paragraph' | 'heading'

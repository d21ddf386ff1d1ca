/** 公文 proofreading: every rule of this folder, run over one paragraph, without overlapping fixes. */
import { chineseSpacing } from './chinese-spacing.js'
import { doubledPunctuation } from './doubled-punctuation.js'
import { halfWidthPunctuation } from './half-width-punctuation.js'
import type { BlockKind, ProofIssue, ProofRule, RuleId } from './issue.js'
import { mixedPairs } from './mixed-pairs.js'
import { numberUsage } from './number-usage.js'
import { typedHeadingNumber } from './typed-heading-number.js'

export type { BlockKind, ProofIssue, RuleId } from './issue.js'

/**
 * The rules in order of precedence: where two flag overlapping text, the earlier one's issue is
 * kept (a doubled ",," is one issue, not also two half-width commas).
 */
const proofreadingRules: readonly { id: RuleId; check: ProofRule; only?: BlockKind }[] = [
  { id: 'typedHeadingNumber', check: typedHeadingNumber, only: 'heading' },
  { id: 'doubledPunctuation', check: doubledPunctuation },
  { id: 'mixedPairs', check: mixedPairs },
  { id: 'numberUsage', check: numberUsage },
  { id: 'halfWidthPunctuation', check: halfWidthPunctuation },
  { id: 'chineseSpacing', check: chineseSpacing },
]

export const ruleIds: readonly RuleId[] = proofreadingRules.map((rule) => rule.id)

/**
 * Paragraphs longer than this are not proofread. Every rule is linear in the paragraph's length,
 * but the editor proofreads the paragraph being typed in on every keystroke; a 建议案 paragraph runs
 * to a few hundred characters, and one of 20,000 is pasted data, not prose to check.
 */
export const MAX_PROOFREAD_CHARS = 20_000

const byStart = (a: ProofIssue, b: ProofIssue) => a.from - b.from

/** Every issue of the enabled rules in one paragraph (or heading) of text, in text order, no two overlapping. */
export function proofread(
  text: string,
  enabled: (rule: RuleId) => boolean = () => true,
  kind: BlockKind = 'paragraph',
): ProofIssue[] {
  if (text.length > MAX_PROOFREAD_CHARS) return []
  // In text order and never overlapping, so that each rule's findings are checked against it in one pass.
  let kept: ProofIssue[] = []
  for (const rule of proofreadingRules) {
    if (!enabled(rule.id) || (rule.only && rule.only !== kind)) continue
    const accepted: ProofIssue[] = []
    let k = 0
    let acceptedTo = -1
    // A stable sort: of a rule's own overlapping findings, the one it reported first stays first.
    for (const found of rule.check(text).sort(byStart)) {
      while (k < kept.length && kept[k].to <= found.from) k++
      const clashes = (k < kept.length && kept[k].from < found.to) || found.from < acceptedTo
      if (clashes) continue
      accepted.push(found)
      acceptedTo = Math.max(acceptedTo, found.to)
    }
    kept = mergeByStart(kept, accepted)
  }
  return kept
}

function mergeByStart(a: ProofIssue[], b: ProofIssue[]): ProofIssue[] {
  if (b.length === 0) return a
  const merged: ProofIssue[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length)
    merged.push(j >= b.length || (i < a.length && a[i].from <= b[j].from) ? a[i++] : b[j++])
  return merged
}

/** The text after applying the fixes of `issues` (non-overlapping, as proofread returns them). */
export function applyFixes(text: string, issues: readonly ProofIssue[]): string {
  let result = text
  for (const found of [...issues].sort((a, b) => b.from - a.from)) {
    if (found.fix !== null) result = result.slice(0, found.from) + found.fix + result.slice(found.to)
  }
  return result
}

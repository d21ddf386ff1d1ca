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

/** Every issue of the enabled rules in one paragraph (or heading) of text, in text order, no two overlapping. */
export function proofread(
  text: string,
  enabled: (rule: RuleId) => boolean = () => true,
  kind: BlockKind = 'paragraph',
): ProofIssue[] {
  const kept: ProofIssue[] = []
  for (const rule of proofreadingRules) {
    if (!enabled(rule.id) || (rule.only && rule.only !== kind)) continue
    for (const found of rule.check(text)) {
      if (!kept.some((other) => found.from < other.to && other.from < found.to)) kept.push(found)
    }
  }
  return kept.sort((a, b) => a.from - b.from)
}

/** The text after applying the fixes of `issues` (non-overlapping, as proofread returns them). */
export function applyFixes(text: string, issues: readonly ProofIssue[]): string {
  let result = text
  for (const found of [...issues].sort((a, b) => b.from - a.from)) {
    if (found.fix !== null) result = result.slice(0, found.from) + found.fix + result.slice(found.to)
  }
  return result
}

/**
 * What a suggestion (修订) proposes, as its card shows it: 原文 struck through and 修改为 underlined
 * (删除, 插入 or 替换), and once it is settled, who accepted, rejected or withdrew it, when, and why.
 */
import type { Suggestion, ThreadView } from '../../shared/schema.js'
import { formatDateTime, t } from '../i18n/i18n.js'

/** 删除, 插入 or 替换: what the suggestion does to the words it is on. */
export function changeKind(thread: ThreadView): 'delete' | 'insert' | 'replace' {
  const insert = thread.suggestion?.insert ?? ''
  if (insert === '') return 'delete'
  return thread.quote === '' ? 'insert' : 'replace'
}

/** The tag of a suggestion's state: 待处理, 已接受, 已拒绝, 已撤回. */
export const statusLabel = (status: Suggestion['status']): string => t(`suggestions.status.${status}`)

export function SuggestionChange({ thread }: { thread: ThreadView }) {
  const kind = changeKind(thread)
  const insert = thread.suggestion?.insert ?? ''
  return (
    <div className="suggestion-change" data-testid="suggestion-change" data-kind={kind}>
      {kind !== 'insert' && (
        <p className="suggestion-change__row">
          <span className="suggestion-change__label">{t('suggestions.original')}</span>
          <del className="suggestion-change__before" data-testid="suggestion-before">
            {thread.quote}
          </del>
        </p>
      )}
      {kind !== 'delete' && (
        <p className="suggestion-change__row">
          <span className="suggestion-change__label">
            {t(kind === 'insert' ? 'suggestions.insert' : 'suggestions.proposed')}
          </span>
          <ins className="suggestion-change__after" data-testid="suggestion-after">
            {insert}
          </ins>
        </p>
      )}
    </div>
  )
}

/**
 * Whether a suggestion's 意见处理 says no more than its decision (采纳 for accepted, 未采纳 for
 * rejected, by the decider, with the same reason): the card then shows the decision alone.
 */
export function dispositionEchoesDecision(thread: ThreadView): boolean {
  const { suggestion, disposition } = thread
  if (!suggestion || !disposition) return false
  const kind = suggestion.status === 'accepted' ? 'adopted' : suggestion.status === 'rejected' ? 'not_adopted' : null
  return (
    disposition.kind === kind &&
    disposition.by === suggestion.decidedBy &&
    disposition.rationale === suggestion.rationale
  )
}

/** Who settled a suggestion and when, with the decider's reason. */
export function SuggestionOutcome({
  suggestion,
  nameOf,
}: {
  suggestion: Suggestion
  nameOf: (userId: string) => string
}) {
  if (suggestion.status === 'open' || !suggestion.decidedBy || !suggestion.decidedAt) return null
  return (
    <div className={`suggestion-outcome suggestion-outcome--${suggestion.status}`} data-testid="suggestion-outcome">
      <p className="suggestion-outcome__head">
        {t('suggestions.decided', {
          status: statusLabel(suggestion.status),
          name: nameOf(suggestion.decidedBy),
          time: formatDateTime(suggestion.decidedAt),
        })}
      </p>
      {suggestion.rationale && (
        <p className="suggestion-outcome__rationale">{t('suggestions.rationale', { text: suggestion.rationale })}</p>
      )}
    </div>
  )
}

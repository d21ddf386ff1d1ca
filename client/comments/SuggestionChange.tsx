/**
 * What a suggestion (修订) proposes, as its card shows it: 原文 struck through and 修改为 underlined
 * (删除, 插入 or 替换), and once it is settled, who accepted, rejected or withdrew it, when, and why.
 */
import type { Comment, Suggestion, Thread, ThreadView } from '../../shared/schema.js'
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

/**
 * Who raised a thread, as its card names them: its author, or — for one taken in from a returned
 * draft (导入修订稿) — the unit with the name Word gave the writer, 市财政局（张三）; an account's
 * name gets the Word name beside it only when the two differ.
 */
export function raiserName(thread: Pick<Thread, 'authorId' | 'source'>, nameOf: (userId: string) => string): string {
  const source = thread.source
  if (!source) return nameOf(thread.authorId)
  const author = source.wordAuthor
  if (source.unit) return author ? t('returned.raiser', { unit: source.unit, author }) : source.unit
  const name = nameOf(thread.authorId)
  return author && author !== name ? t('returned.raiser', { unit: name, author }) : name
}

/** Who wrote a comment: its author, or for a comment taken in from a returned draft, its Word writer on behalf of the raiser. */
export function commentAuthorName(thread: Thread, comment: Comment, nameOf: (userId: string) => string): string {
  if (comment.wordAuthor === undefined || !thread.source) return nameOf(comment.authorId)
  return raiserName(
    { authorId: comment.authorId, source: { ...thread.source, wordAuthor: comment.wordAuthor } },
    nameOf,
  )
}

/** 导入自《…》: the returned draft a thread came from, under its raiser. */
export function ImportedFrom({ thread }: { thread: Thread }) {
  if (!thread.source) return null
  return (
    <p className="thread__source muted" data-testid="thread-source">
      {t('returned.importedFrom', { file: thread.source.fileName })}
    </p>
  )
}

/**
 * One thread in the sidebar: the words it is about, its comments, and — while it is open — the
 * reply box, resolve/reopen and 意见处理, each offered only to whom the server would allow it. A
 * suggestion (修订) shows what it proposes instead of the quote, its author and time, its note and
 * replies, 接受 / 拒绝 / 撤回 while it is open, and once settled who settled it.
 */
import { useState, type KeyboardEvent, type MouseEvent, type Ref } from 'react'
import type { Comment, DocumentAbilities, DocumentAccess, Me, Participant, ThreadView } from '../../shared/schema.js'
import { errorMessage, formatDateTime, t } from '../i18n/i18n.js'
import type { AnchorRange } from './anchors.js'
import { authorColor } from './author-color.js'
import { CommentBody } from './CommentBody.js'
import { CommentComposer } from './CommentComposer.js'
import type { CommentsStore } from './comments-store.js'
import { DispositionForm, dispositionLabel } from './DispositionForm.js'
import { SuggestionActions } from './SuggestionActions.js'
import {
  changeKind,
  commentAuthorName,
  dispositionEchoesDecision,
  ImportedFrom,
  raiserName,
  statusLabel,
  SuggestionChange,
  SuggestionOutcome,
} from './SuggestionChange.js'
import { isSettled } from './ThreadFilters.js'

interface ThreadCardProps {
  thread: ThreadView
  range: AnchorRange | undefined
  active: boolean
  me: Me['user']
  access: DocumentAccess
  abilities: DocumentAbilities
  participants: Participant[]
  colors: ReadonlyMap<string, string>
  store: CommentsStore
  ref?: Ref<HTMLElement>
}

const messageOf = (error: unknown) => t('comments.failed', { message: errorMessage(error) })

export function ThreadCard({
  thread,
  range,
  active,
  me,
  access,
  abilities,
  participants,
  colors,
  store,
  ref,
}: ThreadCardProps) {
  const [disposing, setDisposing] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const nameOf = (userId: string) => participants.find((p) => p.id === userId)?.displayName ?? t('comments.unknownUser')
  // The editor knows best whether the words are still there; until it has read the anchor, the server's word stands.
  const detached = range ? (range.kind === 'unknown' ? thread.detached : range.kind === 'detached') : thread.detached
  const suggestion = thread.suggestion
  const settled = isSettled(thread)
  // A suggestion is settled by its decision, not by resolving it; its 意见处理 (recorded with the
  // decision) a convener may still change.
  const mayResolve =
    !suggestion && (abilities.resolveAnyThread || (abilities.resolveOwnThreads && thread.authorId === me.id))
  const mayDispose = abilities.dispose
  const unread = thread.unreadMentions.length > 0
  const replies = thread.comments.slice(1)
  // A settled thread folds to its first comment until it is opened (a suggestion without a note has none).
  const shown = settled && !active ? thread.comments.slice(0, 1) : thread.comments

  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await action()
    } catch (cause) {
      setError(messageOf(cause))
    } finally {
      setBusy(false)
    }
  }

  const open = (event: MouseEvent) => {
    // Buttons, links and text boxes inside the card do their own thing.
    if ((event.target as Element).closest('button, a, input, textarea, select, label, form')) return
    store.activate(thread.id, { reveal: true })
  }

  const openByKey = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget || (event.key !== 'Enter' && event.key !== ' ')) return
    event.preventDefault()
    store.activate(thread.id, { reveal: true })
  }

  const classes = ['thread']
  if (suggestion) classes.push('thread--suggestion')
  if (active) classes.push('thread--active')
  if (settled) classes.push('thread--resolved')
  if (detached) classes.push('thread--detached')

  return (
    <article
      ref={ref}
      className={classes.join(' ')}
      style={{ ['--comment-color' as string]: authorColor(colors, thread.authorId) }}
      data-testid="thread"
      data-thread-id={thread.id}
      data-kind={suggestion ? 'suggestion' : 'comment'}
      data-status={suggestion?.status}
      aria-current={active || undefined}
      tabIndex={0}
      onClick={open}
      onKeyDown={openByKey}
    >
      <header className="thread__head">
        {unread && (
          <span className="thread__unread" title={t('comments.unread')} data-testid="thread-unread">
            {t('comments.unreadShort')}
          </span>
        )}
        {suggestion && (
          <span className="thread-tag thread-tag--suggestion" data-testid="suggestion-kind">
            {t('suggestions.kind')} · {t(`suggestions.${changeKind(thread)}`)}
          </span>
        )}
        {suggestion && suggestion.status !== 'open' && (
          <span
            className={`thread-tag thread-tag--${suggestion.status}`}
            data-testid="suggestion-status"
            data-status={suggestion.status}
          >
            {statusLabel(suggestion.status)}
          </span>
        )}
        {!suggestion && thread.resolved && (
          <span className="thread-tag thread-tag--resolved">{t('comments.resolved')}</span>
        )}
        {detached && (
          <span className="thread-tag thread-tag--detached" data-testid="thread-detached">
            {t('comments.detached')}
          </span>
        )}
        {thread.disposition && (
          <span
            className={`thread-tag thread-tag--disposition thread-tag--${thread.disposition.kind}`}
            data-testid="thread-disposition"
          >
            {dispositionLabel(thread.disposition.kind)}
          </span>
        )}
      </header>
      {suggestion ? (
        <>
          <p className="thread__byline">
            <span
              className="dot"
              style={{ backgroundColor: authorColor(colors, thread.authorId) }}
              aria-hidden="true"
            />
            <span className="comment__author" data-testid="thread-raiser">
              {raiserName(thread, nameOf)}
            </span>
            <time className="comment__time muted" dateTime={suggestion.updatedAt}>
              {formatDateTime(suggestion.updatedAt)}
            </time>
          </p>
          <SuggestionChange thread={thread} />
          <ImportedFrom thread={thread} />
        </>
      ) : (
        <>
          <blockquote className="thread__quote" title={thread.quote}>
            {thread.quote}
          </blockquote>
          <ImportedFrom thread={thread} />
        </>
      )}

      {shown.length > 0 && (
        <ol className="thread__comments">
          {shown.map((comment) => (
            <CommentItem
              key={comment.id}
              threadId={thread.id}
              comment={comment}
              author={commentAuthorName(thread, comment, nameOf)}
              own={comment.authorId === me.id}
              unread={thread.unreadMentions.includes(comment.id)}
              participants={participants}
              color={authorColor(colors, comment.authorId)}
              meId={me.id}
              store={store}
            />
          ))}
        </ol>
      )}
      {shown.length < thread.comments.length && (
        <p className="thread__more muted">{t('comments.moreReplies', { n: replies.length })}</p>
      )}
      {suggestion && <SuggestionOutcome suggestion={suggestion} nameOf={nameOf} />}
      {suggestion && (
        <SuggestionActions
          thread={thread}
          store={store}
          mayDecide={abilities.decideSuggestions}
          mayWithdraw={abilities.suggest && thread.authorId === me.id}
          detached={detached}
        />
      )}

      {thread.disposition && !dispositionEchoesDecision(thread) && (
        <div className={`disposition disposition--${thread.disposition.kind}`} data-testid="disposition">
          <p className="disposition__head">
            <span className="disposition__label">{t('comments.disposition.title')}：</span>
            <strong>{dispositionLabel(thread.disposition.kind)}</strong>
            <span className="muted">
              {' · '}
              {nameOf(thread.disposition.by)} · {formatDateTime(thread.disposition.at)}
            </span>
          </p>
          {thread.disposition.rationale && <p className="disposition__rationale">{thread.disposition.rationale}</p>}
        </div>
      )}
      {!suggestion && thread.resolved && thread.resolvedBy && thread.resolvedAt && (
        <p className="thread__resolved-by muted">
          {t('comments.resolvedBy', { name: nameOf(thread.resolvedBy), time: formatDateTime(thread.resolvedAt) })}
        </p>
      )}

      {active && (
        <div className="thread__open">
          {error && (
            <p className="composer__error" role="alert">
              {error}
            </p>
          )}
          {(mayResolve || mayDispose) && !disposing && (
            <div className="thread__actions">
              {mayResolve && (
                <button
                  type="button"
                  className="button button--small"
                  disabled={busy}
                  data-testid={thread.resolved ? 'thread-reopen' : 'thread-resolve'}
                  onClick={() => void run(() => store.setResolved(thread.id, !thread.resolved))}
                >
                  {thread.resolved ? t('comments.reopen') : t('comments.resolve')}
                </button>
              )}
              {mayDispose && (
                <button
                  type="button"
                  className="button button--small"
                  data-testid="thread-dispose"
                  onClick={() => setDisposing(true)}
                >
                  {thread.disposition ? t('comments.disposition.change') : t('comments.disposition.record')}
                </button>
              )}
            </div>
          )}
          {disposing && (
            <DispositionForm
              initial={thread.disposition}
              onCancel={() => setDisposing(false)}
              onSave={async (kind, rationale) => {
                await store.dispose(thread.id, kind, rationale)
                setDisposing(false)
              }}
            />
          )}
          {access.comment && (
            <CommentComposer
              key={thread.id}
              participants={participants}
              meId={me.id}
              placeholder={t('comments.replyPlaceholder')}
              submitLabel={t('comments.reply')}
              onSubmit={(body) => store.reply(thread.id, body)}
              testId="reply-composer"
            />
          )}
        </div>
      )}
    </article>
  )
}

interface CommentItemProps {
  threadId: string
  comment: Comment
  author: string
  own: boolean
  unread: boolean
  participants: Participant[]
  color: string
  meId: string
  store: CommentsStore
}

function CommentItem({ threadId, comment, author, own, unread, participants, color, meId, store }: CommentItemProps) {
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const remove = async () => {
    setError(null)
    try {
      await store.deleteComment(threadId, comment.id)
    } catch (cause) {
      setError(messageOf(cause))
    } finally {
      setConfirming(false)
    }
  }

  return (
    <li className={unread ? 'comment comment--unread' : 'comment'} data-testid="comment" data-comment-id={comment.id}>
      <div className="comment__meta">
        <span className="dot" style={{ backgroundColor: color }} aria-hidden="true" />
        <span className="comment__author">{author}</span>
        <time className="comment__time muted" dateTime={comment.createdAt}>
          {formatDateTime(comment.createdAt)}
        </time>
        {comment.editedAt && !comment.deleted && (
          <span className="comment__edited muted" title={formatDateTime(comment.editedAt)}>
            {t('comments.edited')}
          </span>
        )}
      </div>
      {comment.deleted ? (
        <p className="comment__body comment__body--deleted" data-testid="comment-deleted">
          {t('comments.deleted')}
        </p>
      ) : editing ? (
        <CommentComposer
          participants={participants}
          meId={meId}
          initial={comment.body}
          autoFocus
          placeholder={t('comments.editPlaceholder')}
          submitLabel={t('comments.save')}
          onSubmit={async (body) => {
            await store.editComment(threadId, comment.id, body)
            setEditing(false)
          }}
          onCancel={() => setEditing(false)}
          testId="edit-composer"
        />
      ) : (
        <CommentBody body={comment.body} participants={participants} meId={meId} />
      )}
      {error && (
        <p className="composer__error" role="alert">
          {error}
        </p>
      )}
      {own && !comment.deleted && !editing && (
        <div className="comment__actions">
          {confirming ? (
            <>
              <span className="muted">{t('comments.deleteConfirm')}</span>
              <button
                type="button"
                className="comment-action comment-action--danger"
                onClick={() => void remove()}
                data-testid="comment-delete-confirm"
              >
                {t('comments.delete')}
              </button>
              <button type="button" className="comment-action" onClick={() => setConfirming(false)}>
                {t('comments.cancel')}
              </button>
            </>
          ) : (
            <>
              <button
                type="button"
                className="comment-action"
                onClick={() => setEditing(true)}
                data-testid="comment-edit"
              >
                {t('comments.edit')}
              </button>
              <button
                type="button"
                className="comment-action"
                onClick={() => setConfirming(true)}
                data-testid="comment-delete"
              >
                {t('comments.delete')}
              </button>
            </>
          )}
        </div>
      )}
    </li>
  )
}

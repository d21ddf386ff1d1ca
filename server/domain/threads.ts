/**
 * Comment threads: anchored to words by Yjs relative positions, owned by their authors, pushed
 * live to every open editor of the document. Thread content lives in the metadata store; the
 * anchor is computed on the server from what the client sends, so read-only users comment too.
 */
import { writeDisposeDetails } from '../../shared/audit-details.js'
import {
  mentionPattern,
  type Anchor,
  type Comment,
  type Disposition,
  type Participant,
  type Thread,
  type ThreadList,
  type ThreadSource,
  type ThreadView,
} from '../../shared/schema.js'
import type { ServerEvent } from '../../shared/collab-events.js'
import { AppError, conflict, forbidden, invalidInput, notFound } from '../errors.js'
import { canChangeComment, canDispose, canResolveThread, documentAccess, type Actor } from '../policy.js'
import { AnchorError, readAnchor, readSuggestionAnchor } from './anchors.js'
import { appendAudit } from './audit.js'
import type { Deps } from './deps.js'
import { officeClock, readable } from './documents.js'
import { detachedAnchors } from './threads-detached.js'
import { newId } from './ids.js'

async function commentable(deps: Deps, actor: Actor, documentId: string) {
  const found = await readable(deps, actor, documentId)
  if (!found.access.comment) throw forbidden('you may read this document but not comment on it', 'cannot_comment')
  return found
}

/** Everyone who may read the document: who can be @mentioned, and whose threads can be filtered. */
export async function participants(deps: Deps, documentId: string): Promise<Participant[]> {
  const doc = await deps.metadata.getDocument(documentId)
  if (!doc) return []
  const [users, group, invitations] = await Promise.all([
    deps.metadata.listUsers(),
    deps.metadata.getGroup(doc.groupId),
    deps.metadata.listInvitations(documentId),
  ])
  const clock = officeClock(deps)
  return users
    .filter(
      (u) =>
        documentAccess(
          u,
          doc,
          group,
          invitations.find((i) => i.userId === u.id),
          clock,
        ).read,
    )
    .map(({ id, username, displayName, role }) => ({ id, username, displayName, role }))
}

/** `@username` tokens that name a participant; anything else is just text. */
export function mentionsIn(body: string, people: Participant[]): string[] {
  const names = new Set([...body.matchAll(mentionPattern)].map((m) => m[1]))
  return people.filter((p) => names.has(p.username)).map((p) => p.id)
}

async function detachedOf(deps: Deps, threads: Thread[], documentId: string): Promise<Map<string, boolean>> {
  return deps.sockets.readDocument(documentId, (doc) => {
    // Comments' anchors in one walk over the text (threads-detached.ts).
    const result = detachedAnchors(
      doc,
      threads.flatMap((t): [string, Anchor][] => (t.suggestion ? [] : [[t.id, t.anchor]])),
    )
    for (const t of threads) {
      if (!t.suggestion) continue
      let detached = true
      try {
        // A suggestion's point has no words to lose: it is detached when its paragraph is gone (it throws then).
        detached = readSuggestionAnchor(doc, t.anchor)?.detached ?? true
      } catch {
        // An anchor that no longer resolves into the text has lost its words.
      }
      result.set(t.id, detached)
    }
    return result
  })
}

/** One request for everything the sidebar needs: threads with comments, and the participants. */
export async function listThreads(deps: Deps, actor: Actor, documentId: string): Promise<ThreadList> {
  await readable(deps, actor, documentId)
  const [threads, unread, people] = await Promise.all([
    deps.metadata.listThreads(documentId),
    deps.metadata.listUnreadMentions(actor.user.id, documentId),
    participants(deps, documentId),
  ])
  const detached = await detachedOf(deps, threads, documentId)
  const unreadSet = new Set(unread)
  return {
    threads: threads.map((t) => ({
      ...t,
      detached: detached.get(t.id) ?? true,
      unreadMentions: t.comments.filter((c) => unreadSet.has(c.id)).map((c) => c.id),
    })),
    participants: people,
  }
}

/** Records new mentions of a stored thread's comment and pushes the thread to every open editor. */
export async function publish(deps: Deps, thread: Thread, newComment?: Comment): Promise<ThreadView> {
  if (newComment && newComment.mentions.length > 0) {
    await deps.metadata.addUnreadMentions(
      newComment.mentions
        .filter((userId) => userId !== newComment.authorId)
        .map((userId) => ({ userId, documentId: thread.documentId, commentId: newComment.id })),
    )
  }
  const detached = (await detachedOf(deps, [thread], thread.documentId)).get(thread.id) ?? true
  const event: ServerEvent = { type: 'thread', thread: { ...thread, detached } }
  await deps.sockets.broadcast(thread.documentId, event)
  return { ...thread, detached, unreadMentions: [] }
}

/**
 * Changes the stored thread atomically (a reply made meanwhile on another instance is kept):
 * `change` sees the thread as stored now and may throw to change nothing.
 */
export async function changeThread(
  deps: Deps,
  documentId: string,
  threadId: string,
  change: (thread: Thread) => void,
): Promise<Thread> {
  const thread = await deps.metadata.updateThread(threadId, (stored) => {
    if (stored.documentId !== documentId) throw notFound('thread')
    change(stored)
  })
  if (!thread) throw notFound('thread')
  return thread
}

/** A new comment by `authorId`, as a thread stores it. */
export function newComment(authorId: string, body: string, mentions: string[]): Comment {
  return {
    id: newId(),
    authorId,
    body,
    mentions,
    createdAt: new Date().toISOString(),
    editedAt: null,
    history: [],
    deleted: false,
  }
}

export async function createThread(
  deps: Deps,
  actor: Actor,
  documentId: string,
  anchor: Anchor,
  body: string,
): Promise<ThreadView> {
  await commentable(deps, actor, documentId)
  let reading
  try {
    reading = await deps.sockets.readDocument(documentId, (doc) => readAnchor(doc, anchor))
  } catch (error) {
    if (error instanceof AnchorError) throw invalidInput('anchor', error.message, { reason: 'anchor_invalid' })
    throw error
  }
  if (!reading)
    throw conflict('the selected text has not reached the server yet; try again in a moment', {
      field: 'anchor',
      reason: 'anchor_not_synced',
    })
  if (reading.detached) throw invalidInput('anchor', 'select at least one character', { reason: 'anchor_empty' })
  const people = await participants(deps, documentId)
  const first = newComment(actor.user.id, body, mentionsIn(body, people))
  const thread = commentThread({ documentId, anchor, quote: reading.text, authorId: actor.user.id, first })
  await addThread(deps, thread)
  return publish(deps, thread, first)
}

/**
 * A new comment thread on the words `quote` that `anchor` covers, opened by `first` (its author's),
 * as it is stored: the quote kept to 2000 characters. Not stored yet (addThread).
 */
export function commentThread(fields: {
  documentId: string
  anchor: Anchor
  quote: string
  authorId: string
  first: Comment
  source?: ThreadSource
}): Thread {
  const { first, source, quote, ...rest } = fields
  return {
    id: newId(),
    ...rest,
    quote: quote.slice(0, 2000),
    createdAt: first.createdAt,
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
    disposition: null,
    comments: [first],
    ...(source ? { source } : {}),
  }
}

/** Stores a new thread (or suggestion) within the document's limit of threads (MAX_THREADS_PER_DOCUMENT). */
export async function addThread(deps: Deps, thread: Thread): Promise<void> {
  if (!(await deps.metadata.addThread(thread, deps.limits.threadsPerDocument))) {
    throw new AppError(
      409,
      'too_many_threads',
      `the document has ${deps.limits.threadsPerDocument} threads, as many as allowed; resolve and discuss in existing ones`,
    )
  }
}

export async function reply(
  deps: Deps,
  actor: Actor,
  documentId: string,
  threadId: string,
  body: string,
): Promise<ThreadView> {
  await commentable(deps, actor, documentId)
  const comment = newComment(actor.user.id, body, mentionsIn(body, await participants(deps, documentId)))
  const max = deps.limits.commentsPerThread
  const thread = await changeThread(deps, documentId, threadId, (stored) => {
    if (stored.comments.length >= max)
      throw new AppError(409, 'too_many_comments', `the thread has ${max} comments, as many as allowed`)
    stored.comments.push(comment)
  })
  return publish(deps, thread, comment)
}

/** The caller's own, undeleted comment in a stored thread; throws otherwise. */
function ownComment(actor: Actor, thread: Thread, commentId: string): Comment {
  const comment = thread.comments.find((c) => c.id === commentId)
  if (!comment) throw notFound('comment')
  if (!canChangeComment(actor.user, comment))
    throw forbidden('only its author may change a comment', 'comment_author_only')
  if (comment.deleted) throw conflict('the comment was deleted', { reason: 'comment_deleted' })
  return comment
}

export async function editComment(
  deps: Deps,
  actor: Actor,
  documentId: string,
  threadId: string,
  commentId: string,
  body: string,
): Promise<ThreadView> {
  await readable(deps, actor, documentId)
  const mentions = mentionsIn(body, await participants(deps, documentId))
  const max = deps.limits.editsPerComment
  let added: string[] = []
  const thread = await changeThread(deps, documentId, threadId, (stored) => {
    const comment = ownComment(actor, stored, commentId)
    if (comment.history.length >= max)
      throw new AppError(409, 'too_many_edits', `the comment was edited ${max} times, as often as allowed`)
    comment.history.push({ body: comment.body, at: comment.editedAt ?? comment.createdAt })
    comment.body = body
    comment.editedAt = new Date().toISOString()
    const before = new Set(comment.mentions)
    comment.mentions = mentions
    added = mentions.filter((id) => !before.has(id))
  })
  const comment = thread.comments.find((c) => c.id === commentId)!
  return publish(deps, thread, { ...comment, mentions: added })
}

/** Deleting leaves a tombstone (评论已删除): the thread keeps its shape and nobody's reply loses its context. */
export async function deleteComment(
  deps: Deps,
  actor: Actor,
  documentId: string,
  threadId: string,
  commentId: string,
): Promise<ThreadView> {
  await readable(deps, actor, documentId)
  const thread = await changeThread(deps, documentId, threadId, (stored) => {
    const comment = ownComment(actor, stored, commentId)
    comment.deleted = true
    comment.body = ''
    comment.history = []
    comment.mentions = []
    comment.editedAt = new Date().toISOString()
  })
  return publish(deps, thread)
}

export async function setResolved(
  deps: Deps,
  actor: Actor,
  documentId: string,
  threadId: string,
  resolved: boolean,
): Promise<ThreadView> {
  const { access } = await readable(deps, actor, documentId)
  const thread = await changeThread(deps, documentId, threadId, (stored) => {
    if (!canResolveThread(actor.user, access, stored)) {
      throw forbidden("only the thread's author, a convener or the chair may resolve or reopen it", 'resolve_forbidden')
    }
    // Its status says whether a suggestion is settled; resolving it would hide an open proposal.
    if (stored.suggestion)
      throw conflict('a suggestion is settled by accepting, rejecting or withdrawing it', {
        reason: 'suggestion_resolution',
      })
    stored.resolved = resolved
    stored.resolvedBy = resolved ? actor.user.id : null
    stored.resolvedAt = resolved ? new Date().toISOString() : null
  })
  return publish(deps, thread)
}

export async function dispose(
  deps: Deps,
  actor: Actor,
  documentId: string,
  threadId: string,
  kind: Disposition,
  rationale: string,
): Promise<ThreadView> {
  const { access } = await readable(deps, actor, documentId)
  if (!canDispose(access))
    throw forbidden('only a convener of the group records how an opinion was handled', 'dispose_forbidden')
  const thread = await changeThread(deps, documentId, threadId, (stored) => {
    stored.disposition = { kind, rationale, by: actor.user.id, at: new Date().toISOString() }
  })
  await appendAudit(deps, documentId, {
    action: 'dispose',
    actorId: actor.user.id,
    versionNumber: null,
    contentHash: null,
    details: writeDisposeDetails({ threadId, kind, rationale }),
  })
  return publish(deps, thread)
}

export async function markRead(deps: Deps, actor: Actor, documentId: string, commentIds: string[]): Promise<void> {
  await readable(deps, actor, documentId)
  await deps.metadata.markMentionsRead(actor.user.id, commentIds)
}

/**
 * Suggestions (修订): a thread that proposes to replace its anchored words (none, for a pure
 * insertion) by others. Proposed over the API by anyone who may comment — read-only sockets stay
 * read-only — and stored with the threads; the text changes only when someone who may edit accepts
 * it, as one server transaction on the live document that merges with whatever is typed meanwhile.
 */
import * as Y from 'yjs'
import { writeSuggestionDetails } from '../../shared/audit-details.js'
import { contentField } from '../../shared/editor/content-field.js'
import type {
  Anchor,
  Comment,
  DecideSuggestionsResult,
  DocumentAccess,
  DocumentStatus,
  SuggestionDecision,
  SuggestionStatus,
  Thread,
  ThreadSource,
  ThreadView,
} from '../../shared/schema.js'
import { textLimits } from '../../shared/text-limits.js'
import { isEditable } from '../../shared/workflow.js'
import { AppError, conflict, forbidden, invalidInput, notFound } from '../errors.js'
import { canChangeSuggestion, canDecideSuggestion, canSuggest, type Actor } from '../policy.js'
import { readSuggestionAnchor, SuggestionAnchorError } from './anchors.js'
import { applySuggestion, SuggestionNotApplicable } from './apply-suggestion.js'
import { appendAudit } from './audit.js'
import type { Deps } from './deps.js'
import { readable } from './documents.js'
import { newId } from './ids.js'
import { addThread, changeThread, mentionsIn, newComment, participants, publish } from './threads.js'

const approved = () =>
  conflict('the document is approved; the chair must reopen it before suggestions are made or decided', {
    reason: 'approved_suggestion',
  })
const notOpen = () =>
  conflict('the suggestion was accepted, rejected or withdrawn already', { reason: 'suggestion_not_open' })
const detached = () =>
  conflict('the words of the suggestion were deleted; it can only be rejected', { reason: 'suggestion_detached' })
const notSynced = () =>
  conflict('the selected text has not reached the server yet; try again in a moment', {
    field: 'anchor',
    reason: 'anchor_not_synced',
  })

/** The document, when the actor may propose changes to it now. */
async function suggestable(deps: Deps, actor: Actor, documentId: string) {
  const found = await readable(deps, actor, documentId)
  if (!isEditable(found.doc.status)) throw approved()
  if (!canSuggest(found.access, found.doc.status))
    throw forbidden('you may read this document but not suggest changes to it', 'suggest_forbidden')
  return found
}

/** The document, when the actor may accept or reject suggestions on it now. */
async function decidable(deps: Deps, actor: Actor, documentId: string) {
  const found = await readable(deps, actor, documentId)
  if (!isEditable(found.doc.status)) throw approved()
  if (!canDecideSuggestion(found.access))
    throw forbidden('only those who may edit the text accept or reject suggestions', 'decide_forbidden')
  return found
}

/** A stored suggestion of this document (a comment thread is not one). */
async function storedSuggestion(deps: Deps, documentId: string, threadId: string) {
  const thread = await deps.metadata.getThread(threadId)
  if (!thread || thread.documentId !== documentId || !thread.suggestion) throw notFound('suggestion')
  return { ...thread, suggestion: thread.suggestion }
}

/**
 * Reads a proposal against the live document: the words its anchor covers (its quote). Refuses
 * anchors that are not in one paragraph's text, and a proposal that changes nothing.
 */
async function proposalQuote(deps: Deps, documentId: string, anchor: Anchor, insert: string): Promise<string> {
  let reading
  try {
    reading = await deps.sockets.readDocument(documentId, (doc) => {
      const found = readSuggestionAnchor(doc, anchor)
      return found && { quote: found.quote, covers: found.to > found.from, point: found.point }
    })
  } catch (error) {
    if (error instanceof SuggestionAnchorError) throw invalidInput('anchor', error.message, { reason: error.reason })
    throw error
  }
  if (!reading) throw notSynced()
  if (!reading.covers && insert === '')
    throw invalidInput('insert', 'propose words to insert, or select words to delete', { reason: 'required' })
  if (!reading.point && !reading.covers)
    throw invalidInput('anchor', 'select at least one character, or give one position to insert at', {
      reason: 'anchor_empty',
    })
  return reading.quote.slice(0, textLimits.suggestion.max)
}

export async function createSuggestion(
  deps: Deps,
  actor: Actor,
  documentId: string,
  anchor: Anchor,
  insert: string,
  note?: string,
): Promise<ThreadView> {
  await suggestable(deps, actor, documentId)
  const quote = await proposalQuote(deps, documentId, anchor, insert)
  const first =
    note === undefined
      ? undefined
      : newComment(actor.user.id, note, mentionsIn(note, await participants(deps, documentId)))
  const thread = suggestionThread({ documentId, anchor, quote, authorId: actor.user.id, insert, first })
  await addThread(deps, thread)
  return publish(deps, thread, first)
}

/**
 * A new open suggestion to replace the words `quote` that `anchor` covers by `insert`, with an
 * optional note (its first comment), as it is stored. Not stored yet (addThread).
 */
export function suggestionThread(fields: {
  documentId: string
  anchor: Anchor
  quote: string
  authorId: string
  insert: string
  first?: Comment
  source?: ThreadSource
}): Thread {
  const { first, source, insert, quote, ...rest } = fields
  const at = first?.createdAt ?? new Date().toISOString()
  return {
    id: newId(),
    ...rest,
    quote: quote.slice(0, textLimits.suggestion.max),
    createdAt: at,
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
    disposition: null,
    comments: first ? [first] : [],
    suggestion: { insert, status: 'open', updatedAt: at, decidedBy: null, decidedAt: null, rationale: '' },
    ...(source ? { source } : {}),
  }
}

/** The author's own open suggestion, checked again on the stored thread inside an atomic change. */
function ownOpen(actor: Actor, access: DocumentAccess, status: DocumentStatus, stored: Thread) {
  if (!stored.suggestion) throw notFound('suggestion')
  if (!canChangeSuggestion(actor.user, access, status, stored))
    throw forbidden('only its author may change or withdraw a suggestion', 'suggestion_author_only')
  if (stored.suggestion.status !== 'open') throw notOpen()
  return stored.suggestion
}

/** The author extends or changes their open suggestion: consecutive keystrokes at one place make one suggestion. */
export async function updateSuggestion(
  deps: Deps,
  actor: Actor,
  documentId: string,
  threadId: string,
  anchor: Anchor,
  insert: string,
): Promise<ThreadView> {
  const { doc, access } = await suggestable(deps, actor, documentId)
  // Who and whether first, so that a refusal does not depend on the anchor sent.
  ownOpen(actor, access, doc.status, await storedSuggestion(deps, documentId, threadId))
  const quote = await proposalQuote(deps, documentId, anchor, insert)
  const thread = await changeThread(deps, documentId, threadId, (stored) => {
    const suggestion = ownOpen(actor, access, doc.status, stored)
    stored.anchor = anchor
    stored.quote = quote
    suggestion.insert = insert
    suggestion.updatedAt = new Date().toISOString()
  })
  return publish(deps, thread)
}

async function auditOutcome(deps: Deps, actor: Actor, thread: Thread): Promise<void> {
  const suggestion = thread.suggestion!
  await appendAudit(deps, thread.documentId, {
    action: 'suggestion',
    actorId: actor.user.id,
    versionNumber: null,
    contentHash: null,
    details: writeSuggestionDetails({
      threadId: thread.id,
      outcome: suggestion.status as 'accepted' | 'rejected' | 'withdrawn',
      from: thread.quote,
      to: suggestion.insert,
      rationale: suggestion.rationale,
    }),
  })
}

/** Withdrawing: the author takes back their open suggestion; it stays on record as withdrawn. */
export async function withdrawSuggestion(
  deps: Deps,
  actor: Actor,
  documentId: string,
  threadId: string,
): Promise<ThreadView> {
  const { doc, access } = await suggestable(deps, actor, documentId)
  await storedSuggestion(deps, documentId, threadId)
  const thread = await changeThread(deps, documentId, threadId, (stored) => {
    const suggestion = ownOpen(actor, access, doc.status, stored)
    const at = new Date().toISOString()
    Object.assign(suggestion, { status: 'withdrawn', decidedBy: actor.user.id, decidedAt: at })
    Object.assign(stored, { resolved: true, resolvedBy: actor.user.id, resolvedAt: at })
  })
  await auditOutcome(deps, actor, thread)
  return publish(deps, thread)
}

type Decided = Thread & { suggestion: NonNullable<Thread['suggestion']> }

/**
 * Claims an open suggestion for a decision, atomically (of two deciders, on any instance, one
 * wins; the other is told it is no longer open). Returns the thread as decided and a way back.
 */
async function claim(
  deps: Deps,
  actor: Actor,
  documentId: string,
  threadId: string,
  decision: SuggestionDecision,
  rationale: string,
): Promise<{ thread: Decided; undo: () => Promise<void> }> {
  let before: Pick<Thread, 'resolved' | 'resolvedBy' | 'resolvedAt' | 'disposition'> | undefined
  const status: SuggestionStatus = decision === 'accept' ? 'accepted' : 'rejected'
  const thread = await changeThread(deps, documentId, threadId, (stored) => {
    if (!stored.suggestion) throw notFound('suggestion')
    if (stored.suggestion.status !== 'open') throw notOpen()
    const { resolved, resolvedBy, resolvedAt, disposition } = stored
    before = { resolved, resolvedBy, resolvedAt, disposition }
    const at = new Date().toISOString()
    Object.assign(stored.suggestion, { status, decidedBy: actor.user.id, decidedAt: at, rationale })
    Object.assign(stored, { resolved: true, resolvedBy: actor.user.id, resolvedAt: at })
    stored.disposition = {
      kind: decision === 'accept' ? 'adopted' : 'not_adopted',
      rationale,
      by: actor.user.id,
      at,
    }
  })
  const undo = async () => {
    await deps.metadata.updateThread(threadId, (stored) => {
      if (!stored.suggestion || stored.suggestion.status !== status || stored.suggestion.decidedBy !== actor.user.id)
        return
      Object.assign(stored.suggestion, { status: 'open', decidedBy: null, decidedAt: null, rationale: '' })
      Object.assign(stored, before)
    })
  }
  return { thread: thread as Decided, undo }
}

/** Where a suggestion lies in the document, for applying several in reading order; null when it cannot be applied. */
function placeOf(doc: Y.Doc, texts: Map<Y.XmlText, number>, thread: Thread): [number, number] | null {
  try {
    const reading = readSuggestionAnchor(doc, thread.anchor)
    if (!reading || reading.detached) return null
    return [texts.get(reading.text) ?? -1, reading.from]
  } catch {
    return null
  }
}

function textsInOrder(doc: Y.Doc): Map<Y.XmlText, number> {
  const texts = new Map<Y.XmlText, number>()
  for (const node of doc.getXmlFragment(contentField).createTreeWalker(() => true))
    if (node instanceof Y.XmlText) texts.set(node, texts.size)
  return texts
}

/**
 * Applies accepted suggestions to the live document as one server transaction, in reading order
 * (at one place, the later proposal first, so that the earlier one reads first). Returns the ids of
 * those that could not be applied: their words were deleted meanwhile.
 */
async function applyAccepted(deps: Deps, documentId: string, accepted: Decided[]): Promise<Set<string>> {
  const failed = new Set<string>()
  await deps.sockets.changeDocument(documentId, 'suggestion', (doc) => {
    const texts = textsInOrder(doc)
    const placed = accepted.map((thread) => ({ thread, place: placeOf(doc, texts, thread) }))
    placed.sort((a, b) => {
      if (!a.place || !b.place) return 0
      return a.place[0] - b.place[0] || a.place[1] - b.place[1] || b.thread.createdAt.localeCompare(a.thread.createdAt)
    })
    for (const { thread } of placed) {
      try {
        applySuggestion(doc, thread.anchor, thread.suggestion.insert)
      } catch (error) {
        // applySuggestion reads before it writes: a suggestion it refuses changed nothing.
        if (!(error instanceof SuggestionNotApplicable)) throw error
        failed.add(thread.id)
      }
    }
  })
  return failed
}

/** Whether the suggestion can still be applied to the document as it is now. */
async function applicable(deps: Deps, documentId: string, thread: Thread): Promise<boolean> {
  return deps.sockets.readDocument(documentId, (doc) => placeOf(doc, new Map(), thread) !== null)
}

/**
 * Accepts or rejects one open suggestion. Accepting changes the live text as one server
 * transaction under the document's lock (never on a text an approval has just fixed); if it cannot
 * be applied the suggestion is open again and the caller is told why.
 */
export async function decideSuggestion(
  deps: Deps,
  actor: Actor,
  documentId: string,
  threadId: string,
  decision: SuggestionDecision,
  rationale = '',
): Promise<ThreadView> {
  await decidable(deps, actor, documentId)
  const stored = await storedSuggestion(deps, documentId, threadId)
  if (stored.suggestion.status !== 'open') throw notOpen()
  let thread: Decided
  if (decision === 'reject') {
    thread = (await claim(deps, actor, documentId, threadId, decision, rationale)).thread
  } else {
    if (!(await applicable(deps, documentId, stored))) throw detached()
    thread = await deps.metadata.lockDocument(documentId, async () => {
      // An approval may have come first; the lock keeps the next one out until the text is changed.
      await decidable(deps, actor, documentId)
      const claimed = await claim(deps, actor, documentId, threadId, decision, rationale)
      try {
        if ((await applyAccepted(deps, documentId, [claimed.thread])).size > 0) throw detached()
      } catch (error) {
        await claimed.undo()
        throw error
      }
      return claimed.thread
    })
  }
  await auditOutcome(deps, actor, thread)
  return publish(deps, thread)
}

/**
 * Accepts or rejects every open suggestion, or every open one by `authorId`. Accepted ones are
 * applied together as one server transaction; those whose words were deleted are skipped (they
 * can only be rejected), and so are those decided meanwhile by someone else.
 */
export async function decideSuggestions(
  deps: Deps,
  actor: Actor,
  documentId: string,
  decision: SuggestionDecision,
  { authorId, rationale = '' }: { authorId?: string; rationale?: string } = {},
): Promise<DecideSuggestionsResult> {
  await decidable(deps, actor, documentId)
  const skipped: DecideSuggestionsResult['skipped'] = []
  const decided: Decided[] = []

  const claimAll = async (threads: Thread[]) => {
    const claimed: { thread: Decided; undo: () => Promise<void> }[] = []
    for (const t of threads) {
      try {
        claimed.push(await claim(deps, actor, documentId, t.id, decision, rationale))
      } catch (error) {
        if (!(error instanceof AppError) || error.reason !== 'suggestion_not_open') throw error
        skipped.push({ id: t.id, reason: 'suggestion_not_open' })
      }
    }
    return claimed
  }
  const openOnes = async () =>
    (await deps.metadata.listThreads(documentId)).filter(
      (t) => t.suggestion?.status === 'open' && (authorId === undefined || t.authorId === authorId),
    )

  if (decision === 'reject') {
    decided.push(...(await claimAll(await openOnes())).map((c) => c.thread))
  } else {
    await deps.metadata.lockDocument(documentId, async () => {
      await decidable(deps, actor, documentId)
      const candidates = await openOnes()
      const usable = await deps.sockets.readDocument(
        documentId,
        (doc) => new Set(candidates.filter((t) => placeOf(doc, new Map(), t) !== null).map((t) => t.id)),
      )
      for (const t of candidates) if (!usable.has(t.id)) skipped.push({ id: t.id, reason: 'suggestion_detached' })
      const claimed = await claimAll(candidates.filter((t) => usable.has(t.id)))
      let failed: Set<string>
      try {
        failed = await applyAccepted(
          deps,
          documentId,
          claimed.map((c) => c.thread),
        )
      } catch (error) {
        for (const c of claimed) await c.undo()
        throw error
      }
      for (const c of claimed) {
        if (failed.has(c.thread.id)) {
          await c.undo()
          skipped.push({ id: c.thread.id, reason: 'suggestion_detached' })
        } else decided.push(c.thread)
      }
    })
  }
  for (const thread of decided) {
    await auditOutcome(deps, actor, thread)
    await publish(deps, thread)
  }
  return { decided: decided.map((t) => t.id), skipped }
}

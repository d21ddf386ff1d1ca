/**
 * 导入修订稿: a department's marked-up .docx taken back in. Its Word revisions become open
 * suggestions and its comments become threads, anchored by Yjs relative positions in the live
 * draft wherever their words still are; the text itself never changes here (accepting a
 * suggestion does that, later, as for any other). Whatever cannot be placed is listed in the
 * report, for a person to handle by hand. The raiser is an invited commenter's account, or an
 * outside unit named by the importer (then the thread says so in its `source`).
 */
import * as Y from 'yjs'
import { writeReturnedDraftDetails } from '../../shared/audit-details.js'
import { contentField } from '../../shared/editor/content-field.js'
import type {
  Anchor,
  DocumentMeta,
  Participant,
  ReturnedDraftReport,
  Thread,
  ThreadSource,
} from '../../shared/schema.js'
import { textLimits } from '../../shared/text-limits.js'
import { isEditable } from '../../shared/workflow.js'
import { AppError, conflict, forbidden, invalidInput } from '../errors.js'
import { uploadedFileName } from '../import/file-name.js'
import { ImportError, importRefusal } from '../import/import-error.js'
import type { ReturnedDocx } from '../import/word-revisions.js'
import { canImportReturnedDraft, canSendReturnedDraft, documentAccess, type Actor } from '../policy.js'
import { readAnchor, textOf } from './anchors.js'
import { appendAudit } from './audit.js'
import type { Deps } from './deps.js'
import { officeClock, readable } from './documents.js'
import type { Placed, Placement } from './returned-draft-placement.js'
import { suggestionThread } from './suggestions.js'
import { addThread, commentThread, newComment, publish } from './threads.js'

/** From whom a returned draft came: an invited commenter's account, or an outside unit. */
export type ReturnedDraftFrom = { userId: string } | { unit: string }

export interface ReturnedDraftFile {
  name: string
  bytes: Uint8Array
}

/** How often the placement is done again when the draft changed while it was being done. */
const attempts = 3

/** The texts of the draft's paragraphs in document order (table cells included), as the placement numbers them. */
function textsOf(doc: Y.Doc): Y.XmlText[] {
  const texts: Y.XmlText[] = []
  for (const node of doc.getXmlFragment(contentField).createTreeWalker(() => true))
    if (node instanceof Y.XmlText) texts.push(node)
  return texts
}

const encode = (position: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(position)).toString('base64')

/** Words from `from` to `to`: start on the first character, end after the last; a point when they meet. */
function anchorIn(start: Y.XmlText, from: number, end: Y.XmlText, to: number): Anchor {
  if (start === end && from === to) {
    const point = encode(Y.createRelativePositionFromTypeIndex(start, from, -1))
    return { start: point, end: point }
  }
  return {
    start: encode(Y.createRelativePositionFromTypeIndex(start, from, 0)),
    end: encode(Y.createRelativePositionFromTypeIndex(end, to, -1)),
  }
}

/** Whose the new threads are: the invited commenter's, or the importer's on behalf of a unit. */
async function raiser(
  deps: Deps,
  actor: Actor,
  doc: DocumentMeta,
  from: ReturnedDraftFrom,
): Promise<{ authorId: string; unit: string | null }> {
  if ('unit' in from) return { authorId: actor.user.id, unit: from.unit }
  const notInvited = () =>
    invalidInput('fromUserId', 'is not a commenter invited to this document', { reason: 'not_invited_commenter' })
  const [user, group, invitations] = await Promise.all([
    deps.metadata.getUser(from.userId),
    deps.metadata.getGroup(doc.groupId),
    deps.metadata.listInvitations(doc.id),
  ])
  if (!user) throw notInvited()
  const invitation = invitations.find((i) => i.userId === user.id)
  if (!canSendReturnedDraft(user, documentAccess(user, doc, group, invitation, officeClock(deps)))) throw notInvited()
  return { authorId: user.id, unit: null }
}

/** The document and the caller's access, when the caller may import a returned draft into it now. */
async function importable(deps: Deps, actor: Actor, documentId: string) {
  const found = await readable(deps, actor, documentId)
  if (!isEditable(found.doc.status))
    throw conflict('the document is approved; the chair must reopen it before suggestions are made or decided', {
      reason: 'approved_suggestion',
    })
  if (!canImportReturnedDraft(found.access, found.doc.status))
    throw forbidden('only those who may decide suggestions take a returned draft in', 'returned_draft_forbidden')
  return found
}

/** Those a returned draft of this document may be attributed to as accounts: its invited commenters, now. */
export async function returnedDraftSenders(deps: Deps, actor: Actor, documentId: string): Promise<Participant[]> {
  const { doc } = await importable(deps, actor, documentId)
  const [users, group, invitations] = await Promise.all([
    deps.metadata.listUsers(),
    deps.metadata.getGroup(doc.groupId),
    deps.metadata.listInvitations(doc.id),
  ])
  const clock = officeClock(deps)
  return users
    .filter((user) =>
      canSendReturnedDraft(
        user,
        documentAccess(
          user,
          doc,
          group,
          invitations.find((i) => i.userId === user.id),
          clock,
        ),
      ),
    )
    .map(({ id, username, displayName, role }) => ({ id, username, displayName, role }))
}

/** The parse and placement, against the draft as it is when the anchors are made. */
async function placeInDraft(
  deps: Deps,
  documentId: string,
  bytes: Uint8Array,
): Promise<{ docx: ReturnedDocx; placement: Placement; anchors: { anchor: Anchor; quote: string }[] }> {
  for (let attempt = 1; ; attempt++) {
    const live = await deps.sockets.readDocument(documentId, (doc) => textsOf(doc).map(textOf))
    let result
    try {
      result = await deps.heavy.returnedDraft(bytes, live)
    } catch (error) {
      if (error instanceof ImportError) throw importRefusal(error, 'file')
      throw error
    }
    const { placement } = result
    // Made in the draft as it is now, if the paragraphs the placement used still read as it read them.
    const anchors = await deps.sockets.readDocument(documentId, (doc) => {
      const texts = textsOf(doc)
      if (texts.length !== live.length || texts.some((text, i) => textOf(text) !== live[i])) return null
      return placement.placed.map((placed) => anchored(doc, texts, placed))
    })
    if (anchors) return { ...result, anchors }
    if (attempt === attempts)
      throw conflict('the draft kept changing while the returned draft was placed in it; try again', {
        reason: 'returned_draft_busy',
      })
  }
}

function anchored(doc: Y.Doc, texts: Y.XmlText[], placed: Placed): { anchor: Anchor; quote: string } {
  if (placed.kind === 'suggestion') {
    const text = texts[placed.segment]
    return { anchor: anchorIn(text, placed.from, text, placed.to), quote: placed.quote }
  }
  const anchor = anchorIn(
    texts[placed.start.segment],
    placed.start.offset,
    texts[placed.end.segment],
    placed.end.offset,
  )
  return { anchor, quote: readAnchor(doc, anchor)?.text ?? '' }
}

/**
 * Takes a returned draft in: checks who may and from whom, reads and places the file in a worker
 * thread, makes the suggestions and threads in one pass, pushes them to open editors, audits it.
 */
export async function importReturnedDraft(
  deps: Deps,
  actor: Actor,
  documentId: string,
  file: ReturnedDraftFile,
  from: ReturnedDraftFrom,
): Promise<ReturnedDraftReport> {
  const { doc } = await importable(deps, actor, documentId)
  const { authorId, unit } = await raiser(deps, actor, doc, from)
  const fileName = uploadedFileName(file.name, 'returned.docx')
  const { docx, placement, anchors } = await placeInDraft(deps, documentId, file.bytes)

  const maxComments = deps.limits.commentsPerThread
  const sourceOf = (wordAuthor: string): ThreadSource => ({ unit, wordAuthor, importedBy: actor.user.id, fileName })
  const threads: Thread[] = placement.placed.map((placed, i) => {
    const { anchor, quote } = anchors[i]
    if (placed.kind === 'suggestion') {
      const source = sourceOf(placed.author)
      return suggestionThread({ documentId, anchor, quote, authorId, insert: placed.insert, source })
    }
    const comment = docx.comments[placed.comment]
    const first = { ...newComment(authorId, comment.text, []), wordAuthor: comment.author }
    const thread = commentThread({ documentId, anchor, quote, authorId, first, source: sourceOf(comment.author) })
    for (const reply of comment.replies.slice(0, maxComments - 1))
      if (reply.text.trim() !== '')
        thread.comments.push({
          ...newComment(authorId, [...reply.text].slice(0, textLimits.comment.max).join(''), []),
          wordAuthor: reply.author,
        })
    return thread
  })

  const existing = (await deps.metadata.listThreads(documentId)).length
  if (existing + threads.length > deps.limits.threadsPerDocument)
    throw new AppError(
      409,
      'too_many_threads',
      `the returned draft would make ${threads.length} threads and the document has ${existing} of at most ${deps.limits.threadsPerDocument} (MAX_THREADS_PER_DOCUMENT)`,
    )
  for (const thread of threads) await addThread(deps, thread)
  for (const thread of threads) await publish(deps, thread)

  const suggestions = threads.filter((t) => t.suggestion).length
  const report: ReturnedDraftReport = {
    fileName,
    suggestions,
    comments: threads.length - suggestions,
    threadIds: threads.map((t) => t.id),
    formattingChanges: docx.formattingChanges,
    unplaced: placement.unplaced,
  }
  await appendAudit(deps, documentId, {
    action: 'returned_draft',
    actorId: actor.user.id,
    versionNumber: null,
    contentHash: null,
    details: writeReturnedDraftDetails({
      fileName,
      from: unit === null ? { userId: authorId } : { unit },
      suggestions: report.suggestions,
      comments: report.comments,
      unplaced: report.unplaced.length,
    }),
  })
  return report
}

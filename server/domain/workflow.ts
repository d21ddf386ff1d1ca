/**
 * The approval workflow (送审 → 审定通过 / 退回修改 → …), enforced through the one state machine in
 * shared/workflow.ts. Every step is versioned, audited and notified; approval locks the document,
 * reopening unlocks it, and open sockets reconnect at once to pick up their new rights.
 */
import { CloseCode } from '../../shared/collab.js'
import { kindOf } from '../../shared/document-kinds.js'
import type { DocumentMeta, Submission, Version, WorkflowView } from '../../shared/schema.js'
import { transition, type WorkflowAction } from '../../shared/workflow.js'
import { AppError } from '../errors.js'
import { workflowActionsOf, workflowRole, type Actor } from '../policy.js'
import type { WorkflowStep } from '../store/types.js'
import { auditMaker } from './audit.js'
import { contentHash } from './content-hash.js'
import type { Deps } from './deps.js'
import { newId } from './ids.js'
import { notify } from './notifications.js'
import { readable } from './documents.js'
import { currentSnapshot, findVersion, recordVersion, replaceLiveContent } from './versions.js'

/** Checks the action against the state machine; 403 or 409 with the machine's reason. */
async function allowed(deps: Deps, actor: Actor, documentId: string, action: WorkflowAction): Promise<DocumentMeta> {
  const { doc, access } = await readable(deps, actor, documentId)
  const role = workflowRole(actor.user, access)
  const kind = kindOf(doc)
  const result = transition(doc.status, action, role ?? 'admin', kind)
  if (!result.ok) {
    const reason = (
      { kind: 'workflow_kind', role: 'workflow_role', state: 'workflow_state', pending: 'submission_pending' } as const
    )[result.why]
    // A kind without a workflow is no race to reload for: a plain conflict, not workflow_conflict.
    const code = result.status === 403 ? 'forbidden' : result.why === 'kind' ? 'conflict' : 'workflow_conflict'
    throw new AppError(result.status, code, result.reason, {
      reason,
      params: { action, state: doc.status, kind },
    })
  }
  return doc
}

/**
 * Stores a step whole; 409 workflow_conflict when another request moved the document first. Then
 * every instance's room reads the new status before it takes another edit.
 */
async function commit(deps: Deps, step: WorkflowStep): Promise<void> {
  if (!(await deps.metadata.commitStep(step)))
    throw new AppError(409, 'workflow_conflict', 'the document changed state meanwhile; reload and try again')
  await deps.sockets.statusChanged(step.documentId)
}

const latest = (submissions: Submission[]): Submission | null =>
  submissions.reduce<Submission | null>((last, s) => (!last || s.submittedAt >= last.submittedAt ? s : last), null)

/** The group's people to notify (members, conveners, chairs), except whoever acted. */
async function groupPeople(deps: Deps, doc: DocumentMeta, actor: Actor): Promise<string[]> {
  const group = await deps.metadata.getGroup(doc.groupId)
  return group ? [...group.members.map((m) => m.userId), ...group.chairIds].filter((id) => id !== actor.user.id) : []
}

/** Sockets on the document reconnect, so that the new state's rights (read-only once approved) apply. */
const reconnectEditors = (deps: Deps, documentId: string, reason: string) =>
  deps.sockets.closeWhere({ docIds: [documentId] }, CloseCode.rightsChanged, reason)

/** The submission the chair returned last, while the document stands returned; null otherwise. */
async function returnedSubmission(deps: Deps, doc: DocumentMeta): Promise<Submission | null> {
  if (doc.status !== 'returned') return null
  const submission = latest(await deps.metadata.listSubmissions(doc.id))
  return submission?.decision?.kind === 'returned' ? submission : null
}

/** The numbers of the versions approved so far, under an earlier approval or the current one. */
const approvedNumbers = (submissions: Submission[]): Set<number> =>
  new Set(submissions.filter((s) => s.decision?.kind === 'approved').map((s) => s.versionNumber))

/**
 * The version that holds the live draft's text: the newest saved one with the same content, else a
 * new 送审稿 version recorded now. Saving the same text twice under two numbers is what made
 * "送审稿 v4" look like a different text from the v3 it copied.
 */
async function liveDraftVersion(deps: Deps, actor: Actor, documentId: string): Promise<Version> {
  const snapshot = await currentSnapshot(deps, documentId)
  const hash = contentHash(snapshot.content)
  const same = (await deps.metadata.listVersions(documentId)).filter((v) => v.hash === hash).at(-1)
  return same ?? recordVersion(deps, actor.user.id, documentId, '送审稿', 'submission', snapshot)
}

/**
 * An approval belongs to its version number (the register entry, the export of an earlier approval
 * by ?version=): a version approved before and submitted again after reopening goes up as a copy,
 * whose label says what it copies.
 */
async function notApprovedBefore(deps: Deps, actor: Actor, documentId: string, version: Version): Promise<Version> {
  if (!approvedNumbers(await deps.metadata.listSubmissions(documentId)).has(version.number)) return version
  const { snapshot } = await findVersion(deps, documentId, version.number)
  return recordVersion(deps, actor.user.id, documentId, `v${version.number} 再次送审`, 'submission', snapshot)
}

/**
 * 送审: the convener puts one version before the chair, with a note: a saved version as it is (v3 is
 * submitted as v3, no copy under another number), or the live draft (`versionNumber` absent), which
 * is saved as a version first unless one already holds its text. After 退回修改, sending the
 * returned text again unchanged needs `unchanged: true`: a resubmission is expected to answer the
 * chair's opinion.
 */
export async function submit(
  deps: Deps,
  actor: Actor,
  documentId: string,
  request: { versionNumber?: number; note: string; unchanged?: boolean },
): Promise<Submission> {
  const doc = await allowed(deps, actor, documentId, 'submit')
  const returned = await returnedSubmission(deps, doc)
  const chosen =
    request.versionNumber === undefined
      ? await liveDraftVersion(deps, actor, documentId)
      : (await findVersion(deps, documentId, request.versionNumber)).version
  const unchanged = returned !== null && returned.hash === chosen.hash
  if (unchanged && !request.unchanged)
    throw new AppError(
      409,
      'workflow_conflict',
      `v${chosen.number} is the text returned as v${returned.versionNumber}, unchanged; revise it, or resubmit it unchanged on purpose (unchanged: true)`,
    )
  const version = await notApprovedBefore(deps, actor, documentId, chosen)
  const submission: Submission = {
    id: newId(),
    documentId,
    versionNumber: version.number,
    hash: version.hash,
    note: request.note,
    submittedBy: actor.user.id,
    submittedAt: new Date().toISOString(),
    decision: null,
  }
  // Under the document's lock, as 改文种 is (documents.ts changeKind): the kind and state checked
  // again here are those the submission is stored under, so a draft turned 调研报告 meanwhile is refused.
  await deps.metadata.lockDocument(documentId, async () => {
    await allowed(deps, actor, documentId, 'submit')
    await commit(deps, {
      documentId,
      from: doc.status,
      to: 'submitted',
      updatedAt: submission.submittedAt,
      submission,
      audit: [
        auditMaker(deps.auditKey, documentId, {
          action: 'submit',
          actorId: actor.user.id,
          versionNumber: version.number,
          contentHash: version.hash,
          details: request.note,
        }),
      ],
    })
  })
  await notify(
    deps,
    await groupPeople(deps, doc, actor),
    documentId,
    'submitted',
    unchanged ? `《${doc.title}》v${version.number} 未作修改，再次送审` : `《${doc.title}》v${version.number} 已送审`,
  )
  await deps.sockets.broadcast(documentId, { type: 'workflow' })
  return submission
}

async function pending(deps: Deps, documentId: string): Promise<Submission> {
  const submission = latest(await deps.metadata.listSubmissions(documentId))
  if (!submission || submission.decision)
    throw new AppError(409, 'workflow_conflict', 'no submission is pending', { reason: 'no_pending_submission' })
  return submission
}

/**
 * 审定通过: the chair approves exactly the submitted version, under its own number (an approval of
 * v7 is 审定稿 v7: no copy under a new number). The live document becomes that content and is locked.
 */
export async function approve(deps: Deps, actor: Actor, documentId: string, opinion: string): Promise<Submission> {
  const decided = await deps.metadata.lockDocument(documentId, async () => {
    await allowed(deps, actor, documentId, 'approve')
    const submission = await pending(deps, documentId)
    const { snapshot } = await findVersion(deps, documentId, submission.versionNumber)
    const at = new Date().toISOString()
    const decided: Submission = { ...submission, decision: { kind: 'approved', opinion, by: actor.user.id, at } }
    // One step: the lock, the decision and its audit entry are stored together or not at all.
    // Stored before any socket is told, so a reconnecting editor finds it; from then on no socket's
    // update is accepted, so the text cannot move under the approval.
    await commit(deps, {
      documentId,
      from: 'submitted',
      to: 'approved',
      updatedAt: at,
      submission: decided,
      audit: [
        auditMaker(deps.auditKey, documentId, {
          action: 'approve',
          actorId: actor.user.id,
          versionNumber: submission.versionNumber,
          contentHash: submission.hash,
          details: opinion,
        }),
      ],
    })
    await reconnectEditors(deps, documentId, 'document approved')
    await replaceLiveContent(deps, documentId, snapshot.content, 'approve')
    return decided
  })
  const doc = (await deps.metadata.getDocument(documentId))!
  await notify(
    deps,
    await groupPeople(deps, doc, actor),
    documentId,
    'approved',
    `《${doc.title}》v${decided.versionNumber} 已审定通过`,
  )
  await deps.sockets.broadcast(documentId, { type: 'workflow' })
  return decided
}

/** 退回修改: the chair returns the submission with an opinion; the group revises the draft. */
export async function returnSubmission(
  deps: Deps,
  actor: Actor,
  documentId: string,
  opinion: string,
): Promise<Submission> {
  const doc = await allowed(deps, actor, documentId, 'return')
  const submission = await pending(deps, documentId)
  const at = new Date().toISOString()
  const decided: Submission = { ...submission, decision: { kind: 'returned', opinion, by: actor.user.id, at } }
  await commit(deps, {
    documentId,
    from: 'submitted',
    to: 'returned',
    updatedAt: at,
    submission: decided,
    audit: [
      auditMaker(deps.auditKey, documentId, {
        action: 'return',
        actorId: actor.user.id,
        versionNumber: submission.versionNumber,
        contentHash: submission.hash,
        details: opinion,
      }),
    ],
  })
  await notify(
    deps,
    await groupPeople(deps, doc, actor),
    documentId,
    'returned',
    `《${doc.title}》v${submission.versionNumber} 被退回修改：${opinion}`,
  )
  await deps.sockets.broadcast(documentId, { type: 'workflow' })
  return decided
}

/** The chair reopens an approved document for a new drafting round; logged. */
export async function reopen(deps: Deps, actor: Actor, documentId: string, reason: string): Promise<void> {
  const doc = await deps.metadata.lockDocument(documentId, async () => {
    const doc = await allowed(deps, actor, documentId, 'reopen')
    await commit(deps, {
      documentId,
      from: 'approved',
      to: 'draft',
      updatedAt: new Date().toISOString(),
      audit: [
        auditMaker(deps.auditKey, documentId, {
          action: 'reopen',
          actorId: actor.user.id,
          versionNumber: null,
          contentHash: null,
          details: reason,
        }),
      ],
    })
    return doc
  })
  await notify(deps, await groupPeople(deps, doc, actor), documentId, 'reopened', `《${doc.title}》已重新开放起草`)
  await reconnectEditors(deps, documentId, 'document reopened')
  await deps.sockets.broadcast(documentId, { type: 'workflow' })
}

export async function workflowView(deps: Deps, actor: Actor, documentId: string): Promise<WorkflowView> {
  const { doc, access } = await readable(deps, actor, documentId)
  const submission = latest(await deps.metadata.listSubmissions(documentId))
  let approved: WorkflowView['approved'] = null
  if (doc.status === 'approved' && submission?.decision?.kind === 'approved') {
    const chair = await deps.metadata.getUser(submission.decision.by)
    approved = {
      versionNumber: submission.versionNumber,
      hash: submission.hash,
      by: submission.decision.by,
      byName: chair?.displayName ?? '',
      at: submission.decision.at,
    }
  }
  const actions = workflowActionsOf(actor.user, access, doc.status, kindOf(doc))
  // The live text's hash, where a step depends on it: the pending or returned submission, or the 送审 dialog.
  const pendingOrReturned =
    submission !== null &&
    ((doc.status === 'submitted' && !submission.decision) ||
      (doc.status === 'returned' && submission.decision?.kind === 'returned'))
  let liveDiffersFromSubmitted: boolean | null = null
  let liveVersion: number | null = null
  if (pendingOrReturned || actions.includes('submit')) {
    const live = contentHash((await currentSnapshot(deps, documentId)).content)
    if (pendingOrReturned) liveDiffersFromSubmitted = live !== submission.hash
    if (actions.includes('submit')) {
      // A version approved before would go up as a copy: the live draft is then saved anew.
      const approved = approvedNumbers(await deps.metadata.listSubmissions(documentId))
      const same = (await deps.metadata.listVersions(documentId)).filter((v) => v.hash === live).at(-1)
      liveVersion = same && !approved.has(same.number) ? same.number : null
    }
  }
  return { status: doc.status, submission, approved, liveDiffersFromSubmitted, liveVersion, actions }
}

/** 待审定: pending submissions of the groups the chair is assigned to, with what to compare against. */
export async function inbox(deps: Deps, actor: Actor) {
  const entries = []
  for (const submission of await deps.metadata.listPendingSubmissions()) {
    const found = await readable(deps, actor, submission.documentId).catch(() => null)
    if (!found || workflowRole(actor.user, found.access) !== 'chair') continue
    const group = await deps.metadata.getGroup(found.doc.groupId)
    const earlier = (await deps.metadata.listSubmissions(submission.documentId))
      .filter((s) => s.decision && s.submittedAt < submission.submittedAt)
      .sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : -1))[0]
    entries.push({
      ...submission,
      documentTitle: found.doc.title,
      groupName: group?.name ?? '',
      previousVersionNumber: earlier?.versionNumber ?? null,
    })
  }
  return entries
}

/**
 * An approved version of a document and its content, for export: the current approval, or the
 * earlier approval of version `number`. Nothing else is ever "approved".
 */
export async function approvedVersion(deps: Deps, documentId: string, number?: number) {
  const doc = await deps.metadata.getDocument(documentId)
  if (!doc) return null
  const submissions = await deps.metadata.listSubmissions(documentId)
  const submission =
    number === undefined
      ? doc.status === 'approved'
        ? latest(submissions)
        : null
      : submissions.find((s) => s.versionNumber === number && s.decision?.kind === 'approved')
  if (!submission || submission.decision?.kind !== 'approved') return null
  const { version, snapshot } = await findVersion(deps, documentId, submission.versionNumber)
  return { version, snapshot, decision: submission.decision, doc }
}

/**
 * The approval workflow (送审 → 审定通过 / 退回修改 → …), enforced through the one state machine in
 * shared/workflow.ts. Every step is versioned, audited and notified; approval locks the document,
 * reopening unlocks it, and open sockets reconnect at once to pick up their new rights.
 */
import { CloseCode } from '../../shared/collab.js'
import type { DocumentMeta, Submission, WorkflowView } from '../../shared/schema.js'
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
import {
  currentSnapshot,
  findVersion,
  recordVersion,
  replaceLiveContent,
  storeVersionBytes,
  versionAudit,
} from './versions.js'

/** Checks the action against the state machine; 403 or 409 with the machine's reason. */
async function allowed(deps: Deps, actor: Actor, documentId: string, action: WorkflowAction): Promise<DocumentMeta> {
  const { doc, access } = await readable(deps, actor, documentId)
  const role = workflowRole(actor.user, access)
  const result = transition(doc.status, action, role ?? 'admin')
  if (!result.ok)
    throw new AppError(result.status, result.status === 403 ? 'forbidden' : 'workflow_conflict', result.reason)
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

/** 送审: the convener puts one version before the chair, with a note. Records an automatic version. */
export async function submit(
  deps: Deps,
  actor: Actor,
  documentId: string,
  versionNumber: number,
  note: string,
): Promise<Submission> {
  const doc = await allowed(deps, actor, documentId, 'submit')
  const { version: chosen, snapshot } = await findVersion(deps, documentId, versionNumber)
  const version = await recordVersion(
    deps,
    actor.user.id,
    documentId,
    `送审稿（基于 v${chosen.number}）`,
    'submission',
    snapshot,
  )
  const submission: Submission = {
    id: newId(),
    documentId,
    versionNumber: version.number,
    hash: version.hash,
    note,
    submittedBy: actor.user.id,
    submittedAt: new Date().toISOString(),
    decision: null,
  }
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
        details: note,
      }),
    ],
  })
  await notify(
    deps,
    await groupPeople(deps, doc, actor),
    documentId,
    'submitted',
    `《${doc.title}》v${version.number} 已送审`,
  )
  await deps.sockets.broadcast(documentId, { type: 'workflow' })
  return submission
}

async function pending(deps: Deps, documentId: string): Promise<Submission> {
  const submission = latest(await deps.metadata.listSubmissions(documentId))
  if (!submission || submission.decision) throw new AppError(409, 'workflow_conflict', 'no submission is pending')
  return submission
}

/**
 * 审定通过: the chair approves exactly the submitted version. The live document becomes that
 * content and is locked; an automatic version with the same hash records the approval.
 */
export async function approve(deps: Deps, actor: Actor, documentId: string, opinion: string): Promise<Submission> {
  const decided = await deps.metadata.lockDocument(documentId, async () => {
    await allowed(deps, actor, documentId, 'approve')
    const submission = await pending(deps, documentId)
    const { snapshot } = await findVersion(deps, documentId, submission.versionNumber)
    const at = new Date().toISOString()
    const decided: Submission = { ...submission, decision: { kind: 'approved', opinion, by: actor.user.id, at } }
    const version = await storeVersionBytes(
      deps,
      actor.user.id,
      documentId,
      `审定稿（v${submission.versionNumber}）`,
      'approval',
      snapshot,
    )
    // One step: the lock, the decision, the approval version and their audit entries are stored
    // together or not at all. Stored before any socket is told, so a reconnecting editor finds it;
    // from then on no socket's update is accepted, so the text cannot move under the approval.
    await commit(deps, {
      documentId,
      from: 'submitted',
      to: 'approved',
      updatedAt: at,
      submission: decided,
      version,
      audit: [
        auditMaker(deps.auditKey, documentId, versionAudit(version)),
        auditMaker(deps.auditKey, documentId, {
          action: 'approve',
          actorId: actor.user.id,
          versionNumber: version.number,
          contentHash: version.hash,
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
  let liveDiffersFromSubmitted: boolean | null = null
  if (doc.status === 'submitted' && submission && !submission.decision) {
    liveDiffersFromSubmitted = contentHash((await currentSnapshot(deps, documentId)).content) !== submission.hash
  }
  const actions = workflowActionsOf(actor.user, access, doc.status)
  return { status: doc.status, submission, approved, liveDiffersFromSubmitted, actions }
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

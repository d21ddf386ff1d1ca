/** Use cases on drafts: create, list, rename, delete, and who may open them. Ids and times are the server's. */
import { writeCreateDetails, writeKindChangeDetails, writeRenameDetails } from '../../shared/audit-details.js'
import * as Y from 'yjs'
import { defaultKind, kindOf, type DocumentKind } from '../../shared/document-kinds.js'
import { templateContent, type TemplateKind } from '../../shared/editor/template.js'
import type { JsonNode } from '../../shared/editor/text.js'
import type { DocumentAccess, DocumentMeta, DocumentView, Group } from '../../shared/schema.js'
import { CloseCode } from '../../shared/collab.js'
import { isEditable } from '../../shared/workflow.js'
import type { ErrorReason } from '../../shared/errors.js'
import { conflict, forbidden, notFound } from '../errors.js'
import {
  canChangeKind,
  canCreateDocumentIn,
  canRenameOrDelete,
  documentAbilities,
  documentAccess,
  type Actor,
  type OfficeClock,
} from '../policy.js'
import { appendAudit, type AuditInput } from './audit.js'
import type { Deps } from './deps.js'
import { newId } from './ids.js'
import type { MetadataStore } from '../store/types.js'
import { proseMirror } from './prosemirror.js'

/** Whether a document takes anyone's edits now: it exists and its workflow state allows them. */
export const acceptsEdits =
  (metadata: MetadataStore) =>
  async (docId: string): Promise<boolean> => {
    const status = await metadata.getDocumentStatus(docId)
    return status !== null && isEditable(status)
  }

/** Now, on the office's clock: an invitation ends with its last day there, not the host's. */
export const officeClock = (deps: Deps): OfficeClock => ({ now: new Date(), timeZone: deps.timeZone })

/** The caller's access to one document; `read: false` for a missing one, so both look alike. */
export async function accessTo(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<{ doc: DocumentMeta; access: DocumentAccess } | null> {
  const { metadata } = deps
  const doc = await metadata.getDocument(id)
  if (!doc) return null
  const group = await metadata.getGroup(doc.groupId)
  const invitation =
    actor.user.role === 'commenter'
      ? (await metadata.listInvitations(id)).find((i) => i.userId === actor.user.id)
      : undefined
  const access = documentAccess(actor.user, doc, group, invitation, officeClock(deps))
  return access.read ? { doc, access } : null
}

/** The document if the caller may read it; 404 otherwise, whether or not it exists. */
export async function readable(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<{ doc: DocumentMeta; access: DocumentAccess }> {
  const found = await accessTo(deps, actor, id)
  if (!found) throw notFound('document')
  return found
}

/** The document as its reader gets it: with what the policy lets them do with it. */
const viewOf = (actor: Actor, doc: DocumentMeta, group: Group | null, access: DocumentAccess): DocumentView => ({
  ...doc,
  kind: kindOf(doc),
  groupName: group?.name ?? '',
  access,
  abilities: documentAbilities(actor.user, access, group, doc.status),
})

async function view(deps: Deps, actor: Actor, doc: DocumentMeta, access: DocumentAccess): Promise<DocumentView> {
  return viewOf(actor, doc, await deps.metadata.getGroup(doc.groupId), access)
}

/** Every document the caller may read, most recently updated first. */
export async function visibleDocuments(deps: Deps, actor: Actor): Promise<DocumentView[]> {
  const { metadata } = deps
  const [docs, groups, invitations] = await Promise.all([
    metadata.listDocuments(),
    metadata.listGroups(),
    actor.user.role === 'commenter' ? metadata.listInvitationsOfUser(actor.user.id) : Promise.resolve([]),
  ])
  const groupById = new Map(groups.map((g) => [g.id, g]))
  const clock = officeClock(deps)
  const views: DocumentView[] = []
  for (const doc of docs) {
    const group = groupById.get(doc.groupId) ?? null
    const access = documentAccess(
      actor.user,
      doc,
      group,
      invitations.find((i) => i.documentId === doc.id),
      clock,
    )
    if (access.read) views.push(viewOf(actor, doc, group, access))
  }
  return views
}

export async function getDocument(deps: Deps, actor: Actor, id: string): Promise<DocumentView> {
  const { doc, access } = await readable(deps, actor, id)
  return view(deps, actor, doc, access)
}

/**
 * The name a creation's audit entry gives its start: the kind's template (`jianyian` for the
 * 建议案's, as entries have always said) or `blank`.
 */
const startName = (template: TemplateKind, kind: DocumentKind): string =>
  template === 'blank' ? 'blank' : kind === 'proposal' ? 'jianyian' : kind

export async function createDocument(
  deps: Deps,
  actor: Actor,
  title: string,
  groupId: string,
  template: TemplateKind = 'blank',
  kind: DocumentKind = defaultKind,
): Promise<DocumentView> {
  const group = await creatableGroup(deps, actor, groupId)
  const firstUpdate = template === 'blank' ? null : await templateUpdate(templateContent(template, kind, group.name))
  const doc = await startDocument(deps, actor, group, {
    title,
    kind,
    details: writeCreateDetails({ title, template: startName(template, kind), kind, groupId }),
    firstUpdate,
  })
  return viewOf(actor, doc, group, documentAccess(actor.user, doc, group, undefined, officeClock(deps)))
}

/** The group a new draft goes into, if the caller may create drafts there (its conveners); 403 otherwise. */
export async function creatableGroup(deps: Deps, actor: Actor, groupId: string): Promise<Group> {
  const group = await deps.metadata.getGroup(groupId)
  if (!group || !canCreateDocumentIn(actor.user, group)) {
    throw forbidden('only a convener of the group may create its drafts', 'create_forbidden')
  }
  return group
}

/** The first update of a new draft holding `content`. */
export async function templateUpdate(content: JsonNode): Promise<Uint8Array> {
  const ydoc = (await proseMirror()).toYDoc(content)
  const update = Y.encodeStateAsUpdate(ydoc)
  ydoc.destroy()
  return update
}

/**
 * Every new draft, from a template or a Word file: its record, the audited creation, and its first
 * content, stored before anyone can open it.
 */
export async function startDocument(
  deps: Deps,
  actor: Actor,
  group: Group,
  start: { title: string; kind: DocumentKind; details: string; firstUpdate: Uint8Array | null; recipients?: string },
): Promise<DocumentMeta> {
  const now = new Date().toISOString()
  const doc = await deps.metadata.createDocument({
    id: newId(),
    title: start.title,
    groupId: group.id,
    kind: start.kind,
    status: 'draft',
    createdAt: now,
    updatedAt: now,
    ...(start.recipients !== undefined ? { recipients: start.recipients } : {}),
  })
  await documentAudit(deps, actor, doc.id, 'create', start.details)
  if (start.firstUpdate) await deps.content.append(doc.id, [start.firstUpdate])
  return doc
}

export async function renameDocument(deps: Deps, actor: Actor, id: string, title: string): Promise<DocumentView> {
  const { access } = await readable(deps, actor, id)
  if (!access.manage) throw forbidden('only a convener of the group may rename its drafts', 'convener_only')
  const { doc: before } = await readable(deps, actor, id)
  await refuseIfFinal(deps, access, id, 'renamed', 'approved_rename')
  const doc = await deps.metadata.updateDocument(id, { title, updatedAt: new Date().toISOString() })
  if (!doc) throw notFound('document')
  await documentAudit(deps, actor, id, 'rename', writeRenameDetails(before.title, title))
  return view(deps, actor, doc, access)
}

/** Why a kind stays as it is: each a code the client words (reason.*), and Chinese first for logs and scripts. */
const kindRefusals = {
  notDraft: (status: string) =>
    conflict(`只有起草中的文稿可以更改文种 / the kind changes only while the document is a draft; it is ${status}`, {
      reason: 'kind_not_draft',
      params: { state: status },
    }),
  history: () =>
    conflict('这份建议案已有送审记录，不能改为其他文种 / a proposal that was submitted keeps its kind', {
      reason: 'kind_has_history',
    }),
  linked: () =>
    conflict('这份纪要关联着调研活动安排中的一项活动，不能改为其他文种 / minutes linked to an activity stay minutes', {
      reason: 'kind_minutes_linked',
    }),
}

/**
 * 改文种: the draft becomes another kind, its text untouched (a template applies only at creation).
 * Its conveners, while it is 起草中 (policy.ts canChangeKind); 409 for a 建议案 that was submitted
 * in an earlier round (its submissions, approvals and 报送 belong to a 建议案), and for a 纪要 the
 * schedule links to (the schedule's 打开纪要 would open something else; removing the activity, or
 * writing another document, is the way out). Done under the document's lock, so that an approval
 * or a reopening does not interleave. Open editors are told to ask for the workflow again: the
 * 送审 bar comes or goes with the kind.
 */
export async function changeKind(deps: Deps, actor: Actor, id: string, kind: DocumentKind): Promise<DocumentView> {
  const { access } = await readable(deps, actor, id)
  if (!access.manage)
    throw forbidden('只有调研组组长可以更改文种 / only a convener of the group may change the kind', 'convener_only')
  const changed = await deps.metadata.lockDocument(id, async () => {
    const { doc: before } = await readable(deps, actor, id)
    const from = kindOf(before)
    if (!canChangeKind(access, before.status)) throw kindRefusals.notDraft(before.status)
    if (from === kind) return null
    if ((await deps.metadata.listSubmissions(id)).length > 0) throw kindRefusals.history()
    const activities = from === 'minutes' ? await deps.metadata.listActivities(before.groupId) : []
    if (activities.some((activity) => activity.minutesId === id)) throw kindRefusals.linked()
    const doc = await deps.metadata.updateDocument(id, { kind, updatedAt: new Date().toISOString() })
    if (!doc) throw notFound('document')
    await documentAudit(deps, actor, id, 'kind_change', writeKindChangeDetails(from, kind))
    return doc
  })
  if (!changed) return getDocument(deps, actor, id)
  await deps.sockets.broadcast(id, { type: 'workflow' })
  return view(deps, actor, changed, access)
}

/** Deletes the draft: its open sockets are closed as for an unknown document, then its content removed. */
export async function deleteDocument(deps: Deps, actor: Actor, id: string): Promise<void> {
  const { access } = await readable(deps, actor, id)
  if (!access.manage) throw forbidden('only a convener of the group may delete its drafts', 'convener_only')
  const { doc } = await readable(deps, actor, id)
  await refuseIfFinal(deps, access, id, 'deleted', 'approved_delete')
  if (!(await deps.metadata.deleteDocument(id))) throw notFound('document')
  // The chain outlives the document, and `npm run audit:verify` still checks it.
  await documentAudit(deps, actor, id, 'delete', doc.title)
  await deps.sockets.closeDocument(id, CloseCode.notFound, 'document deleted')
  await deps.content.delete(id)
}

const documentAudit = (deps: Deps, actor: Actor, id: string, action: AuditInput['action'], details: string) =>
  appendAudit(deps, id, { action, actorId: actor.user.id, versionNumber: null, contentHash: null, details })

/** An approved document is the record of a decision: it is neither renamed nor deleted until reopened. */
async function refuseIfFinal(
  deps: Deps,
  access: DocumentAccess,
  id: string,
  what: string,
  reason: ErrorReason,
): Promise<void> {
  const doc = await deps.metadata.getDocument(id)
  if (doc && !canRenameOrDelete(access, doc.status))
    throw conflict(`an approved document cannot be ${what}; the chair must reopen it first`, { reason })
}

/**
 * Every permission rule in one place. Routes and the websocket ask here; nothing else decides
 * who may do what. Access to a document that a user may not read is reported as "not found".
 */
import type {
  DocumentAbilities,
  DocumentAccess,
  DocumentMeta,
  DocumentStatus,
  Group,
  User,
  UserAbilities,
} from '../shared/schema.js'
import type { DocumentKind } from '../shared/document-kinds.js'
import { officeDate } from '../shared/office-time.js'
import { isEditable, transition, workflowActions, type WorkflowAction, type WorkflowRole } from '../shared/workflow.js'
import type { StoredInvitation } from './store/types.js'

/** The signed-in user a request or socket acts for. */
export interface Actor {
  user: User
  /** Hash of the session id: lets "end my other sessions" keep this one. */
  sessionIdHash: string
}

const none: DocumentAccess = { read: false, edit: false, comment: false, manage: false }

/** Whether the user belongs to the group as a member (conveners included). */
export const isMember = (group: Group, userId: string): boolean => group.members.some((m) => m.userId === userId)
/** Whether the user convenes the group (组长). */
export const isConvener = (group: Group, userId: string): boolean =>
  group.members.some((m) => m.userId === userId && m.convener)

/**
 * When a rule depends on the day: the instant it is asked at, and the office's zone (TIME_ZONE) in
 * which that instant is read. Passed in by the caller, so that the rules stay pure and the host's
 * own zone never decides anything.
 */
export interface OfficeClock {
  now: Date
  timeZone: string
}

/**
 * An invitation holds through the whole of its `until` day on the office's clock: until 2026-12-05
 * in Asia/Shanghai ends at 2026-12-06 00:00 there (2026-12-05 16:00 UTC), whatever zone the host
 * runs in — the day the convener picked and the client shows as the last one. Comparing days, not
 * adding 24 hours to an instant, keeps a day that daylight saving lengthens or shortens whole.
 */
export function invitationHolds(invitation: StoredInvitation | undefined, clock: OfficeClock): boolean {
  if (!invitation) return false
  if (invitation.until === null) return true
  return officeDate(clock.now, clock.timeZone) <= invitation.until
}

/**
 * What a user may do with one document of `group`.
 * - member of the group: read, edit, comment; a convener also manages (rename, delete, invite)
 * - chair assigned to the group: read and comment, never edit
 * - secretary assigned to the group: read once the document is approved
 * - commenter invited to this document (through its last day, on the office's clock): read and comment
 * - admin, and everyone else: nothing (an admin manages accounts, not content)
 * Nobody edits a document whose status is final.
 */
export function documentAccess(
  user: User,
  doc: DocumentMeta,
  group: Group | null,
  invitation: StoredInvitation | undefined,
  clock: OfficeClock,
): DocumentAccess {
  if (!user.active || !group || group.id !== doc.groupId) return none
  const editable = isEditable(doc.status)
  switch (user.role) {
    case 'member':
      if (!isMember(group, user.id)) return none
      return { read: true, edit: editable, comment: true, manage: isConvener(group, user.id) }
    case 'chair':
      return group.chairIds.includes(user.id) ? { read: true, edit: false, comment: true, manage: false } : none
    case 'secretary':
      return group.secretaryIds.includes(user.id) && doc.status === 'approved'
        ? { read: true, edit: false, comment: false, manage: false }
        : none
    case 'commenter':
      return invitation?.userId === user.id && invitation.documentId === doc.id && invitationHolds(invitation, clock)
        ? { read: true, edit: false, comment: true, manage: false }
        : none
    case 'admin':
      return none
  }
}

/** Creating a draft in a group: its conveners. */
export const canCreateDocumentIn = (user: User, group: Group): boolean =>
  user.active && user.role === 'member' && isConvener(group, user.id)

/** Managing users and groups: admins. */
export const canAdminister = (user: User): boolean => user.active && user.role === 'admin'

/** Seeing a group's page (members and drafts): its members, chairs and secretaries, and admins. */
export const canViewGroup = (user: User, group: Group): boolean =>
  user.active &&
  (user.role === 'admin' ||
    (user.role === 'member' && isMember(group, user.id)) ||
    (user.role === 'chair' && group.chairIds.includes(user.id)) ||
    (user.role === 'secretary' && group.secretaryIds.includes(user.id)))

/**
 * Keeping a group's investigation space (调研课题): naming its topic and keeping its schedule of
 * activities — the group's own members (conveners among them). Chairs and secretaries read it.
 */
export const canKeepGroupSpace = (user: User, group: Group): boolean =>
  user.active && user.role === 'member' && isMember(group, user.id)

/**
 * A group's 调研材料: its members (conveners included) read, add and remove them; everyone else
 * reads them exactly when they may read one of the group's documents (`accesses`, their
 * documentAccess to each): the chair, the secretary once a document is approved, a commenter while
 * an invitation to one of them holds. Nobody else learns they exist (an admin manages accounts, not content).
 */
export function materialAccess(
  user: User,
  group: Group,
  accesses: DocumentAccess[],
): { read: boolean; change: boolean } {
  if (!user.active) return { read: false, change: false }
  const change = user.role === 'member' && isMember(group, user.id)
  return { read: change || accesses.some((access) => access.read), change }
}

/** Editing or deleting a comment: its author only, whatever else they may do. */
export const canChangeComment = (user: User, comment: { authorId: string }): boolean =>
  user.active && comment.authorId === user.id

/** Resolving or reopening a thread: its author, the group's conveners, and the chair. */
export const canResolveThread = (user: User, access: DocumentAccess, thread: { authorId: string }): boolean =>
  thread.authorId === user.id ? access.comment : canResolveAnyThread(user, access)

/** Resolving or reopening anyone's thread: the group's conveners and the chair. */
const canResolveAnyThread = (user: User, access: DocumentAccess): boolean =>
  access.comment && (access.manage || user.role === 'chair')

/**
 * Renaming or deleting a document: the group's conveners, and not while it is approved — an
 * approved document is the record of a decision until the chair reopens it.
 */
export const canRenameOrDelete = (access: DocumentAccess, status: DocumentStatus): boolean =>
  access.manage && isEditable(status)

/**
 * 改文种 (a 调研报告 becoming a 调研方案…): whoever may rename it (its conveners), and only while it
 * is 起草中 — a submitted, returned or approved document is a 建议案 in the middle of or at the end
 * of its 送审. The domain refuses too a 建议案 whose 送审 history (an earlier round, before a
 * reopening) would lose its kind, and a 纪要 the schedule links to (docs/document-kinds.md).
 */
export const canChangeKind = (access: DocumentAccess, status: DocumentStatus): boolean =>
  access.manage && status === 'draft'

/** Recording how an opinion was handled (意见处理): the group's conveners. */
export const canDispose = (access: DocumentAccess): boolean => access.manage

/**
 * Proposing a change (修订): whoever may comment, while the text may still change — an approved
 * document is the record of a decision and takes no new proposals. Suggestions travel through the
 * API; a read-only socket stays read-only.
 */
export const canSuggest = (access: DocumentAccess, status: DocumentStatus): boolean =>
  access.comment && isEditable(status)

/** Whether the editor offers only 修订 (no direct edits): those who may suggest but not edit. */
export const mustSuggest = (access: DocumentAccess, status: DocumentStatus): boolean =>
  canSuggest(access, status) && !access.edit

/** Accepting or rejecting anyone's suggestion: those who may edit the text (the members, conveners included). */
export const canDecideSuggestion = (access: DocumentAccess): boolean => access.edit

/**
 * Taking a returned draft in (导入修订稿: a .docx's revisions and comments become suggestions and
 * threads): those who may decide suggestions, while the document is not approved — whoever would
 * have to accept or reject what the import proposes.
 */
export const canImportReturnedDraft = (access: DocumentAccess, status: DocumentStatus): boolean =>
  canDecideSuggestion(access) && isEditable(status)

/**
 * Whom a returned draft may be attributed to as an account (导入修订稿's 来自): a commenter invited
 * to the document, while the invitation holds (their `access` to it). Anyone else is an outside unit.
 */
export const canSendReturnedDraft = (user: User, access: DocumentAccess): boolean =>
  user.active && user.role === 'commenter' && access.comment

/** Changing or withdrawing a suggestion: its author only, while it is open and they may still suggest. */
export const canChangeSuggestion = (
  user: User,
  access: DocumentAccess,
  status: DocumentStatus,
  thread: { authorId: string },
): boolean => thread.authorId === user.id && canSuggest(access, status)

/** The workflow role a user plays on a document (shared/workflow.ts), or null when they have none. */
export function workflowRole(user: User, access: DocumentAccess): WorkflowRole | null {
  if (!access.read) return null
  if (user.role === 'member') return access.manage ? 'convener' : 'member'
  return user.role
}

/** Exporting the approved text as the official submission: the secretary and the chair. */
export const canExportApproved = (user: User, access: DocumentAccess): boolean =>
  access.read && (user.role === 'secretary' || user.role === 'chair')

/** Exporting any version as a marked draft (草稿 / 征求意见稿, redlines): the group's members. */
export const canExportDraft = (user: User, access: DocumentAccess): boolean => access.read && user.role === 'member'

/** A redline (修订对照) of two versions: whoever may export drafts or the approved text. */
export const canExportRedline = (user: User, access: DocumentAccess): boolean =>
  canExportDraft(user, access) || canExportApproved(user, access)

/** 意见采纳情况表: the group's conveners and the chair. */
export const canExportOpinionTable = (user: User, access: DocumentAccess): boolean =>
  access.read && (access.manage || user.role === 'chair')

/** Who keeps the submission register (报送登记) at all: secretaries. */
const keepsRegister = (user: User): boolean => user.active && user.role === 'secretary'

/** Keeping the submission register (报送登记): secretaries, for documents they may read. */
export const canKeepRegister = (user: User, access: DocumentAccess): boolean => access.read && keepsRegister(user)

/** Reading the register: secretaries and chairs. */
export const canReadRegister = (user: User): boolean =>
  user.active && (user.role === 'secretary' || user.role === 'chair')

/**
 * Reading a document's 办理跟踪 (领导批示, 转办, 办理反馈, 成果转化): the group's members, chairs and
 * secretaries who may read the document; an invited commenter and everyone else never learn of it (404).
 */
export const canReadFollowUp = (user: User, access: DocumentAccess): boolean =>
  access.read && user.active && (user.role === 'member' || user.role === 'chair' || user.role === 'secretary')

/**
 * Recording or removing 办理跟踪 entries: the register keepers (the group's secretaries, see
 * canKeepRegister), on a document that has been sent (has a 报送登记 entry).
 */
export const canRecordFollowUp = (user: User, access: DocumentAccess, sent: boolean): boolean =>
  sent && canReadFollowUp(user, access) && canKeepRegister(user, access)

/** Whose inbox lists 待跟踪 (sent 建议案 with neither 批示 nor 办理反馈 after FOLLOW_UP_DAYS): secretaries. */
export const tracksFollowUp = (user: User): boolean => keepsRegister(user)

/**
 * 年度统计 (counts over a year's 建议案, no text): chairs and secretaries, over the groups they serve
 * (servesGroup). An admin manages accounts, not content, and gets none.
 */
export const canReadStatistics = (user: User): boolean =>
  user.active && (user.role === 'chair' || user.role === 'secretary')

/** The groups a chair or secretary serves: those they are assigned to. */
export const servesGroup = (user: User, group: Group): boolean =>
  (user.role === 'chair' && group.chairIds.includes(user.id)) ||
  (user.role === 'secretary' && group.secretaryIds.includes(user.id))

/** The 待审定 inbox: chairs, who decide what is submitted in their groups. */
const hasInbox = (user: User): boolean => user.active && user.role === 'chair'

/**
 * The workflow steps (shared/workflow.ts) the user may take on a document in `status` now: none on a
 * kind that is never submitted (调研报告, 座谈会纪要, 调研方案).
 */
export function workflowActionsOf(
  user: User,
  access: DocumentAccess,
  status: DocumentStatus,
  kind: DocumentKind,
): WorkflowAction[] {
  const role = workflowRole(user, access)
  return role ? workflowActions.filter((action) => transition(status, action, role, kind).ok) : []
}

/**
 * What the UI may offer on one document beyond `access`, each answer one of the rules above, so
 * the client shows and hides by these booleans and never re-derives a rule. The server checks again.
 */
export function documentAbilities(
  user: User,
  access: DocumentAccess,
  group: Group | null,
  status: DocumentStatus,
): DocumentAbilities {
  return {
    rename: canRenameOrDelete(access, status),
    delete: canRenameOrDelete(access, status),
    changeKind: canChangeKind(access, status),
    exportDraft: canExportDraft(user, access),
    exportApproved: canExportApproved(user, access),
    exportRedline: canExportRedline(user, access),
    exportOpinionTable: canExportOpinionTable(user, access),
    keepRegister: canKeepRegister(user, access),
    resolveOwnThreads: canResolveThread(user, access, { authorId: user.id }),
    resolveAnyThread: canResolveAnyThread(user, access),
    dispose: canDispose(access),
    suggest: canSuggest(access, status),
    suggestOnly: mustSuggest(access, status),
    decideSuggestions: canDecideSuggestion(access),
    importReturnedDraft: canImportReturnedDraft(access, status),
    followUp: canReadFollowUp(user, access),
    viewGroup: group !== null && canViewGroup(user, group),
  }
}

/** What the UI may offer the user outside any one document (header links, admin pages). */
export function userAbilities(user: User): UserAbilities {
  return {
    administer: canAdminister(user),
    readRegister: canReadRegister(user),
    keepRegister: keepsRegister(user),
    inbox: hasInbox(user),
    followUpInbox: tracksFollowUp(user),
    statistics: canReadStatistics(user),
  }
}

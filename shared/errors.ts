/**
 * The closed set of error codes the API answers with, the closed set of reasons that say more
 * precisely why, and the error body's shape. The client reads code and reason, never the message.
 */
import { z } from 'zod'

export const ErrorCode = z.enum([
  'invalid_input',
  'not_found',
  'forbidden',
  'unauthenticated',
  /** The right password of a disabled account: 403, so the person knows to ask an administrator. */
  'account_disabled',
  'conflict',
  /** The document's workflow state moved (another approval, return or reopening came first): reload and look again. */
  'workflow_conflict',
  'rate_limited',
  /** A document has as many comment threads as allowed (MAX_THREADS_PER_DOCUMENT). */
  /** The approval already has a register entry: correct it rather than registering it again. */
  'already_registered',
  'too_many_threads',
  /** A thread has as many comments as allowed (MAX_COMMENTS_PER_THREAD). */
  'too_many_comments',
  /** A comment was edited as often as allowed (MAX_COMMENT_EDITS). */
  'too_many_edits',
  /** A request body over its limit (MAX_JSON_BODY_BYTES, MAX_UPLOAD_BYTES): 413. */
  'too_large',
  'internal',
  /** A comparison or export larger than the server takes on. */
  'export_too_large',
  /** A comparison or export that took longer than the server allows. */
  'export_timeout',
])
export type ErrorCode = z.infer<typeof ErrorCode>

/**
 * Why a request was refused, where the code alone does not say it: each reason is a sentence in
 * the client's catalogue (`reason.<reason>`, zh-CN and en), filled from the error's `params`.
 * Params named `field`, `action`, `state`, `role` and `kind` hold names the client translates too.
 */
export const ErrorReason = z.enum([
  // ── validation (server/http/validation.ts), `field` naming the input ──
  /** A required input is missing or empty. */
  'required',
  /** Longer than `max` characters. */
  'too_long',
  /** Shorter than `min` characters. */
  'too_short',
  /** More than `max` items. */
  'too_many',
  /** Fewer than `min` items. */
  'too_few',
  /** A number above `max`. */
  'number_too_large',
  /** A number below `min`. */
  'number_too_small',
  /** Not of the accepted form. */
  'invalid',
  /** A username with other characters than a–z, 0–9, . _ - (or not starting and ending with a letter or digit). */
  'username_format',
  /** A change that changes nothing. */
  'nothing_to_change',
  /** The request body is not JSON. */
  'malformed_body',
  /** The title is still the template's 关于……的建议案. */
  'title_placeholder',
  // ── signing in and accounts ──
  'sign_in_first',
  'wrong_credentials',
  'current_password_wrong',
  'cross_site',
  'admin_only',
  /** `username` is taken. */
  'username_taken',
  'cannot_disable_self',
  /** `name` is not of `role`. */
  'wrong_role',
  'listed_twice',
  /** `username` is not a commenter account. */
  'not_commenter',
  /** Only the group's own members keep its investigation space (topic, activities). */
  'group_members_only',
  /** The activity's 纪要 exists already: open it rather than start a second. */
  'minutes_exist',
  // ── documents ──
  'create_forbidden',
  'convener_only',
  'approved_rename',
  'approved_delete',
  /** 改文种 only while the document is 起草中 (draft): `state` names where it stands. */
  'kind_not_draft',
  /** A 建议案 that was once submitted (its 送审/审定 history) keeps its kind. */
  'kind_has_history',
  /** A 座谈会纪要 written for an activity of the schedule stays a 纪要 while that link holds. */
  'kind_minutes_linked',
  'approved_restore',
  'save_version_forbidden',
  'restore_forbidden',
  // ── comments ──
  'cannot_comment',
  'anchor_invalid',
  'anchor_empty',
  'anchor_not_synced',
  'comment_author_only',
  'comment_deleted',
  'resolve_forbidden',
  'dispose_forbidden',
  // ── suggestions (修订) ──
  /** May read but not propose changes. */
  'suggest_forbidden',
  /** An approved document takes no new suggestions and no decisions on them until it is reopened. */
  'approved_suggestion',
  /** A suggestion's words must lie in one paragraph. */
  'suggestion_spans_paragraphs',
  /** Only its author changes or withdraws a suggestion. */
  'suggestion_author_only',
  /** The suggestion was accepted, rejected or withdrawn already. */
  'suggestion_not_open',
  /** Only those who may edit the text accept or reject suggestions. */
  'decide_forbidden',
  /** The words the suggestion would change were deleted: it can only be rejected. */
  'suggestion_detached',
  /** A suggestion is settled by accepting, rejecting or withdrawing it, not by resolving it. */
  'suggestion_resolution',
  // ── workflow (`action`: submit, approve, return, reopen; `state`: draft, submitted, returned, approved) ──
  'workflow_role',
  'workflow_state',
  /** Only a 建议案 is submitted and approved; `kind` names the document's kind (调研报告, 座谈会纪要, 调研方案). */
  'workflow_kind',
  'submission_pending',
  'no_pending_submission',
  // ── exports and the register ──
  'export_approved_forbidden',
  'export_draft_forbidden',
  'export_redline_forbidden',
  'no_approved_version',
  'redline_order',
  'opinion_table_forbidden',
  /** 年度统计 is for chairs and secretaries. */
  'statistics_forbidden',
  'register_forbidden',
  'register_read_forbidden',
  'register_not_approved',
  /** Only a 建议案 is sent out and registered (报送); `kind` names the document's kind. */
  'register_kind',
  'register_corrected',
  // ── Word files brought in (server/import) ──
  /** The upload is not a .docx. */
  'not_docx',
  /** A password-protected .docx or an old .doc. */
  'docx_encrypted',
  /** A damaged .docx. */
  'docx_corrupt',
  /** A .docx that unpacks to more than the server takes (a zip bomb, or too many parts). */
  'docx_unpacks_too_large',
  // ── returned drafts (导入修订稿) ──
  /** Only those who may decide suggestions on a document not approved take a returned draft in. */
  'returned_draft_forbidden',
  /** Say from whom: a commenter's account (fromUserId) or an outside unit (fromUnit), exactly one. */
  'returned_draft_from',
  /** `fromUserId` is not a commenter invited to this document. */
  'not_invited_commenter',
  /** The draft kept changing while the returned draft was placed in it. */
  'returned_draft_busy',
  // ── 调研材料 ──
  /** Only the group's members add and remove materials. */
  'materials_forbidden',
  /** The upload is none of PDF, DOCX, XLSX, PNG, JPEG (by its content, whatever its name). */
  'material_type',
  /** The uploaded file has no bytes. */
  'file_empty',
  // ── 办理跟踪 (follow-up of a sent 建议案) ──
  /** Only the group's secretaries record or remove 批示, 转办, 办理反馈 and 成果转化. */
  'follow_up_forbidden',
  /** Nothing is recorded on a document before it is sent (报送登记). */
  'follow_up_not_sent',
  /** A file is none of PDF, PNG, JPEG (by its content, whatever its name). */
  'follow_up_type',
  /** Only a 领导批示 or a 办理反馈 carries a file. */
  'follow_up_no_file',
])
export type ErrorReason = z.infer<typeof ErrorReason>

/** What a reason's sentence is filled with: numbers, and names (a field, an action, a state, a role) the client translates. */
export const ErrorParams = z.record(z.string(), z.union([z.string(), z.number()]))
export type ErrorParams = z.infer<typeof ErrorParams>

/** Every non-2xx JSON answer has this body; `field` names the offending input where there is one. */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    /** For logs and scripts, in English; people read the catalogue's sentence for code and reason. */
    message: z.string(),
    field: z.string().optional(),
    reason: ErrorReason.optional(),
    params: ErrorParams.optional(),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBody>

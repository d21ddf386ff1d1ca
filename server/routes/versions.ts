/** /api/documents/:id/versions, /workflow, /audit; /api/inbox; /api/notifications. */
import { createRoute } from '@hono/zod-openapi'
import type { ZodType } from 'zod'
import {
  ApproveBody,
  AuditLog,
  CreateVersionBody,
  Diff,
  DiffQuery,
  DocumentParams,
  Inbox,
  MarkNotificationsReadBody,
  NotificationList,
  ReopenBody,
  ReturnBody,
  Submission,
  SubmitBody,
  Version,
  VersionContent,
  VersionList,
  VersionParams,
  WorkflowView,
} from '../../shared/schema.js'
import { verifyDocumentAudit } from '../domain/audit.js'
import type { Deps } from '../domain/deps.js'
import { readable } from '../domain/documents.js'
import * as followUp from '../domain/follow-up.js'
import * as notifications from '../domain/notifications.js'
import * as versions from '../domain/versions.js'
import * as workflow from '../domain/workflow.js'
import { requireActor } from '../http/session.js'
import { errors, exportErrors, json, jsonBody, routes } from './openapi.js'

const list = createRoute({
  method: 'get',
  path: '/documents/{id}/versions',
  tags: ['versions'],
  summary: 'Every version of a document, and what the workflow did with each (submitted, returned, approved)',
  request: { params: DocumentParams },
  responses: { 200: json(VersionList, 'The versions'), 401: errors[401], 404: errors[404] },
})

const create = createRoute({
  method: 'post',
  path: '/documents/{id}/versions',
  tags: ['versions'],
  summary: 'Save a named version of the live draft (those who may edit)',
  request: { params: DocumentParams, ...jsonBody(CreateVersionBody) },
  responses: {
    201: json(Version, 'The new version'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
  },
})

const get = createRoute({
  method: 'get',
  path: '/documents/{id}/versions/{number}',
  tags: ['versions'],
  summary: 'One version with its content (read-only)',
  request: { params: VersionParams },
  responses: { 200: json(VersionContent, 'The version'), 401: errors[401], 404: errors[404] },
})

const diff = createRoute({
  method: 'get',
  path: '/documents/{id}/diff',
  tags: ['versions'],
  summary: 'Character-level difference between two versions, or a version and the live draft (to=live)',
  request: { params: DocumentParams, query: DiffQuery },
  responses: {
    200: json(Diff, 'The difference'),
    400: errors[400],
    401: errors[401],
    404: errors[404],
    ...exportErrors,
  },
})

const restore = createRoute({
  method: 'post',
  path: '/documents/{id}/versions/{number}/restore',
  tags: ['versions'],
  summary: 'Make the live draft this version’s content, as one new change (those who may edit)',
  request: { params: VersionParams },
  responses: {
    201: json(Version, 'The automatic version recording the restore'),
    401: errors[401],
    403: errors[403],
    404: errors[404],
  },
})

const workflowGet = createRoute({
  method: 'get',
  path: '/documents/{id}/workflow',
  tags: ['workflow'],
  summary: 'Where the document stands: status, submission, approval, whether the draft moved since',
  request: { params: DocumentParams },
  responses: { 200: json(WorkflowView, 'The workflow'), 401: errors[401], 404: errors[404] },
})

const decision = <P extends string, T extends ZodType>(path: P, summary: string, body: T) =>
  createRoute({
    method: 'post',
    path: `/documents/{id}/workflow/${path}`,
    tags: ['workflow'],
    summary,
    request: { params: DocumentParams, ...jsonBody(body) },
    responses: { 200: json(Submission, 'The submission'), ...errors },
  })

const submit = decision(
  'submit',
  '送审: submit a saved version as it is, or the live draft, to the chair with a note (conveners)',
  SubmitBody,
)
const approve = decision(
  'approve',
  '审定通过: approve the pending submission (the chair); locks the document',
  ApproveBody,
)
const returnRoute = decision(
  'return',
  '退回修改: return the pending submission with an opinion (the chair)',
  ReturnBody,
)

const reopen = createRoute({
  method: 'post',
  path: '/documents/{id}/workflow/reopen',
  tags: ['workflow'],
  summary: 'Reopen an approved document for a new drafting round (the chair); logged',
  request: { params: DocumentParams, ...jsonBody(ReopenBody) },
  responses: { 204: { description: 'Reopened' }, ...errors },
})

const audit = createRoute({
  method: 'get',
  path: '/documents/{id}/audit',
  tags: ['audit'],
  summary: 'The audit log of a document, verified',
  request: { params: DocumentParams },
  responses: { 200: json(AuditLog, 'The log and whether its chain holds'), 401: errors[401], 404: errors[404] },
})

const inbox = createRoute({
  method: 'get',
  path: '/inbox',
  tags: ['workflow'],
  summary:
    '待审定: submissions awaiting the caller’s decision; 待跟踪: sent proposals without 批示 or 办理反馈 (secretaries)',
  responses: { 200: json(Inbox, 'Pending submissions'), 401: errors[401] },
})

const notificationList = createRoute({
  method: 'get',
  path: '/notifications',
  tags: ['notifications'],
  summary: 'The caller’s notifications and the unread count',
  responses: { 200: json(NotificationList, 'Notifications'), 401: errors[401] },
})

const notificationsRead = createRoute({
  method: 'post',
  path: '/notifications/read',
  tags: ['notifications'],
  summary: 'Mark notifications read',
  request: jsonBody(MarkNotificationsReadBody),
  responses: { 204: { description: 'Marked' }, 400: errors[400], 401: errors[401] },
})

export function versionRoutes(deps: Deps) {
  return routes()
    .openapi(list, async (c) =>
      c.json(await versions.listVersions(deps, requireActor(c), c.req.valid('param').id), 200),
    )
    .openapi(create, async (c) => {
      const actor = requireActor(c)
      return c.json(await versions.saveVersion(deps, actor, c.req.valid('param').id, c.req.valid('json').label), 201)
    })
    .openapi(get, async (c) => {
      const { id, number } = c.req.valid('param')
      return c.json(await versions.getVersion(deps, requireActor(c), id, number), 200)
    })
    .openapi(diff, async (c) => {
      const actor = requireActor(c)
      const { from, to } = c.req.valid('query')
      return c.json(await versions.diffVersions(deps, actor, c.req.valid('param').id, from, to), 200)
    })
    .openapi(restore, async (c) => {
      const { id, number } = c.req.valid('param')
      return c.json(await versions.restoreVersion(deps, requireActor(c), id, number), 201)
    })
    .openapi(workflowGet, async (c) =>
      c.json(await workflow.workflowView(deps, requireActor(c), c.req.valid('param').id), 200),
    )
    .openapi(submit, async (c) => {
      const actor = requireActor(c)
      return c.json(await workflow.submit(deps, actor, c.req.valid('param').id, c.req.valid('json')), 200)
    })
    .openapi(approve, async (c) => {
      const actor = requireActor(c)
      const { opinion } = c.req.valid('json')
      return c.json(await workflow.approve(deps, actor, c.req.valid('param').id, opinion), 200)
    })
    .openapi(returnRoute, async (c) => {
      const actor = requireActor(c)
      const { opinion } = c.req.valid('json')
      return c.json(await workflow.returnSubmission(deps, actor, c.req.valid('param').id, opinion), 200)
    })
    .openapi(reopen, async (c) => {
      await workflow.reopen(deps, requireActor(c), c.req.valid('param').id, c.req.valid('json').reason)
      return c.body(null, 204)
    })
    .openapi(audit, async (c) => {
      const { id } = c.req.valid('param')
      await readable(deps, requireActor(c), id)
      const { entries, check } = await verifyDocumentAudit(deps, id)
      return c.json({ entries, verified: check.ok, problem: check.problem }, 200)
    })
    .openapi(inbox, async (c) => {
      const actor = requireActor(c)
      const [submissions, followUps] = await Promise.all([
        workflow.inbox(deps, actor),
        followUp.dueFollowUps(deps, actor),
      ])
      return c.json({ submissions, followUps }, 200)
    })
    .openapi(notificationList, async (c) => c.json(await notifications.listNotifications(deps, requireActor(c)), 200))
    .openapi(notificationsRead, async (c) => {
      await notifications.markRead(deps, requireActor(c), c.req.valid('json').ids)
      return c.body(null, 204)
    })
}

/** /api/groups/:id/topic and /api/groups/:id/activities: a group's investigation space (调研课题). */
import { createRoute } from '@hono/zod-openapi'
import { ActivityBody, ActivityList, ActivityParams, Activity, TopicBody } from '../../shared/investigation.js'
import { Group, GroupParams } from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import * as space from '../domain/investigation.js'
import { requireActor } from '../http/session.js'
import { errors, json, jsonBody, routes } from './openapi.js'

const setTopic = createRoute({
  method: 'put',
  path: '/groups/{id}/topic',
  tags: ['investigation'],
  summary: "Name what the group investigates (调研课题; the group's members)",
  request: { params: GroupParams, ...jsonBody(TopicBody) },
  responses: { 200: json(Group, 'The group'), ...errors },
})

const list = createRoute({
  method: 'get',
  path: '/groups/{id}/activities',
  tags: ['investigation'],
  summary: "The group's schedule of activities (调研活动), by date",
  request: { params: GroupParams },
  responses: { 200: json(ActivityList, 'The activities'), 401: errors[401], 404: errors[404] },
})

const add = createRoute({
  method: 'post',
  path: '/groups/{id}/activities',
  tags: ['investigation'],
  summary: "Add a visit or 座谈会 to the schedule (the group's members)",
  request: { params: GroupParams, ...jsonBody(ActivityBody) },
  responses: { 201: json(Activity, 'The new activity'), ...errors },
})

const change = createRoute({
  method: 'put',
  path: '/groups/{id}/activities/{activityId}',
  tags: ['investigation'],
  summary: "Change an activity (the group's members)",
  request: { params: ActivityParams, ...jsonBody(ActivityBody) },
  responses: { 200: json(Activity, 'The activity'), ...errors },
})

const remove = createRoute({
  method: 'delete',
  path: '/groups/{id}/activities/{activityId}',
  tags: ['investigation'],
  summary: "Remove an activity from the schedule (the group's members)",
  request: { params: ActivityParams },
  responses: { 204: { description: 'Removed' }, 401: errors[401], 403: errors[403], 404: errors[404] },
})

const minutes = createRoute({
  method: 'post',
  path: '/groups/{id}/activities/{activityId}/minutes',
  tags: ['investigation'],
  summary: "Start the activity's 座谈会纪要, its header lines filled in (the group's conveners)",
  request: { params: ActivityParams },
  responses: { 201: json(Activity, 'The activity, with the id of its 纪要'), ...errors },
})

export function investigationRoutes(deps: Deps) {
  return routes()
    .openapi(setTopic, async (c) =>
      c.json(await space.setTopic(deps, requireActor(c), c.req.valid('param').id, c.req.valid('json').topic), 200),
    )
    .openapi(list, async (c) =>
      c.json({ activities: await space.listActivities(deps, requireActor(c), c.req.valid('param').id) }, 200),
    )
    .openapi(add, async (c) =>
      c.json(await space.addActivity(deps, requireActor(c), c.req.valid('param').id, c.req.valid('json')), 201),
    )
    .openapi(change, async (c) => {
      const { id, activityId } = c.req.valid('param')
      return c.json(await space.changeActivity(deps, requireActor(c), id, activityId, c.req.valid('json')), 200)
    })
    .openapi(minutes, async (c) => {
      const { id, activityId } = c.req.valid('param')
      return c.json(await space.startMinutes(deps, requireActor(c), id, activityId), 201)
    })
    .openapi(remove, async (c) => {
      const { id, activityId } = c.req.valid('param')
      await space.removeActivity(deps, requireActor(c), id, activityId)
      return c.body(null, 204)
    })
}

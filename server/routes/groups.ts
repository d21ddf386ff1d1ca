/** /api/groups: research groups (调研组). */
import { createRoute } from '@hono/zod-openapi'
import { CreateGroupBody, Group, GroupDetail, GroupList, GroupParams, UpdateGroupBody } from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import * as groups from '../domain/groups.js'
import { requireActor } from '../http/session.js'
import { errors, json, jsonBody, routes } from './openapi.js'

const list = createRoute({
  method: 'get',
  path: '/groups',
  tags: ['groups'],
  summary: 'Groups the caller belongs or is assigned to (administrators: all)',
  responses: { 200: json(GroupList, 'The groups'), 401: errors[401] },
})

const create = createRoute({
  method: 'post',
  path: '/groups',
  tags: ['groups'],
  summary: 'Form a group (administrators)',
  request: jsonBody(CreateGroupBody),
  responses: { 201: json(Group, 'The new group'), 400: errors[400], 401: errors[401], 403: errors[403] },
})

const get = createRoute({
  method: 'get',
  path: '/groups/{id}',
  tags: ['groups'],
  summary: "A group's page: its people and the drafts the caller may see",
  request: { params: GroupParams },
  responses: { 200: json(GroupDetail, 'The group'), 401: errors[401], 404: errors[404] },
})

const update = createRoute({
  method: 'patch',
  path: '/groups/{id}',
  tags: ['groups'],
  summary: 'Rename a group or set its members, conveners, chairs and secretaries (administrators)',
  request: { params: GroupParams, ...jsonBody(UpdateGroupBody) },
  responses: { 200: json(Group, 'The group'), ...errors },
})

export function groupRoutes(deps: Deps) {
  return routes()
    .openapi(list, async (c) => c.json({ groups: await groups.listGroups(deps, requireActor(c)) }, 200))
    .openapi(create, async (c) =>
      c.json(await groups.createGroup(deps, requireActor(c), c.req.valid('json').name), 201),
    )
    .openapi(get, async (c) => c.json(await groups.getGroupDetail(deps, requireActor(c), c.req.valid('param').id), 200))
    .openapi(update, async (c) => {
      const actor = requireActor(c)
      return c.json(await groups.updateGroup(deps, actor, c.req.valid('param').id, c.req.valid('json')), 200)
    })
}

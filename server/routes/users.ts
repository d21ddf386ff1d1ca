/** /api/users: accounts, managed by administrators. */
import { createRoute } from '@hono/zod-openapi'
import { CreateUserBody, ResetPasswordBody, UpdateUserBody, User, UserList, UserParams } from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import * as users from '../domain/users.js'
import { requireActor } from '../http/session.js'
import { errors, json, jsonBody, routes } from './openapi.js'

const list = createRoute({
  method: 'get',
  path: '/users',
  tags: ['users'],
  summary: 'Every user (administrators)',
  responses: { 200: json(UserList, 'The users'), 401: errors[401], 403: errors[403] },
})

const create = createRoute({
  method: 'post',
  path: '/users',
  tags: ['users'],
  summary: 'Create a user (administrators)',
  request: jsonBody(CreateUserBody),
  responses: {
    201: json(User, 'The new user'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    409: errors[409],
  },
})

const update = createRoute({
  method: 'patch',
  path: '/users/{id}',
  tags: ['users'],
  summary: 'Change display name, role or active flag (administrators); disabling ends every session',
  request: { params: UserParams, ...jsonBody(UpdateUserBody) },
  responses: { 200: json(User, 'The user'), ...errors },
})

const resetPassword = createRoute({
  method: 'post',
  path: '/users/{id}/password',
  tags: ['users'],
  summary: "Set a user's password (administrators); ends every session of that user",
  request: { params: UserParams, ...jsonBody(ResetPasswordBody) },
  responses: { 204: { description: 'Set' }, 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] },
})

export function userRoutes(deps: Deps) {
  return routes()
    .openapi(list, async (c) => c.json({ users: await users.listUsers(deps, requireActor(c)) }, 200))
    .openapi(create, async (c) => c.json(await users.createUser(deps, requireActor(c), c.req.valid('json')), 201))
    .openapi(update, async (c) => {
      const actor = requireActor(c)
      return c.json(await users.updateUser(deps, actor, c.req.valid('param').id, c.req.valid('json')), 200)
    })
    .openapi(resetPassword, async (c) => {
      const actor = requireActor(c)
      await users.resetPassword(deps, actor, c.req.valid('param').id, c.req.valid('json').password)
      return c.body(null, 204)
    })
}

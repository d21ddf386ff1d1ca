/** /api/auth: login, logout, who am I, change my password. */
import { createRoute } from '@hono/zod-openapi'
import { ChangePasswordBody, LoginBody, Me } from '../../shared/schema.js'
import type { Deps } from '../domain/deps.js'
import { endSession } from '../domain/sessions.js'
import { changeOwnPassword, login } from '../domain/users.js'
import { me } from '../domain/me.js'
import { clientAddress } from '../http/client-address.js'
import { clearSessionCookie, requireActor, setSessionCookie } from '../http/session.js'
import { errors, json, jsonBody, routes } from './openapi.js'

const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Sign in; sets the HttpOnly session cookie',
  request: jsonBody(LoginBody),
  responses: { 200: json(Me, 'Signed in'), 400: errors[400], 401: errors[401], 429: errors[429] },
})

const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'Sign out; ends the session and its sockets',
  responses: { 204: { description: 'Signed out' } },
})

const meRoute = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: 'The signed-in user and their groups',
  responses: { 200: json(Me, 'The user'), 401: errors[401] },
})

const passwordRoute = createRoute({
  method: 'post',
  path: '/auth/password',
  tags: ['auth'],
  summary: "Change one's own password; ends one's other sessions",
  request: jsonBody(ChangePasswordBody),
  responses: { 204: { description: 'Changed' }, 400: errors[400], 401: errors[401] },
})

export function authRoutes(deps: Deps, options: { trustedProxies: number }) {
  return routes()
    .openapi(loginRoute, async (c) => {
      const { username, password } = c.req.valid('json')
      const { sessionId, user } = await login(deps, username, password, clientAddress(c, options.trustedProxies))
      setSessionCookie(c, sessionId, Math.floor(deps.sessions.absoluteMs / 1000), options.trustedProxies)
      return c.json(await me(deps, user), 200)
    })
    .openapi(logoutRoute, async (c) => {
      const actor = c.get('actor')
      if (actor) await endSession(deps, actor)
      clearSessionCookie(c, options.trustedProxies)
      return c.body(null, 204)
    })
    .openapi(meRoute, async (c) => {
      const actor = requireActor(c)
      return c.json(await me(deps, actor.user), 200)
    })
    .openapi(passwordRoute, async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json')
      await changeOwnPassword(deps, requireActor(c), currentPassword, newPassword)
      return c.body(null, 204)
    })
}

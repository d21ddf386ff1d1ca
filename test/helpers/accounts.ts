/** Signing in to a test server, and the demo research group that `--demo` seeds. */
import { expect } from 'vitest'
import type { RunningServer } from './server.js'

/** Password of every demo account (see server/domain/demo.ts). */
export const demoPassword = 'jianyi-demo'

export interface Session {
  /** `jianyi_session=…`, for Cookie headers of websockets. */
  cookie: string
  userId: string
  /** fetch against /api with this session's cookie and JSON headers. */
  api(path: string, init?: RequestInit): Promise<Response>
  /** fetch + expected status + parsed JSON body. */
  json<T = any>(path: string, init?: RequestInit & { expect?: number }): Promise<T>
}

/** A fetch wrapper for /api with an optional cookie. */
export function apiFetch(server: RunningServer, cookie?: string) {
  return (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}/api${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(cookie ? { cookie } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    })
}

export async function login(server: RunningServer, username: string, password = demoPassword): Promise<Session> {
  const res = await apiFetch(server)('/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) })
  expect(res.status, `login of ${username}`).toBe(200)
  const cookie = /jianyi_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0]
  if (!cookie) throw new Error(`no session cookie for ${username}`)
  const body = (await res.json()) as { user: { id: string } }
  const api = apiFetch(server, cookie)
  return {
    cookie,
    userId: body.user.id,
    api,
    async json(path, init = {}) {
      const res = await api(path, init)
      if (init.expect !== undefined) expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(init.expect)
      return res.status === 204 ? undefined : res.json()
    },
  }
}

/** The administrator's password printed at first start. */
export function firstAdminPassword(server: RunningServer): string {
  const match = /Username: admin\s+Password: (\S+)/.exec(server.output())
  if (!match) throw new Error(`no first-run admin password in the output:\n${server.output()}`)
  return match[1]
}

/** The demo group's id and its sample draft's id, as the convener sees them. */
export async function demoGroup(convener: Session): Promise<{ groupId: string; sampleDocId: string }> {
  const { documents } = await convener.json<{ documents: { id: string; groupId: string }[] }>('/documents', {
    expect: 200,
  })
  return { groupId: documents[0].groupId, sampleDocId: documents[0].id }
}

/** Creates a draft in the demo group as the convener. */
export async function createDraft(convener: Session, title = '关于加强我市高标准农田建设的建议案'): Promise<string> {
  const { groupId } = await demoGroup(convener)
  const doc = await convener.json<{ id: string }>('/documents', {
    method: 'POST',
    body: JSON.stringify({ title, groupId }),
    expect: 201,
  })
  return doc.id
}

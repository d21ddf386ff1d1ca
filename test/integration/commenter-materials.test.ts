/**
 * What an invited commenter's 材料 panel lists: the group's materials exactly as the server's rule
 * (policy.ts materialAccess) lets them read — the same list the group's members see, read only —
 * through the one list route, `GET /groups/:id/materials`, with their files and pictures. When the
 * invitation ends, or for anyone the group's documents are hidden from, the list, the files and the
 * pictures answer 404 as for a group that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let convener: Session
let commenter: Session
let admin: Session
let groupId: string
let sampleId: string

interface Listed {
  materials: { id: string; title: string; source: string; date: string; type: string }[]
  canChange: boolean
}

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  ;[convener, commenter, admin] = await Promise.all(['zuzhang', 'zhengqiu', 'admin'].map((n) => login(server, n)))
  const demo = await demoGroup(convener)
  groupId = demo.groupId
  sampleId = demo.sampleDocId
})
afterAll(async () => {
  await server.kill('SIGKILL')
})

/** A new account of `role`, signed in. */
async function newAccount(username: string, role: 'member' | 'commenter'): Promise<Session> {
  await admin.json('/users', {
    method: 'POST',
    body: JSON.stringify({ username, displayName: username, role, password: 'neues-passwort-1' }),
    expect: 201,
  })
  return login(server, username, 'neues-passwort-1')
}

/** The statuses of the list, and of the file and the picture of `materialId`, as `session`. */
async function statuses(session: Session, materialId: string): Promise<number[]> {
  const base = `/groups/${groupId}/materials`
  return Promise.all(
    [base, `${base}/${materialId}/file`, `${base}/${materialId}/preview`].map(
      async (path) => (await session.api(path)).status,
    ),
  )
}

describe('the materials an invited commenter reads', () => {
  it('are the group’s materials, exactly the list its members see, read only, with files and pictures', async () => {
    const members = await convener.json<Listed>(`/groups/${groupId}/materials`, { expect: 200 })
    const listed = await commenter.json<Listed>(`/groups/${groupId}/materials`, { expect: 200 })
    expect(members.materials.length).toBeGreaterThan(0)
    expect(listed.materials).toEqual(members.materials)
    expect(listed.canChange).toBe(false)
    const pictured = listed.materials.find((m) => m.type === 'pdf' || m.type === 'png' || m.type === 'jpeg')!
    expect(await statuses(commenter, pictured.id)).toEqual([200, 200, 200])
  })

  it('are none once the invitation is revoked (404 as for no group), and back with a new invitation', async () => {
    const { materials } = await convener.json<Listed>(`/groups/${groupId}/materials`, { expect: 200 })
    await convener.json(`/documents/${sampleId}/invitations/${commenter.userId}`, { method: 'DELETE', expect: 204 })
    expect(await statuses(commenter, materials[0].id)).toEqual([404, 404, 404])
    const gone = await commenter.api(`/groups/${groupId}/materials`)
    const unknown = await commenter.api('/groups/AAAAAAAAAAAAAAAA/materials')
    expect(await gone.json()).toEqual(await unknown.json())

    await convener.json(`/documents/${sampleId}/invitations`, {
      method: 'POST',
      body: JSON.stringify({ username: 'zhengqiu', until: null }),
      expect: 201,
    })
    expect((await commenter.json<Listed>(`/groups/${groupId}/materials`, { expect: 200 })).materials).toEqual(materials)
  })

  it('are hidden from a commenter invited nowhere, another group’s member and the admin (404)', async () => {
    const { materials } = await convener.json<Listed>(`/groups/${groupId}/materials`, { expect: 200 })
    const outsiders = [await newAccount('qianchu', 'commenter'), await newAccount('waizu', 'member'), admin]
    for (const outsider of outsiders) expect(await statuses(outsider, materials[0].id)).toEqual([404, 404, 404])
  })
})

/**
 * Sign-in and sessions: the cookie, logout, expiry, password changes and resets, disabling,
 * the login rate limit, cross-origin refusal, the first administrator and the user CLI.
 */
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { apiFetch, demoGroup, firstAdminPassword, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { repoRoot, startServer, tempDataDir, waitFor, type RunningServer } from '../helpers/server.js'

const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const userPassword = 'anfang-passwort-1'

/** The demo server; TRUST_PROXY lets each rate-limit scenario come from its own address. */
let server: RunningServer
let admin: Session
let sampleDocId: string
let groupId: string
const userIds: Record<string, string> = {}

/** A distinct client address per failing attempt, so that no test uses up another's budget. */
let addressCounter = 0
const nextAddress = () => `198.51.100.${++addressCounter}`

async function tryLogin(
  target: RunningServer,
  username: string,
  password: string,
  address?: string,
): Promise<Response> {
  return fetch(`${target.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(address ? { 'x-forwarded-for': address } : {}) },
    body: JSON.stringify({ username, password }),
  })
}

const me = async (target: RunningServer, cookie: string) => (await apiFetch(target, cookie)('/auth/me')).status

function peer(docId: string, session: Session): Peer {
  const p = connectPeer(server.wsUrl, docId, { headers: { cookie: session.cookie } })
  cleanups.push(() => p.destroy())
  return p
}

const closedWith = (p: Peer, code: number) => p.closes.some((c) => c.code === code)

/** Servers whose sessions expire within seconds, started together with the main one. */
let idleServer: RunningServer
let absoluteServer: RunningServer
const idleMs = 0.02 * 60_000
const absoluteMs = 0.0005 * 3_600_000

beforeAll(async () => {
  ;[server, idleServer, absoluteServer] = await Promise.all([
    startServer({ args: ['--demo'], env: { TRUST_PROXY: '1' } }),
    startServer({ args: ['--demo'], env: { SESSION_IDLE_MINUTES: '0.02' } }),
    startServer({ args: ['--demo'], env: { SESSION_MAX_HOURS: '0.0005' } }),
  ])
  cleanups.push(
    () => server.kill('SIGKILL'),
    () => idleServer.kill('SIGKILL'),
    () => absoluteServer.kill('SIGKILL'),
  )
  admin = await login(server, 'admin')
  const convener = await login(server, 'zuzhang')
  ;({ groupId, sampleDocId } = await demoGroup(convener))
  for (const [username, displayName] of [
    ['chongzhi', '吴委员'],
    ['tingyong', '郑委员'],
    ['xianliu', '冯委员'],
  ]) {
    const user = await admin.json<{ id: string }>('/users', {
      method: 'POST',
      body: JSON.stringify({ username, displayName, role: 'member', password: userPassword }),
      expect: 201,
    })
    userIds[username] = user.id
  }
  const group = await admin.json<{ members: { userId: string; convener: boolean }[] }>(`/groups/${groupId}`, {
    expect: 200,
  })
  await admin.json(`/groups/${groupId}`, {
    method: 'PATCH',
    body: JSON.stringify({
      members: [
        ...group.members,
        { userId: userIds.chongzhi, convener: false },
        { userId: userIds.tingyong, convener: false },
      ],
    }),
    expect: 200,
  })
})

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie for the whole site, lasting the absolute session time', async () => {
    const res = await tryLogin(server, 'zuzhang', 'jianyi-demo')
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie') ?? ''
    const attributes = cookie.split(';').map((part) => part.trim().toLowerCase())
    expect(cookie).toMatch(/^jianyi_session=[A-Za-z0-9_-]{43};/)
    expect(attributes).toContain('httponly')
    expect(attributes).toContain('samesite=lax')
    expect(attributes).toContain('path=/')
    expect(attributes).toContain(`max-age=${12 * 3600}`)
    // Served over plain http here, so a Secure cookie would never come back.
    expect(attributes).not.toContain('secure')
    const body = (await res.json()) as { user: Record<string, unknown>; groups: unknown[] }
    expect(body.user.username).toBe('zuzhang')
    expect(body.user).not.toHaveProperty('passwordHash')
  })

  it('marks the cookie Secure from X-Forwarded-Proto: https only when a proxy is trusted (TRUST_PROXY)', async () => {
    const attributesOf = (res: Response) =>
      (res.headers.get('set-cookie') ?? '').split(';').map((part) => part.trim().toLowerCase())
    const viaProxy = (target: RunningServer, path: string, init: RequestInit = {}) =>
      fetch(`${target.url}/api${path}`, {
        ...init,
        headers: {
          'content-type': 'application/json',
          'x-forwarded-proto': 'https',
          'x-forwarded-for': nextAddress(),
          ...(init.headers as Record<string, string> | undefined),
        },
      })
    const body = JSON.stringify({ username: 'zuzhang', password: 'jianyi-demo' })

    // TRUST_PROXY=1: the proxy says the browser came over https.
    const trusted = await viaProxy(server, '/auth/login', { method: 'POST', body })
    expect(trusted.status).toBe(200)
    expect(attributesOf(trusted)).toContain('secure')
    const cookie = /jianyi_session=[^;]+/.exec(trusted.headers.get('set-cookie') ?? '')![0]
    const logout = await viaProxy(server, '/auth/logout', { method: 'POST', headers: { cookie } })
    expect(logout.status).toBe(204)
    expect(attributesOf(logout)).toContain('secure')

    // No TRUST_PROXY: the header is the client's own word.
    const untrusted = await viaProxy(idleServer, '/auth/login', { method: 'POST', body })
    expect(untrusted.status).toBe(200)
    expect(attributesOf(untrusted)).not.toContain('secure')
  })

  it('answers 401 without a cookie for a wrong password, and the same for an unknown user', async () => {
    const wrong = await tryLogin(server, 'zuzhang', 'falsches-passwort', nextAddress())
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('set-cookie')).toBeNull()
    const unknown = await tryLogin(server, 'niemand', 'falsches-passwort', nextAddress())
    expect(unknown.status).toBe(401)
    expect(await unknown.json()).toEqual(await wrong.json())
  })

  it('/auth/me tells the signed-in user and the groups they convene or belong to; anonymous gets 401', async () => {
    const convener = await login(server, 'zuzhang')
    const member = await login(server, 'chengyuan1')
    const chair = await login(server, 'zhuxi')
    expect(await convener.json('/auth/me', { expect: 200 })).toMatchObject({
      user: { username: 'zuzhang', role: 'member', active: true },
      groups: [{ id: groupId, name: '农业农村调研组', convener: true }],
    })
    expect(await member.json('/auth/me', { expect: 200 })).toMatchObject({ groups: [{ id: groupId, convener: false }] })
    // A chair is assigned to the group, not a member of it.
    expect(await chair.json('/auth/me', { expect: 200 })).toMatchObject({ user: { role: 'chair' }, groups: [] })
    expect((await apiFetch(server)('/auth/me')).status).toBe(401)
  })
})

describe('ending sessions', () => {
  it('logout ends that session: its cookie is refused, its sockets close with 4401, other sessions stay', async () => {
    const leaving = await login(server, 'chengyuan1')
    const staying = await login(server, 'chengyuan1')
    const [a, b] = [peer(sampleDocId, leaving), peer(sampleDocId, staying)]
    await waitSynced([a, b])

    const res = await leaving.api('/auth/logout', { method: 'POST' })
    expect(res.status).toBe(204)
    expect(res.headers.get('set-cookie')).toMatch(/jianyi_session=;.*Max-Age=0/i)
    expect(await me(server, leaving.cookie)).toBe(401)
    await waitFor(() => closedWith(a, 4401), 'the logged-out socket to close with 4401')
    expect(a.provider.shouldConnect).toBe(false)

    expect(await me(server, staying.cookie)).toBe(200)
    expect(b.closes).toEqual([])
    expect(b.provider.wsconnected).toBe(true)
  })

  it('a password change ends the other sessions and their sockets at once (4401); the current session keeps working', async () => {
    const current = await login(server, 'chengyuan2')
    const other = await login(server, 'chengyuan2')
    const [mine, theirs] = [peer(sampleDocId, current), peer(sampleDocId, other)]
    await waitSynced([mine, theirs])

    await current.json('/auth/password', {
      method: 'POST',
      body: JSON.stringify({ currentPassword: 'jianyi-demo', newPassword: 'neues-passwort-1' }),
      expect: 204,
    })
    // "At once": already refused on the very next request.
    expect(await me(server, other.cookie)).toBe(401)
    await waitFor(() => closedWith(theirs, 4401), "the other session's socket to close with 4401")

    expect(await me(server, current.cookie)).toBe(200)
    expect(mine.closes).toEqual([])
    expect(mine.provider.wsconnected).toBe(true)
    expect((await tryLogin(server, 'chengyuan2', 'jianyi-demo', nextAddress())).status).toBe(401)
    expect((await tryLogin(server, 'chengyuan2', 'neues-passwort-1', nextAddress())).status).toBe(200)
  })

  it('a password change with a wrong current password is refused and ends nothing', async () => {
    const current = await login(server, 'zhuxi')
    const other = await login(server, 'zhuxi')
    const res = await current.api('/auth/password', {
      method: 'POST',
      body: JSON.stringify({ currentPassword: 'falsches-passwort', newPassword: 'neues-passwort-1' }),
    })
    expect(res.status).toBe(400)
    expect(await me(server, other.cookie)).toBe(200)
  })

  it("an administrator's password reset ends every session of the user and closes their sockets with 4401", async () => {
    const first = await login(server, 'chongzhi', userPassword)
    const second = await login(server, 'chongzhi', userPassword)
    const [a, b] = [peer(sampleDocId, first), peer(sampleDocId, second)]
    await waitSynced([a, b])

    await admin.json(`/users/${userIds.chongzhi}/password`, {
      method: 'POST',
      body: JSON.stringify({ password: 'zurueckgesetzt-1' }),
      expect: 204,
    })
    expect(await me(server, first.cookie)).toBe(401)
    expect(await me(server, second.cookie)).toBe(401)
    await waitFor(() => closedWith(a, 4401) && closedWith(b, 4401), 'both sockets to close with 4401')
    expect((await tryLogin(server, 'chongzhi', userPassword, nextAddress())).status).toBe(401)
    expect((await tryLogin(server, 'chongzhi', 'zurueckgesetzt-1', nextAddress())).status).toBe(200)
    expect(await me(server, admin.cookie)).toBe(200)
  })

  it('disabling a user ends every session and socket (4410, not 4401: signing in again will not help), and the right password is told the account is disabled', async () => {
    const first = await login(server, 'tingyong', userPassword)
    const second = await login(server, 'tingyong', userPassword)
    const [a, b] = [peer(sampleDocId, first), peer(sampleDocId, second)]
    await waitSynced([a, b])

    await admin.json(`/users/${userIds.tingyong}`, {
      method: 'PATCH',
      body: JSON.stringify({ active: false }),
      expect: 200,
    })
    expect(await me(server, first.cookie)).toBe(401)
    expect(await me(server, second.cookie)).toBe(401)
    await waitFor(() => closedWith(a, 4410) && closedWith(b, 4410), 'both sockets to close with 4410')
    // The session is gone: an old cookie is simply not signed in.
    const refused = new WebSocket(`${server.wsUrl}/collab/${sampleDocId}`, { headers: { cookie: first.cookie } })
    cleanups.push(() => refused.terminate())
    expect(await new Promise((resolve) => refused.once('close', resolve))).toBe(4401)
    const rightPassword = await tryLogin(server, 'tingyong', userPassword, nextAddress())
    expect(rightPassword.status).toBe(403)
    expect(((await rightPassword.json()) as { error: { code: string } }).error.code).toBe('account_disabled')
    // A wrong password learns nothing about the account.
    const wrongPassword = await tryLogin(server, 'tingyong', 'falsches-passwort-1', nextAddress())
    expect(wrongPassword.status).toBe(401)
    expect(((await wrongPassword.json()) as { error: { code: string } }).error.code).toBe('unauthenticated')
  })
})

describe('the login rate limit', () => {
  it('after 5 failures on one account from one address answers 429 with Retry-After there, even for the right password', async () => {
    const address = nextAddress()
    for (let i = 0; i < 5; i++) {
      expect((await tryLogin(server, 'xianliu', `falsch-${i}-passwort`, address)).status, `failure ${i + 1}`).toBe(401)
    }
    const limited = await tryLogin(server, 'xianliu', userPassword, address)
    expect(limited.status).toBe(429)
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited')
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(Number.isInteger(retryAfter)).toBe(true)
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(15 * 60)
    // Not a lock-out weapon: the account's owner, from their own address, still signs in.
    expect((await tryLogin(server, 'xianliu', userPassword, nextAddress())).status).toBe(200)
    // Other usernames from that address are not affected either.
    expect((await tryLogin(server, 'chengyuan1', 'jianyi-demo', address)).status).toBe(200)
  })

  it('counts parallel guesses before checking them: of 40 at once at most 5 are checked, and the right password is then refused', async () => {
    const address = nextAddress()
    const statuses = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => (await tryLogin(server, 'xianliu', `parallel-${i}`, address)).status),
    )
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(35)
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true)
    expect((await tryLogin(server, 'xianliu', userPassword, address)).status).toBe(429)
    // Another address can still sign in to that account.
    expect((await tryLogin(server, 'xianliu', userPassword, nextAddress())).status).toBe(200)
  })

  it('behind the trusted proxy counts the address the proxy appended, not one the client put before it', async () => {
    const address = nextAddress()
    for (let i = 0; i < 5; i++) {
      const forwarded = `10.${i}.0.1, ${address}`
      expect((await tryLogin(server, 'zhuxi', `falsch-${i}`, forwarded)).status, `failure ${i + 1}`).toBe(401)
    }
    expect((await tryLogin(server, 'zhuxi', 'jianyi-demo', `192.0.2.99, ${address}`)).status).toBe(429)
    expect((await tryLogin(server, 'zhuxi', 'jianyi-demo', `${address}, ${nextAddress()}`)).status).toBe(200)
  })

  it('after 20 failures from one address answers 429 with Retry-After to that address, for any username', async () => {
    const address = '203.0.113.7'
    for (let i = 0; i < 20; i++) {
      expect((await tryLogin(server, `niemand${i % 4}`, 'falsches-passwort', address)).status, `failure ${i + 1}`).toBe(
        401,
      )
    }
    const limited = await tryLogin(server, 'zuzhang', 'jianyi-demo', address)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    // The same account from another address still signs in.
    expect((await tryLogin(server, 'zuzhang', 'jianyi-demo', nextAddress())).status).toBe(200)
  })
})

describe('cross-origin requests', () => {
  it('refuses a POST whose Origin names another site with 403, and does nothing', async () => {
    const evil = { origin: 'https://evil.example' }
    const loginRes = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...evil },
      body: JSON.stringify({ username: 'zuzhang', password: 'jianyi-demo' }),
    })
    expect(loginRes.status).toBe(403)
    expect(loginRes.headers.get('set-cookie')).toBeNull()

    const created = await admin.api('/groups', {
      method: 'POST',
      headers: evil,
      body: JSON.stringify({ name: '跨站创建的调研组' }),
    })
    expect(created.status).toBe(403)
    const { groups } = await admin.json<{ groups: { name: string }[] }>('/groups', { expect: 200 })
    expect(groups.map((g) => g.name)).not.toContain('跨站创建的调研组')

    // The server's own origin is accepted.
    const sameSite = await admin.api('/groups', {
      method: 'POST',
      headers: { origin: server.url },
      body: JSON.stringify({ name: '同源创建的调研组' }),
    })
    expect(sameSite.status).toBe(201)
  })

  it('closes a websocket opened from another origin with 4403, even with a valid cookie', async () => {
    const member = await login(server, 'chengyuan1')
    const ws = new WebSocket(`${server.wsUrl}/collab/${sampleDocId}`, {
      headers: { cookie: member.cookie },
      origin: 'https://evil.example',
    })
    cleanups.push(() => ws.terminate())
    expect(await new Promise((resolve) => ws.once('close', resolve))).toBe(4403)

    const own = new WebSocket(`${server.wsUrl}/collab/${sampleDocId}`, {
      headers: { cookie: member.cookie },
      origin: server.url,
    })
    cleanups.push(() => own.terminate())
    await new Promise((resolve) => own.once('message', resolve))
  })
})

describe('session expiry (SESSION_IDLE_MINUTES=0.02, i.e. 1.2 s; SESSION_MAX_HOURS=0.0005, i.e. 1.8 s)', () => {
  it('refuses a session left unused for longer than SESSION_IDLE_MINUTES', async () => {
    const session = await login(idleServer, 'chengyuan1')
    expect(await me(idleServer, session.cookie)).toBe(200)
    let lastUsed = Date.now()
    // Each check uses the session only once it has sat idle past the limit.
    await waitFor(
      async () => {
        if (Date.now() - lastUsed <= idleMs + 100) return false
        const status = await me(idleServer, session.cookie)
        lastUsed = Date.now()
        return status === 401
      },
      'the idle session to be refused',
      10_000,
    )
    // Refused for good: a new login is needed.
    expect(await me(idleServer, session.cookie)).toBe(401)
    expect(await me(idleServer, (await login(idleServer, 'chengyuan1')).cookie)).toBe(200)
  })

  it('keeps a session that is in use valid past SESSION_IDLE_MINUTES', async () => {
    const session = await login(idleServer, 'chengyuan2')
    const start = Date.now()
    const answers: { atMs: number; status: number }[] = []
    await waitFor(async () => {
      answers.push({ atMs: Date.now() - start, status: await me(idleServer, session.cookie) })
      return Date.now() - start > 2 * idleMs
    }, 'two idle periods of constant use to pass')
    const refusal = answers.find((a) => a.status !== 200)
    expect(
      refusal,
      `refused ${refusal?.atMs} ms after login while in use every few ms (idle limit ${idleMs} ms)`,
    ).toBeUndefined()
  })

  it('refuses a session SESSION_MAX_HOURS after login, however much it is used', async () => {
    const before = Date.now()
    const res = await tryLogin(absoluteServer, 'chengyuan1', 'jianyi-demo')
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=1;/)
    const cookie = /jianyi_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0]
    expect(await me(absoluteServer, cookie)).toBe(200)
    await waitFor(
      async () => (await me(absoluteServer, cookie)) === 401,
      'the session to reach its absolute limit',
      10_000,
    )
    expect(Date.now() - before).toBeGreaterThanOrEqual(absoluteMs)
    expect(await me(absoluteServer, cookie)).toBe(401)
  })
})

/** Runs the user CLI the way an operator would. */
function userCli(args: string[], dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'server/cli/user.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('the first administrator and the user CLI', () => {
  it('a first start on an empty directory prints the admin password once, and it signs in', async () => {
    const { dir, remove } = tempDataDir()
    cleanups.push(remove)
    const first = await startServer({ dataDir: dir })
    cleanups.push(() => first.kill('SIGKILL'))
    const password = firstAdminPassword(first)
    expect(first.output().match(/Password: /g)).toHaveLength(1)
    const firstAdmin = await login(first, 'admin', password)
    expect(await firstAdmin.json('/auth/me', { expect: 200 })).toMatchObject({
      user: { username: 'admin', role: 'admin' },
    })
    // No demo data without --demo.
    expect((await firstAdmin.json<{ users: unknown[] }>('/users', { expect: 200 })).users).toHaveLength(1)
    expect(await first.kill('SIGTERM')).toBe(0)

    const { code, stdout, stderr } = await userCli(
      ['add', 'weiyuan3', '孙委员', 'member', '--password', 'cli-passwort-1'],
      dir,
    )
    expect(code, stderr).toBe(0)
    expect(stdout).toContain('created weiyuan3')

    const second = await startServer({ dataDir: dir })
    cleanups.push(() => second.kill('SIGKILL'))
    expect(second.output()).not.toMatch(/Password:/)
    await login(second, 'admin', password)
    const created = await login(second, 'weiyuan3', 'cli-passwort-1')
    expect(await created.json('/auth/me', { expect: 200 })).toMatchObject({
      user: { username: 'weiyuan3', displayName: '孙委员', role: 'member' },
    })

    // While the server runs, the CLI refuses to touch its directory.
    const refused = await userCli(['add', 'weiyuan4', '钱委员', 'member', '--password', 'cli-passwort-2'], dir)
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(/is in use by process \d+; stop that Jianyi server first/)
    const admin2 = await login(second, 'admin', password)
    const { users } = await admin2.json<{ users: { username: string }[] }>('/users', { expect: 200 })
    expect(users.map((u) => u.username).sort()).toEqual(['admin', 'weiyuan3'])
    expect(await second.kill('SIGTERM')).toBe(0)
  })
})

/**
 * Two real instances on two ports sharing PostgreSQL (a fresh schema) and Redis. Without those
 * servers the suite is skipped with a console line saying so, except under CI, where it fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitConverged, waitSynced, type Peer } from '../helpers/peers.js'
import { seededRandom } from '../helpers/seeded-random.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'
import { tcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js'
import {
  freshSchema,
  probePostgres,
  probeRedis,
  redisUrl,
  servicesRequired,
  shown,
  databaseUrl,
} from '../helpers/services.js'

const missing = [
  await probePostgres().then((why) => (why ? `PostgreSQL at ${shown(databaseUrl)} (${why})` : null)),
  await probeRedis().then((why) => (why ? `Redis at ${shown(redisUrl)} (${why})` : null)),
].filter((m): m is string => m !== null)
if (missing.length > 0) {
  console.warn(
    `scale-out tests did not run: unreachable ${missing.join(' and ')}${servicesRequired ? ' — CI is set, so this fails the run' : ''}`,
  )
}

if (missing.length > 0 && servicesRequired) {
  describe('scale-out', () => {
    it('has PostgreSQL and Redis, as CI requires', () => {
      throw new Error(`unreachable ${missing.join(' and ')}`)
    })
  })
}

describe.skipIf(missing.length > 0)('two instances sharing PostgreSQL and Redis', () => {
  let a: RunningServer
  let b: RunningServer
  let dropSchema: () => Promise<void>
  let env: Record<string, string>
  let convener: Session
  let member: Session
  let docId: string
  const peers: Peer[] = []

  beforeAll(async () => {
    const schema = await freshSchema()
    dropSchema = schema.drop
    env = { DATABASE_URL: schema.url, REDIS_URL: redisUrl }
    // The first instance seeds the demo group into the empty database; the second finds it there.
    a = await startServer({ env, args: ['--demo'] })
    b = await startServer({ env })
    convener = await login(a, 'zuzhang')
    member = await login(b, 'chengyuan1')
    const { documents } = await convener.json('/documents', { expect: 200 })
    docId = (
      await convener.json('/documents', {
        method: 'POST',
        body: JSON.stringify({ title: '关于跨实例协同的建议案', groupId: documents[0].groupId }),
        expect: 201,
      })
    ).id
  })

  afterAll(async () => {
    for (const p of peers) p.destroy()
    await a?.kill('SIGKILL')
    await b?.kill('SIGKILL')
    await dropSchema?.()
  })

  const peerOn = (server: RunningServer, session: Session, id = docId) => {
    const p = connectPeer(server.wsUrl, id, { headers: { cookie: session.cookie } })
    peers.push(p)
    return p
  }

  it('serves one session on both instances', async () => {
    expect((await member.api('/auth/me')).status).toBe(200)
    const sameCookieOnA = await fetch(`${a.url}/api/auth/me`, { headers: { cookie: member.cookie } })
    expect(sameCookieOnA.status).toBe(200)
  })

  it('converges clients on different instances after 1,000 concurrent edits', async () => {
    const onA = [peerOn(a, convener), peerOn(a, member)]
    const onB = [peerOn(b, member), peerOn(b, convener)]
    const all = [...onA, ...onB]
    await waitSynced(all)
    const next = seededRandom(42)
    for (let i = 0; i < 1000; i++) {
      const p = all[i % all.length]
      const length = p.text.length
      if (length > 10 && next() < 0.3) p.text.delete(Math.floor(next() * (length - 1)), 1)
      else p.text.insert(Math.floor(next() * (length + 1)), ['农田', '，', '建设', '管护'][Math.floor(next() * 4)])
      if (i % 50 === 0) await new Promise((r) => setImmediate(r))
    }
    const content = await waitConverged(all, 60_000)
    expect(content.length).toBeGreaterThan(100)
  })

  it('finds on one instance words typed on the other (search reads the shared store)', async () => {
    const { documents } = await convener.json('/documents', { expect: 200 })
    const searchedId = (
      await convener.json('/documents', {
        method: 'POST',
        body: JSON.stringify({ title: '关于跨实例检索的建议案', groupId: documents[0].groupId }),
        expect: 201,
      })
    ).id
    const writer = peerOn(a, convener, searchedId)
    await waitSynced([writer])
    const fragment = writer.doc.getXmlFragment('default')
    writer.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText('统筹推进高标准农田跨区域建设。')])
      fragment.insert(0, [paragraph])
    })
    const hitsOnB = async () => {
      const found = await member.json(`/search?q=${encodeURIComponent('跨区域建设')}`, { expect: 200 })
      return found.results.find((r: { documentId: string }) => r.documentId === searchedId)?.textCount ?? 0
    }
    await waitFor(async () => (await hitsOnB()) === 1, 'instance B to find the words typed on A')
  })

  it('carries carets across instances', async () => {
    const x = peerOn(a, convener)
    const y = peerOn(b, member)
    await waitSynced([x, y])
    x.provider.awareness.setLocalStateField('user', { name: '王组长', color: '#c0392b' })
    await waitFor(
      () => y.provider.awareness.getStates().get(x.doc.clientID)?.user?.name === '王组长',
      'the caret to cross from A to B',
    )
    y.provider.awareness.setLocalStateField('user', { name: '李委员', color: '#2471a3' })
    await waitFor(
      () => x.provider.awareness.getStates().get(y.doc.clientID)?.user?.name === '李委员',
      'the caret to cross from B to A',
    )
  })

  it('shows a client joining on the other instance the carets already there, without waiting for their renewal', async () => {
    const { documents } = await convener.json('/documents', { expect: 200 })
    const fresh = (
      await convener.json('/documents', {
        method: 'POST',
        body: JSON.stringify({ title: '关于光标跨实例的建议案', groupId: documents[0].groupId }),
        expect: 201,
      })
    ).id
    const x = peerOn(a, convener, fresh)
    await waitSynced([x])
    x.provider.awareness.setLocalStateField('user', { name: '王组长', color: '#c0392b' })
    // The document is not open on B yet: its room loads now and asks A for the carets it has.
    const y = peerOn(b, member, fresh)
    await waitSynced([y])
    // Clients renew their caret every 15 s; well before that, B must already know it.
    await waitFor(
      () => y.provider.awareness.getStates().get(x.doc.clientID)?.user?.name === '王组长',
      'the existing caret to reach the newcomer',
      5_000,
    )
  })

  it('loses nothing relayed when one instance is killed and its clients reconnect to the other', async () => {
    const onA = peerOn(a, convener)
    const onB = peerOn(b, member)
    await waitSynced([onA, onB])
    for (let i = 0; i < 200; i++) onA.text.insert(onA.text.length, `甲${i}`)
    for (let i = 0; i < 200; i++) onB.text.insert(0, `乙${i}`)
    const before = await waitConverged([onA, onB], 30_000)
    await a.kill('SIGKILL')
    // The load balancer sends A's client to B: same Y.Doc, new provider.
    onA.provider.destroy()
    const moved = new WebsocketProvider(`${b.wsUrl}/collab`, docId, onA.doc, {
      WebSocketPolyfill: class extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers: { cookie: convener.cookie } })
        }
      } as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    })
    try {
      await waitFor(() => moved.synced, 'the moved client to sync with B')
      expect(onA.text.toString()).toBe(before)
      const fresh = peerOn(b, member)
      await waitSynced([fresh])
      expect(fresh.text.toString()).toBe(before)
    } finally {
      moved.destroy()
    }
    a = await startServer({ env })
  })

  it('numbers versions saved at the same moment on both instances one after another, without a duplicate or a 500', async () => {
    // Signed in anew: A was restarted on another port by the test before.
    const savers = [
      await login(a, 'zuzhang'),
      await login(b, 'chengyuan1'),
      await login(b, 'zuzhang'),
      await login(a, 'chengyuan1'),
    ]
    const { documents } = await savers[0].json('/documents', { expect: 200 })
    const fresh = (
      await savers[0].json('/documents', {
        method: 'POST',
        body: JSON.stringify({ title: '关于版本编号的建议案', groupId: documents[0].groupId }),
        expect: 201,
      })
    ).id
    const before = (await savers[1].json(`/documents/${fresh}/versions`, { expect: 200 })).versions.length
    // Ten rounds of four saves at once, two on each instance.
    const answers: { status: number; body: { number?: number } }[] = []
    for (let round = 0; round < 10; round++) {
      answers.push(
        ...(await Promise.all(
          savers.map(async (session, i) => {
            const res = await session.api(`/documents/${fresh}/versions`, {
              method: 'POST',
              body: JSON.stringify({ label: `第${round}轮-${i}` }),
            })
            return { status: res.status, body: (await res.json()) as { number?: number } }
          }),
        )),
      )
    }
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 201))
    const numbers = answers.map((answer) => answer.body.number).sort((x, y) => x! - y!)
    expect(numbers).toEqual(answers.map((_, i) => before + i + 1))
    const listed = (await savers[1].json(`/documents/${fresh}/versions`, { expect: 200 })).versions
    expect(listed.map((v: { number: number }) => v.number)).toEqual(
      [...Array(before + answers.length).keys()].map((i) => i + 1),
    )
  })

  it('closes a disabled user’s sockets on every instance', async () => {
    const admin = await login(a, 'admin')
    const user = await admin.json('/users', {
      method: 'POST',
      body: JSON.stringify({
        username: 'kuashili',
        displayName: '跨实例委员',
        role: 'member',
        password: 'kuashili-password',
      }),
      expect: 201,
    })
    const group = (await admin.json('/groups')).groups[0]
    await admin.json(`/groups/${group.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ members: [...group.members, { userId: user.id, convener: false }] }),
      expect: 200,
    })
    const session = await login(b, 'kuashili', 'kuashili-password')
    const onA = peerOn(a, session)
    const onB = peerOn(b, session)
    await waitSynced([onA, onB])
    await admin.json(`/users/${user.id}`, { method: 'PATCH', body: JSON.stringify({ active: false }), expect: 200 })
    await waitFor(
      () => onA.closes.some((c) => c.code === 4410) && onB.closes.some((c) => c.code === 4410),
      'both sockets to close with 4410 (account disabled)',
    )
  })
})

describe.skipIf(missing.length > 0)('an instance whose PostgreSQL or Redis goes away for a while', () => {
  let a: RunningServer
  let b: RunningServer
  let pgLink: TcpProxy
  let redisLink: TcpProxy
  let dropSchema: () => Promise<void>
  let convener: Session
  let member: Session
  let docId: string
  const peers: Peer[] = []

  beforeAll(async () => {
    const schema = await freshSchema()
    dropSchema = schema.drop
    const pgUrl = new URL(schema.url)
    const redis = new URL(redisUrl)
    pgLink = await tcpProxy(pgUrl.hostname, Number(pgUrl.port || 5432))
    redisLink = await tcpProxy(redis.hostname, Number(redis.port || 6379))
    // Instance A reaches both servers through links the test can cut; B reaches them directly.
    pgUrl.host = `127.0.0.1:${pgLink.port}`
    a = await startServer({
      env: { DATABASE_URL: pgUrl.toString(), REDIS_URL: `redis://127.0.0.1:${redisLink.port}` },
      args: ['--demo'],
    })
    b = await startServer({ env: { DATABASE_URL: schema.url, REDIS_URL: redisUrl } })
    convener = await login(a, 'zuzhang')
    member = await login(b, 'chengyuan1')
    const { documents } = await convener.json('/documents', { expect: 200 })
    docId = documents[0].id
  })

  afterAll(async () => {
    for (const p of peers) p.destroy()
    await a?.kill('SIGKILL')
    await b?.kill('SIGKILL')
    await pgLink?.close()
    await redisLink?.close()
    await dropSchema?.()
  })

  const peerOn = (server: RunningServer, session: Session) => {
    const p = connectPeer(server.wsUrl, docId, { headers: { cookie: session.cookie } })
    peers.push(p)
    return p
  }
  const healthOf = async (server: RunningServer) => (await fetch(`${server.url}/api/health`)).status

  it('keeps updates in memory while PostgreSQL is away, reports it, and stores and relays them when it returns', async () => {
    const x = peerOn(a, convener)
    const y = peerOn(b, member)
    await waitSynced([x, y])
    expect(await healthOf(a)).toBe(200)
    pgLink.cut()
    x.text.insert(0, '断库期间输入。')
    await waitFor(async () => (await healthOf(a)) === 503, 'instance A to report itself unhealthy', 20_000)
    // Not stored, so not relayed: the other instance's client has not seen it.
    expect(y.text.toString()).not.toContain('断库期间输入。')
    expect(a.output()).toMatch(/kept in memory/)
    pgLink.restore()
    await waitFor(
      () => y.text.toString().includes('断库期间输入。'),
      'the update to be stored and relayed once PostgreSQL is back',
      30_000,
    )
    await waitFor(async () => (await healthOf(a)) === 200, 'instance A to be healthy again', 20_000)
    const fresh = peerOn(b, member)
    await waitSynced([fresh])
    expect(fresh.text.toString()).toContain('断库期间输入。')
  })

  it('reports a lost Redis and catches up in both directions when it returns', async () => {
    const x = peerOn(a, convener)
    const y = peerOn(b, member)
    await waitSynced([x, y])
    redisLink.cut()
    await waitFor(async () => (await healthOf(a)) === 503, 'instance A to report the lost broker', 20_000)
    // What is wrong is told to administrators and to callers on this host, never to anyone else.
    const remote = { 'x-forwarded-for': '203.0.113.9' }
    const anonymous = await fetch(`${a.url}/api/health`, { headers: remote })
    expect(anonymous.status).toBe(503)
    expect(await anonymous.json()).toEqual({ ok: false })
    expect(await convener.json('/health', { headers: remote, expect: 503 })).toEqual({ ok: false })
    const admin = await login(a, 'admin')
    expect((await admin.json('/health', { headers: remote, expect: 503 })).problems).toEqual([
      expect.stringMatching(/redis/i),
    ])
    const local = (await (await fetch(`${a.url}/api/health`)).json()) as { problems: string[] }
    expect(local.problems.length).toBeGreaterThan(0)
    x.text.insert(0, '甲在断开期间输入。')
    y.text.insert(0, '乙在断开期间输入。')
    redisLink.restore()
    await waitFor(
      () => x.text.toString().includes('乙在断开期间输入。') && y.text.toString().includes('甲在断开期间输入。'),
      'both sides to catch up once Redis is back',
      30_000,
    )
    await waitConverged([x, y])
    await waitFor(async () => (await healthOf(a)) === 200, 'instance A to be healthy again', 20_000)
    expect(a.output()).toMatch(/redis: reconnected/)
  })
})

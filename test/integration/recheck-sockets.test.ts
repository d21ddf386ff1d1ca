/**
 * The once-a-minute re-check of open sockets (sessions.ts recheckOpenSockets), on the embedded
 * store seeded with the demo: a session that ended closes all its sockets, a reader who lost a
 * document closes that document's, everyone else stays; and sockets of one session on one
 * document are decided once, however many there are (2,000 idle sockets cost one check per pair).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { seedDemo } from '../../server/domain/demo.js'
import type { SocketFilter, SocketInfo } from '../../server/domain/deps.js'
import { recheckOpenSockets } from '../../server/domain/sessions.js'
import { FileDocumentStore } from '../../server/store/embedded/file-document-store.js'
import { FileMaterialStore } from '../../server/store/embedded/file-material-store.js'
import { FileVersionStore } from '../../server/store/embedded/file-version-store.js'
import { LowdbMetadataStore } from '../../server/store/embedded/lowdb-metadata-store.js'
import { domainDeps } from '../helpers/domain-deps.js'

const dir = mkdtempSync(join(tmpdir(), 'jianyi-recheck-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('recheckOpenSockets', () => {
  it('closes what ended, keeps the rest, and decides each session × document once', async () => {
    const metadata = await LowdbMetadataStore.open(join(dir, 'metadata.json'))
    const deps = domainDeps(
      {
        metadata,
        versions: new FileVersionStore(join(dir, 'versions')),
        content: new FileDocumentStore({ dir: join(dir, 'documents'), log: () => {} }),
        materials: await FileMaterialStore.open(join(dir, 'materials')),
      },
      new Map(),
    )
    await seedDemo(deps)
    const users = await metadata.listUsers()
    const user = (username: string) => users.find((u) => u.username === username)!
    const docs = await metadata.listDocuments()
    const now = new Date().toISOString()
    for (const [idHash, username] of [
      ['member-session', 'chengyuan1'],
      ['commenter-session', 'zhengqiu'],
    ] as const)
      await metadata.createSession({ idHash, userId: user(username).id, createdAt: now, lastSeenAt: now })

    // The member: 10 sockets on every document. The commenter: 5 on the draft they are invited to
    // and 5 on one they never were. A session that no longer exists: 3 sockets.
    const invited = (
      await Promise.all(docs.map(async (d) => ((await metadata.listInvitations(d.id)).length ? d : null)))
    )
      .filter((d) => d !== null)
      .map((d) => d.id)
    const notInvited = docs.find((d) => !invited.includes(d.id))!.id
    const sockets: SocketInfo[] = [
      ...docs.flatMap((d) =>
        Array.from({ length: 10 }, () => ({
          userId: user('chengyuan1').id,
          sessionIdHash: 'member-session',
          docId: d.id,
        })),
      ),
      ...Array.from({ length: 5 }, () => ({
        userId: user('zhengqiu').id,
        sessionIdHash: 'commenter-session',
        docId: invited[0],
      })),
      ...Array.from({ length: 5 }, () => ({
        userId: user('zhengqiu').id,
        sessionIdHash: 'commenter-session',
        docId: notInvited,
      })),
      ...Array.from({ length: 3 }, () => ({
        userId: user('zhuxi').id,
        sessionIdHash: 'gone-session',
        docId: docs[0].id,
      })),
    ]
    const closed: { filter: SocketFilter; code: number; reason: string }[] = []
    deps.sockets.openSockets = () => sockets
    deps.sockets.closeWhere = async (filter, code, reason) => void closed.push({ filter, code, reason })
    const reads = vi.spyOn(metadata, 'getDocument')

    await recheckOpenSockets(deps)

    expect(closed).toEqual([
      { filter: { sessionIdHash: 'commenter-session', docIds: [notInvited] }, code: 4404, reason: 'access ended' },
      { filter: { sessionIdHash: 'gone-session' }, code: 4401, reason: 'session expired' },
    ])
    // One read per session × document: the member's documents, and the commenter's two.
    expect(reads).toHaveBeenCalledTimes(docs.length + 2)
  })
})

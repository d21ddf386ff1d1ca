/**
 * Concurrent changes through the use cases, as two instances make them: two store handles on one
 * PostgreSQL schema (two pools, like two servers), and the embedded store with two callers.
 * Replies must never overwrite each other; of two workflow steps from one state exactly one wins.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { contentField } from '../../shared/editor/schema.js'
import type { Group, Submission, Thread, Version } from '../../shared/schema.js'
import { contentHash } from '../../server/domain/content-hash.js'
import { reply } from '../../server/domain/threads.js'
import { restoreVersion } from '../../server/domain/versions.js'
import { approve, returnSubmission } from '../../server/domain/workflow.js'
import { FileVersionStore } from '../../server/store/embedded/file-version-store.js'
import { LowdbMetadataStore } from '../../server/store/embedded/lowdb-metadata-store.js'
import { migrate } from '../../server/store/postgres/migrations.js'
import { PgMetadataStore } from '../../server/store/postgres/pg-metadata-store.js'
import { PgVersionStore } from '../../server/store/postgres/pg-version-store.js'
import type { MetadataStore, StoredUser, VersionStore } from '../../server/store/types.js'
import { actorOf, domainDeps, type LiveDocs } from '../helpers/domain-deps.js'
import { freshSchema, probePostgres, servicesRequired } from '../helpers/services.js'
import type { Deps } from '../../server/domain/deps.js'

const id = (name: string) => `${name}${'0'.repeat(16)}`.slice(0, 16)
const at = '2025-01-01T00:00:00.000Z'
const person = (name: string, role: StoredUser['role'] = 'member'): StoredUser => ({
  id: id(name),
  username: name,
  displayName: name,
  role,
  active: true,
  createdAt: at,
  passwordHash: 'x',
})
const convener = person('zuzhang')
const member = person('chengyuan')
const chair = person('zhuxi', 'chair')
const group: Group = {
  id: id('group'),
  name: '农业组',
  members: [
    { userId: convener.id, convener: true },
    { userId: member.id, convener: false },
  ],
  chairIds: [chair.id],
  secretaryIds: [],
  createdAt: at,
}

const paragraphDoc = (text: string) => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
})

interface Deployment {
  /** Two callers, as two instances (two store handles where the store can be shared). */
  a: Deps
  b: Deps
  metadata: MetadataStore
  versions: VersionStore
  docs: LiveDocs
}

let seq = 0
async function seed({ metadata, versions }: Deployment, status: 'draft' | 'submitted' = 'draft') {
  const docId = id(`doc${++seq}`)
  for (const u of [convener, member, chair]) if (!(await metadata.getUser(u.id))) await metadata.createUser(u)
  if (!(await metadata.getGroup(group.id))) await metadata.createGroup(group)
  await metadata.createDocument({ id: docId, title: '建议案', groupId: group.id, status, createdAt: at, updatedAt: at })
  const contents = [paragraphDoc('送审的文字'), paragraphDoc('早先的文字')]
  for (const [i, content] of contents.entries()) {
    const version: Version = {
      documentId: docId,
      number: i + 1,
      label: `v${i + 1}`,
      kind: 'manual',
      authorId: member.id,
      createdAt: at,
      charCount: 5,
      hash: contentHash(content),
    }
    await versions.put(docId, version.number, { state: new Uint8Array([0, 0]), content })
    await metadata.addVersion(version)
  }
  const submission: Submission = {
    id: id(`sub${seq}`),
    documentId: docId,
    versionNumber: 1,
    hash: contentHash(contents[0]),
    note: '',
    submittedBy: convener.id,
    submittedAt: at,
    decision: null,
  }
  if (status === 'submitted') await metadata.putSubmission(submission)
  return docId
}

const codeOf = (result: PromiseSettledResult<unknown>) =>
  result.status === 'rejected' ? (result.reason as { code?: string }).code : 'ok'

const liveText = (d: Deployment, docId: string) =>
  (d.docs.get(docId)?.getXmlFragment(contentField).toString() ?? '').replace(/<[^>]+>/g, '')

function describeConcurrency(name: string, open: () => Promise<Deployment & { close(): Promise<void> }>) {
  describe(`concurrent changes (${name})`, () => {
    let d: Deployment & { close(): Promise<void> }
    afterAll(async () => d?.close())

    it('stores all of 20 replies sent to one thread at once from two instances', async () => {
      d ??= await open()
      const docId = await seed(d)
      const thread: Thread = {
        id: id(`thread${seq}`),
        documentId: docId,
        anchor: { start: 'AA==', end: 'AA==' },
        quote: '送审',
        authorId: member.id,
        createdAt: at,
        resolved: false,
        resolvedBy: null,
        resolvedAt: null,
        disposition: null,
        comments: [],
      }
      await d.metadata.putThread(thread)
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          reply(i % 2 ? d.a : d.b, actorOf(i % 3 ? member : convener), docId, thread.id, `意见 ${i}`),
        ),
      )
      expect(results.map(codeOf)).toEqual(Array(20).fill('ok'))
      const stored = await d.metadata.getThread(thread.id)
      expect(stored!.comments.map((c) => c.body).sort()).toEqual(
        Array.from({ length: 20 }, (_, i) => `意见 ${i}`).sort(),
      )
    })

    it('lets exactly one of two simultaneous decisions through; the other gets 409 workflow_conflict', async () => {
      d ??= await open()
      const docId = await seed(d, 'submitted')
      const results = await Promise.allSettled([
        approve(d.a, actorOf(chair), docId, '同意'),
        approve(d.b, actorOf(chair), docId, '同意'),
        returnSubmission(d.b, actorOf(chair), docId, '请修改'),
      ])
      expect(results.map(codeOf).filter((c) => c === 'ok')).toHaveLength(1)
      expect(results.map(codeOf).filter((c) => c !== 'ok')).toEqual(['workflow_conflict', 'workflow_conflict'])
      const decided = (await d.metadata.listAudit(docId)).filter((e) => e.action === 'approve' || e.action === 'return')
      expect(decided).toHaveLength(1)
      // A decision is about the submitted version itself: it records no version of its own.
      expect(await d.metadata.listVersions(docId)).toHaveLength(2)
    })

    it('never lets a restore change the text of an approval it raced with', async () => {
      d ??= await open()
      for (let round = 0; round < 4; round++) {
        const docId = await seed(d, 'submitted')
        const [approval, restore] = await Promise.allSettled([
          approve(d.a, actorOf(chair), docId, '同意'),
          restoreVersion(d.b, actorOf(member), docId, 2),
        ])
        expect(codeOf(approval)).toBe('ok')
        expect(['ok', 'workflow_conflict']).toContain(codeOf(restore))
        expect(liveText(d, docId)).toBe('送审的文字')
        expect((await d.metadata.getDocument(docId))!.status).toBe('approved')
      }
    })
  })
}

describeConcurrency('embedded store, two callers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianyi-concurrent-'))
  const metadata = await LowdbMetadataStore.open(join(dir, 'metadata.json'))
  const versions = new FileVersionStore(join(dir, 'versions'))
  const docs: LiveDocs = new Map()
  return {
    a: domainDeps({ metadata, versions }, docs),
    b: domainDeps({ metadata, versions }, docs),
    metadata,
    versions,
    docs,
    close: async () => rmSync(dir, { recursive: true, force: true }),
  }
})

const unreachable = await probePostgres()
if (unreachable && servicesRequired) throw new Error(`PostgreSQL unreachable: ${unreachable}`)

describe.skipIf(unreachable !== null)('PostgreSQL', () => {
  describeConcurrency('PostgreSQL, two store handles', async () => {
    const schema = await freshSchema()
    const pools = [new pg.Pool({ connectionString: schema.url }), new pg.Pool({ connectionString: schema.url })]
    await migrate(pools[0])
    const [first, second] = pools.map((pool) => ({
      metadata: new PgMetadataStore(pool),
      versions: new PgVersionStore(pool),
    }))
    const docs: LiveDocs = new Map()
    return {
      a: domainDeps(first, docs),
      b: domainDeps(second, docs),
      ...first,
      docs,
      close: async () => {
        for (const pool of pools) await pool.end()
        await schema.drop()
      },
    }
  })
})

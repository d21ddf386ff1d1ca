/**
 * seedDemoFollowUp, called as the demo would after its users and group exist: a sent 建议案 of the
 * demo group with a 领导批示, a 转办 and a 办理反馈 that every reader of the group sees, a whole
 * audit chain, and a last change older than the sample draft's.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../server/domain/demo.js'
import { seedDemoFollowUp } from '../../server/domain/demo-follow-up.js'
import { verifyDocumentAudit } from '../../server/domain/audit.js'
import { dueFollowUps, timeline } from '../../server/domain/follow-up.js'
import { FileDocumentStore } from '../../server/store/embedded/file-document-store.js'
import { FileMaterialStore } from '../../server/store/embedded/file-material-store.js'
import { FileVersionStore } from '../../server/store/embedded/file-version-store.js'
import { LowdbMetadataStore } from '../../server/store/embedded/lowdb-metadata-store.js'
import { actorOf, domainDeps } from '../helpers/domain-deps.js'

const dir = mkdtempSync(join(tmpdir(), 'jianyi-demo-follow-up-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('seedDemoFollowUp', () => {
  it('adds a sent 建议案 whose timeline the demo group reads, below the sample draft', async () => {
    const metadata = await LowdbMetadataStore.open(join(dir, 'metadata.json'))
    const content = new FileDocumentStore({ dir: join(dir, 'documents'), log: () => {} })
    // The demo's investigation keeps materials.
    const materials = await FileMaterialStore.open(join(dir, 'materials'))
    const deps = domainDeps(
      { metadata, versions: new FileVersionStore(join(dir, 'versions')), content, materials },
      new Map(),
    )
    await seedDemo(deps)
    const users = await metadata.listUsers()
    const user = (username: string) => users.find((u) => u.username === username)!
    const [group] = await metadata.listGroups()

    const docId = await seedDemoFollowUp(deps, {
      groupId: group.id,
      convenerId: user('zuzhang').id,
      chairId: user('zhuxi').id,
      secretaryId: user('mishu').id,
    })

    const doc = await metadata.getDocument(docId)
    expect(doc).toMatchObject({
      status: 'approved',
      groupId: group.id,
      title: '关于改善农村寄宿制学校办学条件的建议案',
    })
    expect((await metadata.listRegister()).filter((e) => e.documentId === docId)).toHaveLength(1)
    for (const username of ['zuzhang', 'chengyuan1', 'zhuxi', 'mishu']) {
      const seen = await timeline(deps, actorOf(user(username)), docId)
      expect(
        seen.entries.map((e) => e.kind),
        username,
      ).toEqual(['instruction', 'referral', 'feedback'])
      expect(seen.canRecord, username).toBe(username === 'mishu')
    }
    // The invited commenter reads the sample draft, not this one's follow-up.
    await expect(timeline(deps, actorOf(user('zhengqiu')), docId)).rejects.toMatchObject({ status: 404 })
    // With its 批示 on record it is not 待跟踪.
    expect(await dueFollowUps(deps, actorOf(user('mishu')))).toEqual([])
    // The sample draft stays first in the lists.
    const [first, second] = await metadata.listDocuments()
    expect([first.title, second.id]).toEqual(['关于加强我市高标准农田建设的建议案', docId])
    const { entries, check } = await verifyDocumentAudit(deps, docId)
    expect(check.ok).toBe(true)
    expect(entries.map((e) => e.action)).toEqual([
      'create',
      'version',
      'submit',
      'approve',
      'register',
      'follow_up_add',
      'follow_up_add',
      'follow_up_add',
    ])
    await content.close()
    await metadata.close()
  })
})

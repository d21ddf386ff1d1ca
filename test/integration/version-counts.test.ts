/**
 * A version's 字数 is the count bar's (shared/editor/char-count.ts), also for a version stored while
 * versions were counted in raw characters: the history shows the number the editor showed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { countDocument } from '../../shared/editor/char-count.js'
import type { Group, Version } from '../../shared/schema.js'
import { contentHash } from '../../server/domain/content-hash.js'
import { getVersion, listVersions } from '../../server/domain/versions.js'
import { FileVersionStore } from '../../server/store/embedded/file-version-store.js'
import { LowdbMetadataStore } from '../../server/store/embedded/lowdb-metadata-store.js'
import type { StoredUser } from '../../server/store/types.js'
import { actorOf, domainDeps } from '../helpers/domain-deps.js'

const dir = mkdtempSync(join(tmpdir(), 'jianyi-counts-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const at = '2025-01-01T00:00:00.000Z'
const member: StoredUser = {
  id: 'chengyuan0000000',
  username: 'chengyuan',
  displayName: '李委员',
  role: 'member',
  active: true,
  createdAt: at,
  passwordHash: 'x',
}
const group: Group = {
  id: 'group00000000000',
  name: '农业组',
  members: [{ userId: member.id, convener: true }],
  chairIds: [],
  secretaryIds: [],
  createdAt: at,
}

describe('a version’s 字数', () => {
  it('is counted again from its text when it was stored in raw characters', async () => {
    const metadata = await LowdbMetadataStore.open(join(dir, 'metadata.json'))
    const versions = new FileVersionStore(join(dir, 'versions'))
    const deps = domainDeps({ metadata, versions }, new Map())
    await metadata.createUser(member)
    await metadata.createGroup(group)
    const docId = 'doc0000000000000'
    await metadata.createDocument({
      id: docId,
      title: '建议案',
      groupId: group.id,
      status: 'draft',
      createdAt: at,
      updatedAt: at,
    })
    const text = '依据GB/T 9704-2012, 2025年完成。'
    const content = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }
    // As an older server stored it: every character but the line breaks.
    const stored: Version = {
      documentId: docId,
      number: 1,
      label: '第一稿',
      kind: 'manual',
      authorId: member.id,
      createdAt: at,
      charCount: text.length,
      hash: contentHash(content),
    }
    await versions.put(docId, 1, { state: new Uint8Array([0, 0]), content })
    await metadata.addVersion(stored)

    // 依据 年完成 = 5 汉字, 。 = 1, GB/T 9704-2012 2025 = 3 words: what the count bar shows for this text.
    expect(countDocument(content).words).toBe(9)
    const {
      versions: [listed],
    } = await listVersions(deps, actorOf(member), docId)
    expect(listed).toEqual({ ...stored, charCount: 9 })
    expect((await getVersion(deps, actorOf(member), docId, 1)).charCount).toBe(9)
    await metadata.close()
  })
})

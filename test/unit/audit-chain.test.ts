import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { anchorOf, appendAudit, verifyChain, verifyDocumentAudit } from '../../server/domain/audit.js'
import { LowdbMetadataStore } from '../../server/store/embedded/lowdb-metadata-store.js'
import { testAuditKey } from '../helpers/domain-deps.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function chainOf(n: number) {
  const dir = mkdtempSync(join(tmpdir(), 'jianyi-audit-'))
  dirs.push(dir)
  const store = await LowdbMetadataStore.open(join(dir, 'metadata.json'))
  const docId = 'doc0000000000001'
  for (let i = 0; i < n; i++) {
    await appendAudit({ metadata: store, auditKey: testAuditKey }, docId, {
      action: 'version',
      actorId: 'user000000000001',
      versionNumber: i + 1,
      contentHash: 'a'.repeat(64),
      details: `第${i + 1}稿`,
    })
  }
  return { store, docId, entries: await store.listAudit(docId) }
}

describe('the audit chain', () => {
  it('verifies an untouched chain, each entry linked to the one before', async () => {
    const { entries } = await chainOf(5)
    expect(entries.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4])
    expect(entries[0].prevHash).toBe('')
    for (let i = 1; i < entries.length; i++) expect(entries[i].prevHash).toBe(entries[i - 1].hash)
    expect(verifyChain(entries)).toEqual({ ok: true, problem: null })
  })

  it('names the entry whose content was edited', async () => {
    const { entries } = await chainOf(5)
    entries[2] = { ...entries[2], details: '篡改后的内容' }
    const check = verifyChain(entries)
    expect(check.ok).toBe(false)
    expect(check.problem).toMatch(/^entry 2 .*content was changed/)
  })

  it('names the place where an entry was deleted', async () => {
    const { entries } = await chainOf(5)
    entries.splice(3, 1)
    const check = verifyChain(entries)
    expect(check.ok).toBe(false)
    expect(check.problem).toMatch(/^entry 3/)
  })

  it('detects an edited entry whose hash was recomputed, because the next entry no longer follows it', async () => {
    const { entries } = await chainOf(4)
    const { createHash } = await import('node:crypto')
    const { canonicalJson } = await import('../../server/domain/content-hash.js')
    const { hash: _old, ...body } = { ...entries[1], actorId: 'someoneelse00001' }
    entries[1] = { ...body, hash: createHash('sha256').update(canonicalJson(body)).digest('hex') }
    expect(verifyChain(entries).problem).toMatch(/^entry 2 .*does not follow entry 1/)
  })

  it('never forks when entries are appended concurrently', async () => {
    const { store, docId } = await chainOf(0)
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendAudit({ metadata: store, auditKey: testAuditKey }, docId, {
          action: 'export',
          actorId: 'user000000000001',
          versionNumber: 1,
          contentHash: null,
          details: String(i),
        }),
      ),
    )
    const entries = await store.listAudit(docId)
    expect(entries).toHaveLength(20)
    expect(verifyChain(entries).ok).toBe(true)
  })
})

describe('the audit chain anchored by the audit key', () => {
  const deps = (store: LowdbMetadataStore) => ({ metadata: store, auditKey: testAuditKey })

  it('holds while untouched, and notices entries cut from its end', async () => {
    const { store, docId } = await chainOf(5)
    expect((await verifyDocumentAudit(deps(store), docId)).check).toEqual({ ok: true, problem: null })
    const file = join(dirs.at(-1)!, 'metadata.json')
    const data = JSON.parse(readFileSync(file, 'utf8'))
    data.audit = data.audit.slice(0, 3)
    writeFileSync(file, JSON.stringify(data))
    const { check } = await verifyDocumentAudit(deps(await LowdbMetadataStore.open(file)), docId)
    expect(check.ok).toBe(false)
    expect(check.problem).toMatch(/signs 5 entries but 3 are stored/)
  })

  it('notices an anchor re-signed without the key, or removed', async () => {
    const { docId } = await chainOf(3)
    const file = join(dirs.at(-1)!, 'metadata.json')
    const data = JSON.parse(readFileSync(file, 'utf8'))
    data.audit = data.audit.slice(0, 2)
    data.auditAnchors[docId] = anchorOf(Buffer.alloc(32, 1), docId, 2, data.audit[1].hash)
    writeFileSync(file, JSON.stringify(data))
    expect((await verifyDocumentAudit(deps(await LowdbMetadataStore.open(file)), docId)).check.problem).toMatch(
      /does not match the audit key/,
    )
    delete data.auditAnchors[docId]
    writeFileSync(file, JSON.stringify(data))
    expect((await verifyDocumentAudit(deps(await LowdbMetadataStore.open(file)), docId)).check.problem).toMatch(
      /no signed anchor/,
    )
  })
})

/**
 * 引用 and 来源 against the real server with the demo investigation: what an editor may cite, and
 * each target as each reader may see it — never the name of what they may not read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Citable, Citations } from '../../shared/citations.js'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let convener: Session
let chair: Session
let commenter: Session
let sampleId: string
let citable: Citable

const resolve = (s: Session, targets: string[], expect = 200) =>
  s.json<Citations>(`/documents/${sampleId}/citations?targets=${encodeURIComponent(targets.join(','))}`, { expect })

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  ;[convener, chair, commenter] = await Promise.all(['zuzhang', 'zhuxi', 'zhengqiu'].map((u) => login(server, u)))
  sampleId = (await demoGroup(convener)).sampleDocId
  citable = await convener.json<Citable>(`/documents/${sampleId}/citable`, { expect: 200 })
})

afterAll(async () => {
  await server?.kill('SIGKILL')
})

describe('citations', () => {
  it('offers an editor the group’s materials and its other documents, the draft itself left out', () => {
    expect(citable.materials.map((m) => m.title).sort()).toEqual(
      ['全市高标准农田建设情况汇报', '六县（市、区）亩均投入对比图', '关于高标准农田建后管护的书面意见'].sort(),
    )
    expect(citable.documents.map((d) => d.documentKind).sort()).toEqual([
      'minutes',
      'minutes',
      'plan',
      'proposal',
      'report',
    ])
    expect(citable.documents.some((d) => d.documentId === sampleId)).toBe(false)
  })

  it('resolves each target for the chair, and answers unknown or foreign targets alike without a name', async () => {
    const material = citable.materials[0]
    const report = citable.documents.find((d) => d.documentKind === 'report')!
    const unknown = 'material:AAAAAAAAAAAAAAAA'
    const { citations } = await resolve(chair, [material.target, report.target, unknown, `document:${sampleId}`])
    expect(citations).toEqual([
      material,
      report,
      { target: unknown, readable: false, kind: 'material' },
      // The draft citing itself is not a source.
      { target: `document:${sampleId}`, readable: false, kind: 'document' },
    ])
  })

  it('lets an invited commenter read the materials but not the name of a document they were not invited to', async () => {
    const material = citable.materials[0]
    const report = citable.documents.find((d) => d.documentKind === 'report')!
    const { citations } = await resolve(commenter, [material.target, report.target])
    expect(citations).toEqual([material, { target: report.target, readable: false, kind: 'document' }])
    expect(JSON.stringify(citations)).not.toContain(report.title)
  })

  it('refuses a malformed target naming the field, and hides the draft from an outsider', async () => {
    const bad = await resolve(convener, ['user:AAAAAAAAAAAAAAAA'], 400)
    expect((bad as unknown as { error: { field: string } }).error.field).toBe('targets')
    const admin = await login(server, 'admin')
    await admin.json(`/documents/${sampleId}/citable`, { expect: 404 })
    await admin.json(`/documents/${sampleId}/citations?targets=${citable.materials[0].target}`, { expect: 404 })
  })

  it('lists the cited materials as 附件 when the export asks, in the order first cited', async () => {
    const version = await convener.json<{ number: number }>(`/documents/${sampleId}/versions`, {
      method: 'POST',
      body: JSON.stringify({ label: '附件测试' }),
      expect: 201,
    })
    const exported = async (query: string) => {
      const res = await convener.api(`/documents/${sampleId}/versions/${version.number}/export/txt${query}`)
      expect(res.status).toBe(200)
      return res.text()
    }
    const titles = ['全市高标准农田建设情况汇报', '六县（市、区）亩均投入对比图', '关于高标准农田建后管护的书面意见']
    const listed = (await exported('?attachments=cited')).split('\n')
    const at = listed.indexOf(`附件：1.${titles[0]}`)
    expect(at).toBeGreaterThan(0)
    expect(listed.slice(at + 1, at + 3)).toEqual([
      `\u3000\u3000\u30002.${titles[1]}`,
      `\u3000\u3000\u30003.${titles[2]}`,
    ])
    expect(await exported('')).not.toContain('附件：')
    const bad = await convener.api(`/documents/${sampleId}/versions/${version.number}/export/txt?attachments=all`)
    expect(bad.status).toBe(400)
  })

  it('搜索 finds materials by title and source for those who may read them, and for nobody else', async () => {
    type Found = { materials: { title: string; field: string; snippet: { match: string } }[] }
    const find = (s: Session, q: string) => s.json<Found>(`/search?q=${encodeURIComponent(q)}`, { expect: 200 })
    const byTitle = await find(commenter, '亩均投入对比')
    expect(byTitle.materials.map((m) => [m.title, m.field, m.snippet.match])).toEqual([
      ['六县（市、区）亩均投入对比图', 'title', '亩均投入对比'],
    ])
    const bySource = await find(chair, '甲县农业农村局')
    expect(bySource.materials.map((m) => [m.title, m.field])).toEqual([['关于高标准农田建后管护的书面意见', 'source']])
    const admin = await login(server, 'admin')
    expect((await find(admin, '亩均投入对比')).materials).toEqual([])
  })
})

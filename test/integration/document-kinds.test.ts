/**
 * Document kinds over HTTP: a 座谈会纪要 and a 调研报告 created from their templates, versioned and
 * exported like a 建议案 (the 纪要 with its header block and no 署名, the 调研报告 signed by the group
 * and with no 主送机关); their creation audited with the kind; 导入Word creating a 建议案 unless told
 * a kind; a kind the server does not know refused.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { startServer, type RunningServer } from '../helpers/server.js'
import { paragraphs, readDocx } from '../fixtures/export/docx-parts.js'

let server: RunningServer
let convener: Session
let groupId: string

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  convener = await login(server, 'zuzhang')
  groupId = (await demoGroup(convener)).groupId
})
afterAll(async () => {
  await server.kill('SIGKILL')
})

async function create(kind: string, title: string): Promise<{ id: string; kind: string }> {
  return convener.json('/documents', {
    method: 'POST',
    body: JSON.stringify({ title, groupId, kind, template: 'template' }),
    expect: 201,
  })
}

/** Version 1 of the document as it is now, exported as a DOCX draft: each paragraph's style and text. */
async function exported(id: string) {
  await convener.json(`/documents/${id}/versions`, {
    method: 'POST',
    body: JSON.stringify({ label: '初稿' }),
    expect: 201,
  })
  const res = await convener.api(`/documents/${id}/versions/1/export/docx`)
  expect(res.status).toBe(200)
  const docx = await readDocx(new Uint8Array(await res.arrayBuffer()))
  return paragraphs(docx.document).filter((p) => p.text)
}

describe('documents of each kind', () => {
  it('creates a 座谈会纪要 from its template, which exports with its header block, numbered headings and no 署名', async () => {
    const doc = await create('minutes', '高标准农田建设座谈会纪要')
    expect(doc.kind).toBe('minutes')
    const printed = await exported(doc.id)
    expect(printed.map((p) => [p.style, p.text]).slice(0, 5)).toEqual([
      ['Title', '高标准农田建设座谈会纪要'],
      ['MeetingField', '时间：'],
      ['MeetingField', '地点：'],
      ['MeetingField', '主持人：'],
      ['MeetingField', '参加人员：'],
    ])
    expect(printed.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([
      '一、会议议题',
      '二、发言摘要',
      '三、会议共识和下一步工作',
    ])
    expect(printed.map((p) => p.style)).not.toContain('Signature')
    expect(printed.map((p) => p.style)).not.toContain('DocumentDate')
  })

  it('creates a 调研报告 signed by the group, with no 主送机关, and offers it no 送审', async () => {
    const doc = await create('report', '关于我市高标准农田建设情况的调研报告')
    const printed = await exported(doc.id)
    expect(printed.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([
      '一、基本情况',
      '二、主要问题',
      '三、原因分析',
      '四、对策建议',
    ])
    expect(printed.map((p) => p.style)).not.toContain('Recipients')
    expect(printed.at(-2)).toEqual({ style: 'Signature', text: '农业农村调研组' })
    const workflow = await convener.json<{ actions: string[] }>(`/documents/${doc.id}/workflow`)
    expect(workflow.actions).toEqual([])
    const audit = await convener.json<{ entries: { action: string; details: string }[] }>(`/documents/${doc.id}/audit`)
    expect(audit.entries.find((e) => e.action === 'create')?.details).toBe(
      `关于我市高标准农田建设情况的调研报告 (template report, kind report, group ${groupId})`,
    )
  })

  it('exports a 调研方案 as plain text with its headings numbered and the group’s 署名', async () => {
    const doc = await create('plan', '关于我市高标准农田建设情况的调研方案')
    await convener.json(`/documents/${doc.id}/versions`, {
      method: 'POST',
      body: JSON.stringify({ label: '初稿' }),
      expect: 201,
    })
    const text = await (await convener.api(`/documents/${doc.id}/versions/1/export/txt`)).text()
    expect(text).toContain('一、调研目的\n')
    expect(text).toContain('六、工作要求\n')
    expect(text.trimEnd().split('\n').at(-2)).toBe('农业农村调研组')
  })

  it('refuses a kind it does not know, and a kind’s suggested title as it is', async () => {
    const unknown = await convener.api('/documents', {
      method: 'POST',
      body: JSON.stringify({ title: '关于农村养老的提案', groupId, kind: 'motion' }),
    })
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as { error: { field: string } }).error.field).toBe('kind')
    const placeholder = await convener.api('/documents', {
      method: 'POST',
      body: JSON.stringify({ title: '……座谈会纪要', groupId, kind: 'minutes' }),
    })
    expect(placeholder.status).toBe(400)
    expect(((await placeholder.json()) as { error: { reason: string } }).error.reason).toBe('title_placeholder')
  })

  it('creates a 建议案 when no kind is said, as before kinds', async () => {
    const doc = await convener.json<{ kind: string }>('/documents', {
      method: 'POST',
      body: JSON.stringify({ title: '关于完善农村养老服务体系的建议案', groupId, template: 'jianyian' }),
      expect: 201,
    })
    expect(doc.kind).toBe('proposal')
  })
})

describe('导入Word and kinds', () => {
  const upload = async (fields: Record<string, string>) => {
    const form = new FormData()
    const bytes = readFileSync(join(import.meta.dirname, '../fixtures/import/word-styles.docx'))
    form.set('file', new Blob([new Uint8Array(bytes)]), 'draft.docx')
    form.set('groupId', groupId)
    for (const [key, value] of Object.entries(fields)) form.set(key, value)
    const res = await fetch(`${server.url}/api/documents/import`, {
      method: 'POST',
      body: form,
      headers: { cookie: convener.cookie },
    })
    return { status: res.status, body: (await res.json()) as any }
  }

  it('creates a 建议案 unless a kind is given, and a 调研报告 keeps no 主送机关', async () => {
    const plain = await upload({})
    expect(plain.status).toBe(201)
    expect(plain.body.document.kind).toBe('proposal')
    const report = await upload({ kind: 'report' })
    expect(report.status).toBe(201)
    expect(report.body.document.kind).toBe('report')
    expect(report.body.document).not.toHaveProperty('recipients')
    expect((await upload({ kind: 'motion' })).status).toBe(400)
  })
})

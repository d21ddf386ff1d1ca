/**
 * POST /api/documents/import (导入Word) on the real server: a convener's .docx becomes a draft with
 * the recognised title, 主送机关 and structure, audited as imported; every refusal (not a convener,
 * a field missing, a PDF named .docx, a damaged zip, a zip bomb, a DOCTYPE, an upload over
 * MAX_UPLOAD_BYTES) creates nothing, and the server answers on.
 */
import { strToU8, zipSync } from 'fflate'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { W } from '../../server/import/docx-archive.js'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let convener: Session
let member: Session
let groupId: string

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  ;[convener, member] = await Promise.all([login(server, 'zuzhang'), login(server, 'chengyuan1')])
  groupId = (await demoGroup(convener)).groupId
})
afterAll(async () => {
  await server.kill('SIGKILL')
})

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/import', name))

/** Uploads `bytes` as the form's file (leaving out what `omit` names), as `session`. */
async function upload(
  session: Session,
  bytes: Uint8Array | null,
  { name = 'draft.docx', fields = {} as Record<string, string>, omit = [] as string[] } = {},
) {
  const form = new FormData()
  if (bytes && !omit.includes('file')) form.set('file', new Blob([new Uint8Array(bytes)]), name)
  if (!omit.includes('groupId')) form.set('groupId', groupId)
  for (const [key, value] of Object.entries(fields)) form.set(key, value)
  const res = await fetch(`${server.url}/api/documents/import`, {
    method: 'POST',
    body: form,
    headers: { cookie: session.cookie },
  })
  return { status: res.status, body: (await res.json()) as any }
}

const documentIds = async () =>
  (await convener.json<{ documents: { id: string }[] }>('/documents', { expect: 200 })).documents
    .map((d) => d.id)
    .sort()

/** The content the draft holds now, read through a version saved for the purpose. */
async function contentOf(id: string): Promise<any> {
  const version = await convener.json<{ number: number }>(`/documents/${id}/versions`, {
    method: 'POST',
    body: JSON.stringify({ label: '导入后' }),
    expect: 201,
  })
  return (await convener.json<{ content: any }>(`/documents/${id}/versions/${version.number}`, { expect: 200 })).content
}

const minimalDocx = (documentXml: string) =>
  zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    'word/document.xml': strToU8(documentXml),
  })

describe('导入Word over HTTP', () => {
  it('creates a draft from a convener’s .docx: title, 主送机关, headings without typed numbers, the report, an audit line', async () => {
    const { status, body } = await upload(convener, fixture('word-styles.docx'), { name: '养老服务建议案.docx' })
    expect(status).toBe(201)
    expect(body.document).toMatchObject({
      title: '关于加强社区养老服务体系建设的建议案',
      recipients: '市委、市政府',
      groupId,
      status: 'draft',
      access: { edit: true, manage: true },
    })
    expect(body.report).toMatchObject({
      title: true,
      recipients: true,
      signature: true,
      date: true,
      headings: [4, 3, 1, 1],
      lists: 2,
      dropped: { footnotes: 1 },
    })
    const content = await contentOf(body.document.id)
    const headings = content.content
      .filter((node: any) => node.type === 'heading')
      .map((node: any) => `${node.attrs.level}:${node.content[0].text}`)
    expect(headings.slice(0, 4)).toEqual([
      '1:基本情况',
      '2:社区养老服务设施逐步完善',
      '1:存在的问题',
      '2:设施布局不够均衡',
    ])
    expect(JSON.stringify(content)).not.toMatch(/一、|（一）/)

    const audit = await convener.json<{ entries: { action: string; details: string }[] }>(
      `/documents/${body.document.id}/audit`,
      { expect: 200 },
    )
    expect(audit.entries[0]).toMatchObject({
      action: 'create',
      details: `关于加强社区养老服务体系建设的建议案 (imported from 养老服务建议案.docx, group ${groupId})`,
    })
  })

  it('keeps a table, and takes the title the form gives over the file’s', async () => {
    const { status, body } = await upload(convener, fixture('table.docx'), {
      fields: { title: '关于养老设施的调研报告' },
    })
    expect(status).toBe(201)
    expect(body.document.title).toBe('关于养老设施的调研报告')
    expect(body.document).not.toHaveProperty('recipients')
    const table = (await contentOf(body.document.id)).content.find((node: any) => node.type === 'table')
    expect(table.content).toHaveLength(5)
    expect(table.content[0].content.map((cell: any) => cell.type)).toEqual([
      'tableHeader',
      'tableHeader',
      'tableHeader',
    ])
    expect(table.content[2].content[0].attrs).toMatchObject({ rowspan: 2 })
  })

  it('names the file’s name as the title when the file has none', async () => {
    const { status, body } = await upload(convener, fixture('images.docx'), { name: '调研掠影.docx' })
    expect(status).toBe(201)
    expect(body.document.title).toBe('调研掠影')
    expect(body.report.dropped.images).toBe(2)
  })

  describe('refusals create nothing', () => {
    let before: string[]
    beforeAll(async () => {
      before = await documentIds()
    })
    afterAll(async () => {
      expect(await documentIds()).toEqual(before)
      // The server answers on, and still imports.
      expect((await convener.api('/health')).status).toBe(200)
      expect((await upload(convener, fixture('typed-numbers.docx'))).status).toBe(201)
    })

    it('refuses a member who is not a convener of the group with 403, before reading the file', async () => {
      const { status, body } = await upload(member, fixture('word-styles.docx'))
      expect(status).toBe(403)
      expect(body.error.reason).toBe('create_forbidden')
    })

    it.each(['file', 'groupId'])('answers 400 naming the field when %s is missing', async (field) => {
      const { status, body } = await upload(convener, fixture('word-styles.docx'), { omit: [field] })
      expect(status).toBe(400)
      expect(body.error).toMatchObject({ code: 'invalid_input', field })
    })

    it('answers 400 naming the title when the title given is the template’s placeholder', async () => {
      const { status, body } = await upload(convener, fixture('word-styles.docx'), {
        fields: { title: '关于……的建议案' },
      })
      expect(status).toBe(400)
      expect(body.error).toMatchObject({ field: 'title', reason: 'title_placeholder' })
    })

    it('answers 415 for a PDF renamed .docx', async () => {
      const { status, body } = await upload(convener, strToU8('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF'), {
        name: '建议案.docx',
      })
      expect(status).toBe(415)
      expect(body.error).toMatchObject({ field: 'file', reason: 'not_docx' })
    })

    it('answers 400 for a damaged zip', async () => {
      const good = fixture('word-styles.docx')
      const { status, body } = await upload(convener, good.subarray(0, Math.floor(good.length * 0.6)))
      expect([400, 415]).toContain(status)
      expect(['docx_corrupt', 'not_docx']).toContain(body.error.reason)
    })

    it('answers 413 for a zip bomb, whatever its headers declare', async () => {
      const bomb = zipSync({
        '[Content_Types].xml': [strToU8('<Types/>'), { level: 9 }],
        'word/document.xml': [strToU8(`<w:document xmlns:w="${W}"><w:body/></w:document>`), { level: 9 }],
        'word/media/zeros.bin': [new Uint8Array(64 * 1024 * 1024), { level: 9 }],
      })
      expect(bomb.length).toBeLessThan(1024 * 1024)
      const { status, body } = await upload(convener, bomb)
      expect(status).toBe(413)
      expect(body.error.reason).toBe('docx_unpacks_too_large')
    })

    it('answers 400 for a DOCTYPE (XXE), and leaks nothing of the server’s files', async () => {
      const xxe =
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
        `<w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>`
      const { status, body } = await upload(convener, minimalDocx(xxe))
      expect(status).toBe(400)
      expect(body.error.reason).toBe('docx_corrupt')
      expect(JSON.stringify(body)).not.toContain('root:')
    })

    it('answers 413 with the limit in words for 30 MB, before reading the body', async () => {
      const { status, body } = await upload(convener, new Uint8Array(30 * 1024 * 1024))
      expect(status).toBe(413)
      expect(body.error.code).toBe('too_large')
      expect(body.error.message).toMatch(/请求内容过大，上限为 20 MiB/)
    })
  })
})

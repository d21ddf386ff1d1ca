/**
 * 调研材料 over HTTP on the real server (embedded store): a member's PDF, DOCX, XLSX, PNG and JPEG
 * are taken, listed, served as sandboxed attachments of the kind their content is, previewed as
 * images (a PDF's first page drawn once and kept), removed, and kept across a restart; every
 * refusal (an executable named .pdf, a page named .png, a zip that is no Office file, an empty
 * file, a file over MAX_UPLOAD_BYTES) stores nothing: no description, no file, no audit entry.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readMaterialDetails } from '../../shared/audit-details.js'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import {
  colouredPng,
  htmlPage,
  jpegStart,
  peExecutable,
  plainZip,
  sampleDocx,
  samplePdf,
  sampleXlsx,
} from '../helpers/material-files.js'
import { startServer, type RunningServer } from '../helpers/server.js'

const maxUploadBytes = 256 * 1024

let server: RunningServer
let member: Session
let chair: Session
let groupId: string

beforeAll(async () => {
  server = await startServer({ args: ['--demo'], env: { MAX_UPLOAD_BYTES: String(maxUploadBytes) } })
  ;[member, chair] = await Promise.all([login(server, 'chengyuan1'), login(server, 'zhuxi')])
  groupId = (await demoGroup(member)).groupId
})
afterAll(async () => {
  await server.kill('SIGKILL')
})

interface Fields {
  title?: string
  source?: string
  date?: string
}

async function upload(session: Session, bytes: Uint8Array, name: string, fields: Fields = {}) {
  const form = new FormData()
  form.set('file', new Blob([new Uint8Array(bytes)]), name)
  const { title = `材料 ${name}`, source = '市农业农村局', date = '2026-03-12' } = fields
  form.set('title', title)
  form.set('source', source)
  form.set('date', date)
  const res = await fetch(`${server.url}/api/groups/${groupId}/materials`, {
    method: 'POST',
    body: form,
    headers: { cookie: session.cookie },
  })
  return { status: res.status, body: (await res.json()) as any }
}

/**
 * The same upload on a connection of its own, answered however the server ends it: a body refused
 * unread may be cut off before it is all sent, which fetch reports as a failure, not as the answer.
 */
async function uploadOnItsOwnConnection(
  session: Session,
  bytes: Uint8Array,
  name: string,
  { chunked = false }: { chunked?: boolean } = {},
) {
  const form = new FormData()
  form.set('file', new Blob([new Uint8Array(bytes)]), name)
  form.set('title', name)
  form.set('source', '市农业农村局')
  form.set('date', '2026-03-12')
  const encoded = new Response(form)
  const body = Buffer.from(await encoded.arrayBuffer())
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(
      `${server.url}/api/groups/${groupId}/materials`,
      {
        method: 'POST',
        agent: false,
        headers: {
          cookie: session.cookie,
          'content-type': encoded.headers.get('content-type')!,
          // Chunked: no length up front, so the server learns the size only as the body streams in.
          ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': body.length }),
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()) }))
      },
    )
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error)
    })
    if (!chunked) return req.end(body)
    const send = (at: number) => {
      if (at >= body.length || req.destroyed) return req.end()
      req.write(body.subarray(at, at + 16 * 1024), () => send(at + 16 * 1024))
    }
    send(0)
  })
}

const listed = async (session = member) =>
  await session.json<{ materials: any[]; canChange: boolean; maxBytes: number }>(`/groups/${groupId}/materials`, {
    expect: 200,
  })

const storedFiles = () => readdirSync(join(server.dataDir, 'materials', 'files')).sort()
const materialAudit = () =>
  (JSON.parse(readFileSync(join(server.dataDir, 'metadata.json'), 'utf8')) as { audit: any[] }).audit.filter(
    (entry) => entry.action === 'material_add' || entry.action === 'material_remove',
  )

const get = (session: Session, path: string) =>
  fetch(`${server.url}/api/groups/${groupId}/materials${path}`, { headers: { cookie: session.cookie } })

describe('调研材料', () => {
  it('takes each kind by its content, lists it, and serves it as a sandboxed attachment of that kind', async () => {
    const pdf = await samplePdf('Visit report')
    const files: [Uint8Array, string, string, string][] = [
      [pdf, '调研报告.pdf', 'pdf', 'application/pdf'],
      [
        sampleDocx(),
        '座谈会记录.docx',
        'docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
      [sampleXlsx(), '统计表.xlsx', 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [colouredPng(), '现场照片.png', 'png', 'image/png'],
      // A JPEG named .png is a JPEG: the content decides, and it is served as one.
      [jpegStart, 'misnamed.png', 'jpeg', 'image/jpeg'],
    ]
    // The demo's investigation has materials of its own already.
    const demoFiles = storedFiles().length
    const uploaded = new Set<string>()
    for (const [bytes, name, type, mediaType] of files) {
      const { status, body } = await upload(member, bytes, name, { title: `关于${name}的材料`, date: '2026-03-01' })
      uploaded.add(body.id)
      expect(status, name).toBe(201)
      expect(body).toMatchObject({ groupId, type, fileName: name, size: bytes.length, source: '市农业农村局' })
      expect(body.sha256).toMatch(/^[0-9a-f]{64}$/)

      const res = await get(chair, `/${body.id}/file`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe(mediaType)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox")
      const disposition = res.headers.get('content-disposition') ?? ''
      expect(disposition).toMatch(/^attachment; /)
      const extension = type === 'jpeg' ? '.jpg' : `.${type}`
      expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`关于${name}的材料${extension}`)}`)
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes)
    }
    const { materials, canChange, maxBytes } = await listed()
    expect(canChange).toBe(true)
    expect(maxBytes).toBe(maxUploadBytes)
    expect(
      materials
        .filter((m) => uploaded.has(m.id))
        .map((m) => m.type)
        .sort(),
    ).toEqual(['docx', 'jpeg', 'pdf', 'png', 'xlsx'])
    expect((await listed(chair)).canChange).toBe(false)
    expect(storedFiles()).toHaveLength(demoFiles + 5)

    const added = materialAudit()
    expect(added).toHaveLength(5)
    expect(added.every((entry) => entry.actorId === member.userId && entry.action === 'material_add')).toBe(true)
    expect(readMaterialDetails(added[0].details)).toMatchObject({ groupId, type: 'pdf', fileName: '调研报告.pdf' })
  })

  it('lists the latest date first', async () => {
    await upload(member, colouredPng(), 'later.png', { title: '较新的材料', date: '2026-04-30' })
    await upload(member, colouredPng(), 'earlier.png', { title: '较早的材料', date: '2025-12-31' })
    const titles = (await listed()).materials.map((m) => m.title)
    expect(titles[0]).toBe('较新的材料')
    expect(titles.at(-1)).toBe('较早的材料')
  })

  it('previews an image as itself and a PDF by its first page as PNG, drawn once and kept', async () => {
    const png = colouredPng()
    const image = (await upload(member, png, 'photo.png')).body
    const res = await get(chair, `/${image.id}/preview`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-disposition')).toBe('inline')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png)

    const pdf = (await upload(member, await samplePdf('First page'), 'report.pdf')).body
    const kept = join(server.dataDir, 'materials', 'previews', `${pdf.id}.png`)
    expect(existsSync(kept)).toBe(false)
    const first = await get(member, `/${pdf.id}/preview`)
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('image/png')
    const picture = new Uint8Array(await first.arrayBuffer())
    expect([...picture.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    // Its width and height (IHDR): a portrait page, 800 pixels at its longer side.
    const view = new DataView(picture.buffer, picture.byteOffset)
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([566, 800])
    expect(new Uint8Array(readFileSync(kept))).toEqual(picture)
    const again = await get(chair, `/${pdf.id}/preview`)
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(picture)

    const docx = (await upload(member, sampleDocx(), 'notes.docx')).body
    expect((await get(member, `/${docx.id}/preview`)).status).toBe(404)
  })

  it('a damaged PDF has no preview (404, logged), and the server answers on', async () => {
    const broken = new TextEncoder().encode('%PDF-1.7\nthis is not a PDF at all')
    const { body } = await upload(member, broken, 'broken.pdf')
    const res = await get(member, `/${body.id}/preview`)
    expect(res.status).toBe(404)
    expect(server.output()).toContain(`materials: no preview of ${body.id}`)
    expect((await get(member, `/${body.id}/file`)).status).toBe(200)
  })

  describe('refuses what it does not take, and stores nothing', () => {
    const refusals: [string, () => Uint8Array, string, number, string][] = [
      ['an executable named .pdf', peExecutable, 'report.pdf', 415, 'material_type'],
      ['a web page named .png', htmlPage, 'photo.png', 415, 'material_type'],
      ['a zip that is no Office file, named .docx', plainZip, 'minutes.docx', 415, 'material_type'],
      ['an empty file', () => new Uint8Array(0), 'empty.pdf', 400, 'file_empty'],
    ]
    for (const [what, make, name, status, reason] of refusals) {
      it(`${what} → ${status}`, async () => {
        const before = { list: (await listed()).materials, files: storedFiles(), audit: materialAudit().length }
        const refused = await upload(member, make(), name)
        expect(refused.status).toBe(status)
        expect(refused.body.error).toMatchObject({ field: 'file', reason })
        // The message says it in Chinese, then in English.
        expect(refused.body.error.message).toMatch(/[\u4e00-\u9fff].* \/ [a-z]/)
        expect((await listed()).materials).toEqual(before.list)
        expect(storedFiles()).toEqual(before.files)
        expect(materialAudit()).toHaveLength(before.audit)
      })
    }

    it('a title, source or date missing or malformed → 400 naming the field', async () => {
      const before = storedFiles()
      expect((await upload(member, colouredPng(), 'a.png', { title: '  ' })).body.error).toMatchObject({
        field: 'title',
      })
      expect((await upload(member, colouredPng(), 'a.png', { source: '' })).body.error).toMatchObject({
        field: 'source',
      })
      const badDate = await upload(member, colouredPng(), 'a.png', { date: '2026-02-30' })
      expect(badDate.status).toBe(400)
      expect(badDate.body.error).toMatchObject({ field: 'date' })
      expect(storedFiles()).toEqual(before)
    })

    it('the chair may read but not add: 403, nothing stored', async () => {
      const before = storedFiles()
      const refused = await upload(chair, colouredPng(), 'chair.png')
      expect(refused.status).toBe(403)
      expect(refused.body.error.reason).toBe('materials_forbidden')
      expect(storedFiles()).toEqual(before)
    })
  })

  it('removes a material: its description, file and preview go, audited', async () => {
    const pdf = (await upload(member, await samplePdf('Gone'), 'gone.pdf')).body
    expect((await get(member, `/${pdf.id}/preview`)).status).toBe(200)
    const res = await member.api(`/groups/${groupId}/materials/${pdf.id}`, { method: 'DELETE' })
    expect(res.status).toBe(204)
    expect((await listed()).materials.map((m) => m.id)).not.toContain(pdf.id)
    expect(storedFiles()).not.toContain(pdf.id)
    expect(existsSync(join(server.dataDir, 'materials', 'previews', `${pdf.id}.png`))).toBe(false)
    expect((await get(member, `/${pdf.id}/file`)).status).toBe(404)
    const removal = materialAudit().at(-1)
    expect(removal.action).toBe('material_remove')
    expect(readMaterialDetails(removal.details)).toMatchObject({ id: pdf.id, title: pdf.title })
  })

  it('keeps every material across a restart', async () => {
    const before = (await listed()).materials
    const bytes = colouredPng(40, 20)
    const kept = (await upload(member, bytes, 'kept.png')).body
    expect(await server.kill('SIGTERM')).toBe(0)
    server = await startServer({ dataDir: server.dataDir, env: { MAX_UPLOAD_BYTES: String(maxUploadBytes) } })
    member = await login(server, 'chengyuan1')
    chair = await login(server, 'zhuxi')
    expect((await listed()).materials).toHaveLength(before.length + 1)
    expect(new Uint8Array(await (await get(chair, `/${kept.id}/file`)).arrayBuffer())).toEqual(bytes)
  })
  // Last: the server closes the connection of a body it refused unread, which a next request on it would meet.
  it('a file over MAX_UPLOAD_BYTES → 413 before it is read, in both languages, and nothing stored', async () => {
    const before = { list: (await listed()).materials, files: storedFiles(), audit: materialAudit().length }
    const refused = await uploadOnItsOwnConnection(member, await samplePdf('big', maxUploadBytes), 'big.pdf')
    expect(refused.status).toBe(413)
    expect(refused.body.error.code).toBe('too_large')
    expect(refused.body.error.message).toMatch(/[\u4e00-\u9fff].* \/ [a-z]/)
    const after = await login(server, 'chengyuan1')
    expect((await listed(after)).materials).toEqual(before.list)
    expect(storedFiles()).toEqual(before.files)
    expect(materialAudit()).toHaveLength(before.audit)
  })

  it('a file over MAX_UPLOAD_BYTES sent without a length → 413 as it passes the limit, and its partial file is removed', async () => {
    const before = { list: (await listed()).materials, files: storedFiles(), audit: materialAudit().length }
    // A PDF by its first bytes, so the server takes it and writes it to a temporary file until the limit.
    const refused = await uploadOnItsOwnConnection(member, await samplePdf('big', maxUploadBytes * 2), 'big.pdf', {
      chunked: true,
    })
    expect(refused.status).toBe(413)
    expect(refused.body.error.code).toBe('too_large')
    const after = await login(server, 'chengyuan1')
    expect((await listed(after)).materials).toEqual(before.list)
    // Nothing left in the materials' folder, temporary files (.upload-…) included.
    expect(storedFiles()).toEqual(before.files)
    expect(materialAudit()).toHaveLength(before.audit)
  })
})

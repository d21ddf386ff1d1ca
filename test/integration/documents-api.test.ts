import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { startServer, type RunningServer } from '../helpers/server.js'

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

const api = (path: string, init: RequestInit = {}) => convener.api(path, init)

describe('the documents API', () => {
  it('answers the health check', async () => {
    const res = await api('/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
  })

  it('creates, lists, renames and deletes a draft with server-generated ids', async () => {
    const created = await api('/documents', {
      method: 'POST',
      body: JSON.stringify({ title: '关于加强我市高标准农田建设的建议案', groupId }),
    })
    expect(created.status).toBe(201)
    const doc = (await created.json()) as { id: string; title: string; createdAt: string; updatedAt: string }
    expect(doc.id).toMatch(/^[A-Za-z0-9_-]{16}$/)
    expect(doc.title).toBe('关于加强我市高标准农田建设的建议案')
    expect(Date.parse(doc.createdAt)).not.toBeNaN()

    const list = (await (await api('/documents')).json()) as { documents: { id: string }[] }
    expect(list.documents.map((d) => d.id)).toContain(doc.id)

    const renamed = await api(`/documents/${doc.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ title: '关于推进数字乡村建设的建议案' }),
    })
    expect(renamed.status).toBe(200)
    expect(((await renamed.json()) as { title: string }).title).toBe('关于推进数字乡村建设的建议案')
    expect(((await (await api(`/documents/${doc.id}`)).json()) as { title: string }).title).toBe(
      '关于推进数字乡村建设的建议案',
    )

    expect((await api(`/documents/${doc.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await api(`/documents/${doc.id}`)).status).toBe(404)
    expect((await api(`/documents/${doc.id}`, { method: 'DELETE' })).status).toBe(404)
  })

  it('ignores an id sent by the client', async () => {
    const res = await api('/documents', {
      method: 'POST',
      body: JSON.stringify({ title: '标题', groupId, id: 'AAAAAAAAAAAAAAAA' }),
    })
    expect(((await res.json()) as { id: string }).id).not.toBe('AAAAAAAAAAAAAAAA')
  })

  it.each([
    ['an empty title', { title: '   ' }, 'title', 'required', {}],
    ['a missing title', {}, 'title', 'required', {}],
    ['a title that is not a string', { title: 42 }, 'title', 'invalid', {}],
    ['a title over 200 characters', { title: '长'.repeat(201) }, 'title', 'too_long', { max: 200 }],
    ['the suggestion itself', { title: '关于……的建议案' }, 'title', 'title_placeholder', {}],
  ])('answers 400 naming the field and the reason for %s', async (_name, body, field, reason, params) => {
    const res = await api('/documents', { method: 'POST', body: JSON.stringify({ groupId, ...body }) })
    expect(res.status).toBe(400)
    const error = (
      (await res.json()) as {
        error: { code: string; field: string; message: string; reason: string; params: Record<string, unknown> }
      }
    ).error
    expect(error.code).toBe('invalid_input')
    expect(error.field).toBe(field)
    expect(error.message).toContain(field)
    expect(error.reason).toBe(reason)
    expect(error.params).toEqual({ field, ...params })
  })

  it('answers 400 for malformed JSON', async () => {
    const res = await api('/documents', { method: 'POST', body: '{"title":' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('body')
  })

  it('answers 404 for unknown and malformed ids', async () => {
    for (const id of ['AAAAAAAAAAAAAAAA', 'x', '..%2F..']) {
      expect((await api(`/documents/${id}`, { method: 'PATCH', body: JSON.stringify({ title: 't' }) })).status).toBe(
        404,
      )
      expect((await api(`/documents/${id}`, { method: 'DELETE' })).status).toBe(404)
    }
  })

  it('refuses a state-changing request from another origin', async () => {
    const res = await api('/documents', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: JSON.stringify({ title: 't', groupId }),
    })
    expect(res.status).toBe(403)
    const same = await api('/documents', {
      method: 'POST',
      headers: { origin: server.url },
      body: JSON.stringify({ title: 't', groupId }),
    })
    expect(same.status).toBe(201)
  })

  it('describes every route in the OpenAPI document', async () => {
    const res = await api('/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> }
    // Every route the API serves joins the document; a few that must be there:
    for (const path of [
      '/api/health',
      '/api/auth/login',
      '/api/users',
      '/api/groups/{id}',
      '/api/documents',
      '/api/documents/{id}/threads',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path)
    }
    expect(Object.keys(doc.paths['/api/documents/{id}']).sort()).toEqual(['delete', 'get', 'patch'])
    expect(JSON.stringify(doc.paths['/api/documents'])).toContain('"title"')
  })

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await api('/nothing-here')
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
  })
})

describe('titles that are not well-formed Unicode', () => {
  /** Creates a draft from a raw JSON body (a lone surrogate survives only as a \u escape). */
  async function create(rawTitleJson: string): Promise<{ id: string; title: string }> {
    const res = await api('/documents', { method: 'POST', body: `{"groupId":"${groupId}","title":${rawTitleJson}}` })
    expect(res.status).toBe(201)
    return (await res.json()) as { id: string; title: string }
  }

  it('stores a lone surrogate as U+FFFD, and the title downloads under a valid file name', async () => {
    const doc = await create('"\\ud800关于\\udc00建议"')
    expect(doc.title).toBe('\uFFFD关于\uFFFD建议')
    const res = await api(`/documents/${doc.id}/opinions.csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain(
      encodeURIComponent('\uFFFD关于\uFFFD建议-意见采纳情况表.csv'),
    )
  })

  it('counts a title in characters, and never cuts a file name inside one', async () => {
    // 199 characters of which 198 are outside the BMP: 397 UTF-16 units, but within the 200-character limit.
    const title = `a${'𠀀'.repeat(198)}`
    const doc = await create(JSON.stringify(title))
    expect(doc.title).toBe(title)
    const res = await api(`/documents/${doc.id}/opinions.csv`)
    expect(res.status).toBe(200)
    const fileName = decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(res.headers.get('content-disposition')!)![1])
    // Cut to 150 characters before the extension, between two whole characters.
    expect(fileName).toBe(`a${'𠀀'.repeat(145)}.csv`)
    const tooLong = await api('/documents', {
      method: 'POST',
      body: JSON.stringify({ groupId, title: '𠀀'.repeat(201) }),
    })
    expect(tooLong.status).toBe(400)
  })
})

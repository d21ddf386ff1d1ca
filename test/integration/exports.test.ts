import { createHash } from 'node:crypto'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced } from '../helpers/peers.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let convener: Session, member: Session, chair: Session, secretary: Session, commenter: Session, admin: Session
let approvedDoc: string
let draftDoc: string
/** The versions before and after the edit: the redline compares them. */
let redlinePair: [number, number]

/** A draft with text, versioned, submitted and approved through the API. */
async function approvedDocument(): Promise<string> {
  const docId = await createDraft(convener, '关于加强我市高标准农田建设的建议案')
  const peer = connectPeer(server.wsUrl, docId, { headers: { cookie: member.cookie } })
  await waitSynced([peer])
  const fragment = peer.doc.getXmlFragment('default')
  const heading = new Y.XmlElement('heading')
  heading.setAttribute('level', 1 as unknown as string)
  heading.insert(0, [new Y.XmlText('基本情况')])
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText('近年来，我市累计建成高标准农田48.6万亩。')])
  fragment.insert(0, [heading, paragraph])
  await waitFor(
    async () =>
      (await member.json(`/documents/${docId}/versions`, { method: 'POST', body: JSON.stringify({ label: '探测' }) }))
        .charCount > 10,
    'the text to reach the server',
  )
  const first = await member.json(`/documents/${docId}/versions`, {
    method: 'POST',
    body: JSON.stringify({ label: '第一稿' }),
    expect: 201,
  })
  // A second, changed version, for the redline.
  ;(paragraph.get(0) as Y.XmlText).insert(4, '坚持规划引领，')
  await waitFor(
    async () => (await member.json(`/documents/${docId}/diff?from=${first.number}&to=live`)).summary.added === 7,
    'the edit to be stored',
  )
  const second = await member.json(`/documents/${docId}/versions`, {
    method: 'POST',
    body: JSON.stringify({ label: '第二稿' }),
    expect: 201,
  })
  peer.destroy()
  redlinePair = [first.number, second.number]
  await convener.json(`/documents/${docId}/workflow/submit`, {
    method: 'POST',
    body: JSON.stringify({ versionNumber: second.number, note: '请审定' }),
    expect: 200,
  })
  await chair.json(`/documents/${docId}/workflow/approve`, {
    method: 'POST',
    body: JSON.stringify({ opinion: '同意' }),
    expect: 200,
  })
  return docId
}

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  ;[convener, member, chair, secretary, commenter, admin] = await Promise.all(
    ['zuzhang', 'chengyuan1', 'zhuxi', 'mishu', 'zhengqiu', 'admin'].map((u) => login(server, u)),
  )
  approvedDoc = await approvedDocument()
  draftDoc = await createDraft(convener, '关于推进数字乡村建设的建议案')
  await member.json(`/documents/${draftDoc}/versions`, {
    method: 'POST',
    body: JSON.stringify({ label: '空稿' }),
    expect: 201,
  })
})
afterAll(async () => {
  await server.kill('SIGKILL')
})

async function docxParts(res: Response) {
  const zip = await JSZip.loadAsync(await res.arrayBuffer())
  const read = async (name: string) => (await zip.file(name)?.async('string')) ?? ''
  const text = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
  const header = (
    await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /word\/header\d*\.xml/.test(n))
        .map(read),
    )
  ).join('')
  return {
    document: await read('word/document.xml'),
    custom: await read('docProps/custom.xml'),
    bodyText: text(await read('word/document.xml')),
    headerText: text(header),
  }
}

describe('exporting the approved version', () => {
  it('gives the secretary a GB/T 9704 DOCX with a Chinese file name and the content hash inside, the same twice', async () => {
    const res = await secretary.api(`/documents/${approvedDoc}/export/docx`)
    expect(res.status).toBe(200)
    const { approved } = await secretary.json(`/documents/${approvedDoc}/workflow`)
    const disposition = res.headers.get('content-disposition') ?? ''
    const fileName = `关于加强我市高标准农田建设的建议案-v${approved.versionNumber}-已审定.docx`
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(fileName)}`)
    const first = await docxParts(res)
    expect(first.custom).toContain(approved.hash)
    expect(first.bodyText).toContain('一、基本情况')
    expect(first.bodyText).toContain('近年来，坚持规划引领，我市累计建成高标准农田48.6万亩。')
    expect(first.headerText).not.toMatch(/草稿|征求意见稿/)
    const second = await docxParts(await secretary.api(`/documents/${approvedDoc}/export/docx`))
    expect(second.bodyText).toBe(first.bodyText)
    expect(second.custom).toBe(first.custom)

    const { entries } = await secretary.json(`/documents/${approvedDoc}/audit`)
    const exportsLogged = entries.filter((e: any) => e.action === 'export')
    expect(exportsLogged).toHaveLength(2)
    expect(
      exportsLogged.every((e: any) => e.contentHash === approved.hash && e.versionNumber === approved.versionNumber),
    ).toBe(true)
  })

  it('gives the chair a PDF, and Markdown and plain text with the numbered headings', async () => {
    const pdf = await chair.api(`/documents/${approvedDoc}/export/pdf`)
    expect(pdf.status).toBe(200)
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-')
    const md = await chair.api(`/documents/${approvedDoc}/export/md`)
    expect(await md.text()).toContain('一、基本情况')
    const txt = await chair.api(`/documents/${approvedDoc}/export/txt`)
    expect(await txt.text()).toContain('近年来，坚持规划引领')
  })

  it('cannot export anything unapproved as approved', async () => {
    expect((await chair.api(`/documents/${draftDoc}/export/docx`)).status).toBe(409)
    // The secretary may not even see a draft.
    expect((await secretary.api(`/documents/${draftDoc}/export/docx`)).status).toBe(404)
  })
})

describe('exporting drafts and redlines', () => {
  it('marks a member’s DOCX export of a version 草稿, or 征求意见稿 when asked', async () => {
    const draft = await member.api(`/documents/${approvedDoc}/versions/${redlinePair[0]}/export/docx`)
    expect(draft.status).toBe(200)
    expect((await docxParts(draft)).headerText).toContain('草稿')
    const consultation = await member.api(
      `/documents/${approvedDoc}/versions/${redlinePair[0]}/export/docx?mark=consultation`,
    )
    expect((await docxParts(consultation)).headerText).toContain('征求意见稿')
  })

  it('exports a redline with real Word revision marks attributed to the group', async () => {
    const res = await member.api(`/documents/${approvedDoc}/redline?from=${redlinePair[0]}&to=${redlinePair[1]}`)
    expect(res.status).toBe(200)
    const { document } = await docxParts(res)
    expect(document).toMatch(/<w:ins [^>]*w:author="农业农村调研组"/)
    expect(document).toContain('坚持规划引领，')
  })
})

describe('the submission register', () => {
  it('lets the secretary record a sending and export the register as CSV with a BOM', async () => {
    const entry = await secretary.json(`/documents/${approvedDoc}/register`, {
      method: 'POST',
      body: JSON.stringify({
        documentNumber: '政协××〔2025〕3号',
        recipients: '中共××市委、××市人民政府',
        adoptionNote: '（2025年2月26日政协××市第五届委员会第十次主席会议审议通过）',
        sentOn: '2025-03-01',
        sentBy: '刘秘书',
      }),
      expect: 201,
    })
    expect(entry.versionNumber).toBe(
      (await secretary.json(`/documents/${approvedDoc}/workflow`)).approved.versionNumber,
    )
    const csv = await secretary.api('/register.csv')
    const bytes = Buffer.from(await csv.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.toString('utf8')).toContain('政协××〔2025〕3号')
    // 登记时间 on the office's clock by default: Asia/Shanghai, UTC+8 all year, to the minute.
    const shanghai = new Date(Date.parse(entry.recordedAt) + 8 * 3_600_000).toISOString()
    const row = bytes
      .toString('utf8')
      .split(/\r?\n/)
      .find((line) => line.includes('政协××〔2025〕3号'))
    expect(row?.split(',').at(-1)).toBe(`"${shanghai.slice(0, 10)} ${shanghai.slice(11, 16)}"`)
    // The entered 文号 and 主送机关 go into the official export.
    const { bodyText } = await docxParts(await secretary.api(`/documents/${approvedDoc}/export/docx`))
    expect(bodyText).toContain('中共××市委、××市人民政府')
    expect(bodyText).toContain('2025年2月26日')
  })

  it('refuses a sending of an unapproved document', async () => {
    const res = await secretary.api(`/documents/${draftDoc}/register`, {
      method: 'POST',
      body: JSON.stringify({ documentNumber: 'x', recipients: 'y', sentOn: '2025-03-01', sentBy: 'z' }),
    })
    expect(res.status).toBe(404)
  })
})

describe('who may export', () => {
  const cases: [string, () => Session, () => string, number][] = [
    ['secretary → approved DOCX', () => secretary, () => `/documents/${approvedDoc}/export/docx`, 200],
    ['chair → approved DOCX', () => chair, () => `/documents/${approvedDoc}/export/docx`, 200],
    ['member → approved DOCX', () => member, () => `/documents/${approvedDoc}/export/docx`, 403],
    ['convener → approved DOCX', () => convener, () => `/documents/${approvedDoc}/export/docx`, 403],
    ['commenter → approved DOCX', () => commenter, () => `/documents/${approvedDoc}/export/docx`, 404],
    ['admin → approved DOCX', () => admin, () => `/documents/${approvedDoc}/export/docx`, 404],
    [
      'member → draft DOCX',
      () => member,
      () => `/documents/${approvedDoc}/versions/${redlinePair[0]}/export/docx`,
      200,
    ],
    ['chair → draft DOCX', () => chair, () => `/documents/${approvedDoc}/versions/${redlinePair[0]}/export/docx`, 403],
    [
      'secretary → draft DOCX',
      () => secretary,
      () => `/documents/${approvedDoc}/versions/${redlinePair[0]}/export/docx`,
      403,
    ],
    [
      'chair → version Markdown',
      () => chair,
      () => `/documents/${approvedDoc}/versions/${redlinePair[0]}/export/md`,
      200,
    ],
    [
      'admin → version Markdown',
      () => admin,
      () => `/documents/${approvedDoc}/versions/${redlinePair[0]}/export/md`,
      404,
    ],
    [
      'secretary → redline',
      () => secretary,
      () => `/documents/${approvedDoc}/redline?from=${redlinePair[0]}&to=${redlinePair[1]}`,
      200,
    ],
    [
      'admin → redline',
      () => admin,
      () => `/documents/${approvedDoc}/redline?from=${redlinePair[0]}&to=${redlinePair[1]}`,
      404,
    ],
    ['secretary → register', () => secretary, () => '/register', 200],
    ['chair → register', () => chair, () => '/register', 200],
    ['member → register', () => member, () => '/register', 403],
    ['admin → register CSV', () => admin, () => '/register.csv', 403],
  ]
  it.each(cases)('%s', async (_name, who, path, status) => {
    expect((await who().api(path())).status).toBe(status)
  })

  it('tells each reader, with the document and with who they are, exactly the exports the routes above allow', async () => {
    const readers = { secretary, chair, member, convener }
    const allowed = (name: string) => cases.find(([n]) => n === name)![3] === 200
    for (const [role, session] of Object.entries(readers)) {
      const { abilities } = await session.json(`/documents/${approvedDoc}`, { expect: 200 })
      expect(abilities.exportApproved, role).toBe(allowed(`${role} → approved DOCX`))
      const draft = cases.find(([n]) => n === `${role} → draft DOCX`)
      if (draft) expect(abilities.exportDraft, role).toBe(draft[3] === 200)
      const redline = (
        await session.api(`/documents/${approvedDoc}/redline?from=${redlinePair[0]}&to=${redlinePair[1]}`)
      ).status
      expect(abilities.exportRedline, role).toBe(redline === 200)
      expect(abilities.keepRegister, role).toBe(role === 'secretary')
      const me = await session.json('/auth/me', { expect: 200 })
      expect(me.abilities.readRegister, role).toBe((await session.api('/register')).status === 200)
      expect(me.abilities.keepRegister, role).toBe(role === 'secretary')
    }
  })

  it('answers 401 to anonymous export requests', async () => {
    expect((await fetch(`${server.url}/api/documents/${approvedDoc}/export/docx`)).status).toBe(401)
  })

  it('lets only the secretary record sendings', async () => {
    const body = JSON.stringify({ documentNumber: 'x', recipients: 'y', sentOn: '2025-03-01', sentBy: 'z' })
    expect((await chair.api(`/documents/${approvedDoc}/register`, { method: 'POST', body })).status).toBe(403)
    expect((await member.api(`/documents/${approvedDoc}/register`, { method: 'POST', body })).status).toBe(403)
  })
})

describe('the export of an approved version', () => {
  const sha256 = async (res: Response) => {
    expect(res.status).toBe(200)
    return createHash('sha256')
      .update(Buffer.from(await res.arrayBuffer()))
      .digest('hex')
  }
  const sending = (documentNumber: string, recipients: string) =>
    JSON.stringify({ documentNumber, recipients, sentOn: '2025-03-01', sentBy: '刘秘书' })

  it('gives the same bytes every time: its register entry belongs to it, and only an audited correction replaces it', async () => {
    const docId = await approvedDocument()
    const first = (await secretary.json(`/documents/${docId}/workflow`)).approved.versionNumber as number
    const entry = await secretary.json(`/documents/${docId}/register`, {
      method: 'POST',
      body: sending('政协××〔2025〕3号', '中共××市委'),
      expect: 201,
    })
    const hash = await sha256(await secretary.api(`/documents/${docId}/export/docx`))
    expect(await sha256(await secretary.api(`/documents/${docId}/export/docx`))).toBe(hash)

    // A second 报送登记 of the same approval is refused, so it cannot change what is printed.
    const again = await secretary.api(`/documents/${docId}/register`, {
      method: 'POST',
      body: sending('政协××〔2025〕9号', '××市人民政府'),
    })
    expect(again.status).toBe(409)
    expect((await again.json()).error.code).toBe('already_registered')
    expect(await sha256(await secretary.api(`/documents/${docId}/export/docx`))).toBe(hash)

    // Reopened, approved again and registered anew: the earlier approval still exports as before.
    await chair.json(`/documents/${docId}/workflow/reopen`, {
      method: 'POST',
      body: JSON.stringify({ reason: '补充数据' }),
      expect: 204,
    })
    await convener.json(`/documents/${docId}/workflow/submit`, {
      method: 'POST',
      body: JSON.stringify({ versionNumber: first, note: '再次送审' }),
      expect: 200,
    })
    await chair.json(`/documents/${docId}/workflow/approve`, { method: 'POST', body: '{}', expect: 200 })
    const later = await secretary.json(`/documents/${docId}/register`, {
      method: 'POST',
      body: sending('政协××〔2025〕12号', '××市人民政府办公室'),
      expect: 201,
    })
    expect(later.versionNumber).not.toBe(first)
    expect(await sha256(await secretary.api(`/documents/${docId}/export/docx?version=${first}`))).toBe(hash)
    const current = await docxParts(await secretary.api(`/documents/${docId}/export/docx`))
    expect(current.bodyText).toContain('××市人民政府办公室')
    expect(current.bodyText).not.toContain('中共××市委')

    // Correcting the first entry is explicit, and the audit chain says which exports it supersedes.
    await secretary.json(`/register/${entry.id}/correction`, {
      method: 'POST',
      body: JSON.stringify({ ...JSON.parse(sending('政协××〔2025〕4号', '中共××市委')), reason: '文号登记错误' }),
      expect: 201,
    })
    expect(await sha256(await secretary.api(`/documents/${docId}/export/docx?version=${first}`))).not.toBe(hash)
    const { entries } = await secretary.json(`/documents/${docId}/audit`)
    const correction = entries.find((e: { action: string }) => e.action === 'register_correct')
    expect(correction.details).toContain(`corrects ${entry.id}`)
    expect(correction.details).toContain('supersedes 4 export(s)')
  })
})

/**
 * Versions and their approval as a person sees them in the browser: the reader, the diff and the
 * chair's 阅读送审稿 number headings as the editor and the export do; a version's 字数 is the one the
 * count bar showed for its text.
 */
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap'
import type { Locator, Page } from 'playwright-core'
import { unzipSync } from 'fflate'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { contentField, documentSchema } from '../../shared/editor/schema.js'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, waitEditable, type ServerBrowser } from '../helpers/browser.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let convener: Session
let member: Session
let chair: Session
const peers: Peer[] = []

beforeAll(async () => {
  // The demo group: convener zuzhang (王组长), members chengyuan1 (李委员) and chengyuan2, chair zhuxi (陈主席).
  server = await startServer({ args: ['--demo'] })
  ;[convener, member, chair] = await Promise.all(['zuzhang', 'chengyuan1', 'zhuxi'].map((u) => login(server, u)))
  browser = await launchBrowserFor(server, { viewport: { width: 1280, height: 900 } })
})

afterEach(async () => {
  for (const peer of peers.splice(0)) peer.destroy()
  await browser.closeContexts()
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

type Block = { type: string; attrs?: Record<string, unknown>; content?: Block[]; text?: string }
const heading = (level: number, text: string): Block => ({
  type: 'heading',
  attrs: { level },
  content: text ? [{ type: 'text', text }] : [],
})
const paragraph = (text: string): Block => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] })

/** Makes the draft's text `blocks`, written through the official client as a member, once the server holds it. */
async function writeDraft(docId: string, blocks: Block[]): Promise<void> {
  const writer = connectPeer(server.wsUrl, docId, { headers: { cookie: member.cookie } })
  const check = connectPeer(server.wsUrl, docId, { headers: { cookie: member.cookie } })
  peers.push(writer, check)
  await waitSynced([writer, check])
  const content = { type: 'doc', content: blocks }
  writer.doc.transact(() => {
    prosemirrorJSONToYXmlFragment(documentSchema, content, writer.doc.getXmlFragment(contentField))
  })
  const expected = JSON.stringify(yXmlFragmentToProsemirrorJSON(writer.doc.getXmlFragment(contentField)))
  await waitFor(
    () => JSON.stringify(yXmlFragmentToProsemirrorJSON(check.doc.getXmlFragment(contentField))) === expected,
    'the text to reach the server',
  )
}

const post = (session: Session, docId: string, path: string, body: object, expect = 200) =>
  session.json(`/documents/${docId}${path}`, { method: 'POST', body: JSON.stringify(body), expect })

/** Each heading of a rendered text as a person sees it: the number CSS generates, then the words; blank ones left out. */
const shownHeadings = (content: Locator): Promise<string[]> =>
  content.evaluate((root) =>
    [...root.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .map((h) => {
        const generated = getComputedStyle(h, '::before').content
        return (generated.startsWith('"') ? (JSON.parse(generated) as string) : '') + (h.textContent ?? '')
      })
      .filter((text) => text.replace(/\u200b/g, '').trim() !== ''),
  )

async function openAs(username: string, path: string): Promise<Page> {
  return browser.openPage(await browser.signedInContext(username, '#2471a3'), path)
}

describe('heading numbers', () => {
  it('are the same in the editor, the version reader, the chair’s 阅读送审稿, the diff and the export', async () => {
    const docId = await createDraft(convener, '关于加强高标准农田建后管护的建议案')
    const first = [
      heading(1, '基本情况'),
      paragraph('近年来，我市累计建成高标准农田48.6万亩。'),
      heading(1, '存在的问题'),
      heading(2, '建设投入标准偏低'),
      heading(3, '亩均投入不足'),
      heading(4, '丘陵山区'),
      heading(1, '意见建议'),
      heading(2, '多渠道加大资金投入'),
    ]
    await writeDraft(docId, first)
    await post(member, docId, '/versions', { label: '第一稿' }, 201)
    // A section inserted above 存在的问题 renumbers everything after it; an empty heading is no section.
    await writeDraft(docId, [
      ...first.slice(0, 2),
      heading(1, '工作进展'),
      paragraph('各区县已完成确权登记。'),
      heading(2, ''),
      heading(2, '\u200b'),
      ...first.slice(2),
    ])
    await post(member, docId, '/versions', { label: '第二稿' }, 201)
    await post(convener, docId, '/workflow/submit', { versionNumber: 2, note: '请审定' })

    const expected = [
      '一、基本情况',
      '二、工作进展',
      '三、存在的问题',
      '（一）建设投入标准偏低',
      '1.亩均投入不足',
      '（1）丘陵山区',
      '四、意见建议',
      '（一）多渠道加大资金投入',
    ]
    // The export prints the same numbers, from the same text.
    const exported = await (await chair.api(`/documents/${docId}/versions/2/export/txt`)).text()
    for (const line of expected) expect(exported.split('\n')).toContain(line)

    const page = await openAs('zhuxi', `/d/${docId}`)
    const editor = page.getByTestId('editor-content')
    await editor.getByText('多渠道加大资金投入').waitFor()
    await expect.poll(() => shownHeadings(editor)).toEqual(expected)

    // 阅读送审稿: the submitted version, numbered as the editor numbers it.
    await page.getByTestId('workflow-bar').getByRole('button', { name: '阅读送审稿' }).click()
    const reader = page.getByTestId('version-reader')
    await reader.getByTestId('version-content').getByText('多渠道加大资金投入').waitFor()
    await expect.poll(() => shownHeadings(reader.getByTestId('version-content'))).toEqual(expected)

    // The diff of the two drafts prints the numbers of each side.
    await reader.getByRole('button', { name: '与当前草稿对比' }).click()
    await reader.getByLabel('原稿').selectOption({ label: 'v1 · 第一稿' })
    await reader.getByLabel('对比稿').selectOption({ label: 'v2 · 第二稿' })
    const diff = reader.getByTestId('diff-text')
    await diff.getByText('工作进展').waitFor()
    const paragraphOf = (text: string) => diff.locator('p', { hasText: text })
    // Unchanged numbers are printed once; a renumbered heading shows its old number struck through.
    expect(await paragraphOf('基本情况').innerText()).toBe('一、基本情况')
    expect(await paragraphOf('存在的问题').locator('del').innerText()).toBe('二、')
    expect(await paragraphOf('存在的问题').locator('ins').innerText()).toBe('三、')
    expect(await paragraphOf('工作进展').locator('ins').first().innerText()).toBe('二、')
    expect(await paragraphOf('建设投入标准偏低').innerText()).toBe('（一）建设投入标准偏低')
    expect(await paragraphOf('丘陵山区').innerText()).toBe('（1）丘陵山区')
    expect(browser.pageErrors).toEqual([])
  })
})

describe('字数', () => {
  it('is the same in the count bar, the history, the reader and the exported file', async () => {
    const docId = await createDraft(convener, '关于推进数字乡村建设的建议案')
    const page = await openAs('chengyuan1', `/d/${docId}`)
    await waitEditable(page)
    await page.getByTestId('editor-content').click()
    // Latin words, digits, half-width punctuation and spaces: where a count of raw characters differs.
    await page.keyboard.type('依据GB/T 9704-2012, 到2025年建成5G基站1.2万个。')
    await page.keyboard.press('Enter')
    await page.keyboard.type('覆盖率达到95%。')
    // 依据 到 年建成 基站 万个 覆盖率达到: 15 汉字; 。。: 2; GB/T, 9704-2012, 2025, 5G, 1.2, 95%: 6 words.
    const count = page.getByTestId('word-count')
    await expect.poll(() => count.getAttribute('data-words')).toBe('23')
    expect(await count.innerText()).toBe('23 字')

    await page.getByTestId('workflow-bar').getByRole('button', { name: '版本历史' }).click()
    const history = page.getByTestId('history-panel')
    await history.getByRole('button', { name: '保存版本' }).click()
    const save = page.getByTestId('save-version-dialog')
    await save.getByLabel('版本名称').fill('第一稿')
    await save.getByRole('button', { name: '保存版本' }).click()
    const row = history.locator('[data-testid="version-row"][data-number="1"]')
    await row.getByText('23 字').waitFor()

    await row.getByRole('button', { name: '查看' }).click()
    const reader = page.getByTestId('version-reader')
    await reader.getByText('23 字').waitFor()

    // The exported file carries the same number in its properties.
    const docx = new Uint8Array(await (await member.api(`/documents/${docId}/versions/1/export/docx`)).arrayBuffer())
    const custom = new TextDecoder().decode(unzipSync(docx)['docProps/custom.xml'])
    expect(custom).toMatch(/name="JianyiWordCount"><vt:lpwstr>23<\/vt:lpwstr>/)
    expect(browser.pageErrors).toEqual([])
  })
})

describe('送审 after 退回修改', () => {
  it('offers the current draft, names the returned version, asks before sending it unchanged, and keeps the numbers', async () => {
    const docId = await createDraft(convener, '关于完善农村养老服务体系的建议案')
    await writeDraft(docId, [heading(1, '基本情况'), paragraph('全市已建成农村互助养老服务点312个。')])
    const page = await openAs('zuzhang', `/d/${docId}`)
    const bar = page.getByTestId('workflow-bar')
    const dialog = page.getByTestId('submit-dialog')
    const choice = dialog.getByLabel('送审版本')

    // No version saved yet: the current draft is offered, and chosen, by default.
    await bar.getByRole('button', { name: '送审' }).click()
    expect(await choice.locator('option:checked').innerText()).toBe('当前草稿（自动保存为新版本）')
    await dialog.getByLabel('送审说明').fill('请审定。')
    await dialog.getByRole('button', { name: '送审' }).click()
    await bar.getByText('v1 由 王组长', { exact: false }).waitFor()

    await post(chair, docId, '/workflow/return', { opinion: '请补充资金保障措施。' })
    await bar.getByTestId('workflow-status').filter({ hasText: '退回修改' }).waitFor()
    await bar.getByTestId('returned-unchanged').waitFor()

    // The dialog says which version came back and why; the untouched draft is that text, so it asks.
    await bar.getByRole('button', { name: '送审' }).click()
    const returned = dialog.getByTestId('submit-returned')
    await returned.getByText('退回的版本：v1 · 送审稿，陈主席', { exact: false }).waitFor()
    await returned.getByText('意见：请补充资金保障措施。').waitFor()
    await expect.poll(() => choice.locator('option:checked').innerText()).toBe('当前草稿（即 v1，不另存）')
    const warning = dialog.getByTestId('submit-unchanged')
    await warning.getByText('所选文本与退回的 v1 相同，尚未按退回意见修改。').waitFor()
    const send = dialog.getByRole('button', { name: '送审' })
    expect(await send.isDisabled()).toBe(true)
    // Choosing v1 itself is the same text.
    await choice.selectOption({ label: 'v1 · 送审稿（送审时保存）（退回的版本）' })
    await warning.waitFor()
    await warning.getByLabel('我确认不作修改，再次送审').check()
    expect(await send.isDisabled()).toBe(false)
    await dialog.getByRole('button', { name: '取消' }).click()

    // Revised: the current draft is a new text, saved as v2 on the way, and v2 is what the chair decides.
    await writeDraft(docId, [
      heading(1, '基本情况'),
      paragraph('全市已建成农村互助养老服务点312个。'),
      heading(1, '意见建议'),
      paragraph('建议市财政每年安排专项资金支持互助养老服务点运营。'),
    ])
    await bar.getByTestId('returned-unchanged').waitFor({ state: 'detached' })
    await bar.getByRole('button', { name: '送审' }).click()
    await expect.poll(() => choice.locator('option:checked').innerText()).toBe('当前草稿（自动保存为新版本）')
    expect(await dialog.getByTestId('submit-unchanged').count()).toBe(0)
    await dialog.getByRole('button', { name: '送审' }).click()
    await bar.getByText('v2 由 王组长', { exact: false }).waitFor()
    await post(chair, docId, '/workflow/approve', { opinion: '同意。' })
    await bar.getByTestId('workflow-status').filter({ hasText: '已审定 v2' }).waitFor()

    // The history holds v1 and v2 only, each marked with what became of it.
    await bar.getByRole('button', { name: '版本历史' }).click()
    const rows = page.getByTestId('version-row')
    await expect.poll(() => rows.count()).toBe(2)
    const marks = (n: number) =>
      page.locator(`[data-testid="version-row"][data-number="${n}"] [data-testid="version-mark"]`).allInnerTexts()
    expect(await marks(1)).toEqual(['已退回'])
    expect(await marks(2)).toEqual(['审定稿'])
    await page.getByTestId('history-panel').getByRole('button', { name: '关闭版本历史' }).click()

    // 查看审定稿 opens a view titled 审定稿.
    await bar.getByRole('button', { name: '查看审定稿' }).click()
    const title = page.getByTestId('version-reader').getByRole('heading', { level: 2 })
    await expect.poll(() => title.innerText()).toBe('审定稿v2 送审稿')
    expect(browser.pageErrors).toEqual([])
  })
})

describe('the chair’s 审定 dialog', () => {
  it('says whether the draft moved since 送审 as it is now, also when it moves while the dialog is open', async () => {
    const docId = await createDraft(convener, '关于加快农村寄递物流体系建设的建议案')
    const submitted = [heading(1, '基本情况'), paragraph('全市建制村快递服务覆盖率达到92%。')]
    await writeDraft(docId, submitted)
    await post(member, docId, '/versions', { label: '第一稿' }, 201)
    await post(convener, docId, '/workflow/submit', { versionNumber: 1, note: '请审定。' })

    const page = await openAs('zhuxi', `/d/${docId}`)
    const bar = page.getByTestId('workflow-bar')
    await bar.getByTestId('workflow-status').filter({ hasText: '待审定' }).waitFor()
    await bar.getByRole('button', { name: '审定通过' }).click()
    const live = page.getByTestId('approve-dialog').getByTestId('approve-live')
    await expect.poll(() => live.getAttribute('data-state')).toBe('same')
    expect(await live.innerText()).toBe('送审后草稿没有改动，当前草稿即 v1。')

    // A member writes on while the chair has the dialog open: it says so at once, and again when undone.
    await writeDraft(docId, [...submitted, paragraph('送审后补充的一段。')])
    await expect.poll(() => live.getAttribute('data-state'), { timeout: 5_000 }).toBe('changed')
    expect(await live.innerText()).toBe(
      '注意：送审后草稿又有改动。审定通过后，正文将恢复为 v1 的内容，这些改动不予保留。',
    )
    await writeDraft(docId, submitted)
    await expect.poll(() => live.getAttribute('data-state'), { timeout: 5_000 }).toBe('same')
    await page.getByTestId('approve-dialog').getByRole('button', { name: '取消' }).click()

    // Opened after a change the page has not been told about by the workflow: asked afresh, not remembered.
    await writeDraft(docId, [...submitted, paragraph('又补充的一段。')])
    await bar.getByRole('button', { name: '审定通过' }).click()
    await expect.poll(() => live.getAttribute('data-state'), { timeout: 5_000 }).toBe('changed')
    expect(browser.pageErrors).toEqual([])
  })
})

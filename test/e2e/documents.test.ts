/**
 * The home page in a real browser: a new draft's title as a convener types or pastes it over the
 * suggested 关于……的建议案 (never doubled, never the suggestion itself); every 建议案 listed with
 * one word per stage and a filter by stage; nothing offered that the server would refuse.
 */
import { type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, typeWithInputMethod, type ServerBrowser } from '../helpers/browser.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let convener: Session, member: Session, chair: Session

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  browser = await launchBrowserFor(server, { viewport: { width: 1200, height: 850 }, failOnDialogs: true })
  ;[convener, member, chair] = await Promise.all(['zuzhang', 'chengyuan1', 'zhuxi'].map((u) => login(server, u)))
})

/** A draft saved as v1, submitted by the convener and, unless `approve` is false, approved by the chair. */
async function decidedDraft(title: string, approve = true): Promise<string> {
  const id = await createDraft(convener, title)
  const post = (session: Session, path: string, body: object, expect: number) =>
    session.json(`/documents/${id}${path}`, { method: 'POST', body: JSON.stringify(body), expect })
  await post(member, '/versions', { label: '第一稿' }, 201)
  await post(convener, '/workflow/submit', { versionNumber: 1, note: '' }, 200)
  if (approve) await post(chair, '/workflow/approve', { opinion: '同意' }, 200)
  return id
}

afterEach(async () => {
  expect(browser.pageErrors).toEqual([])
  await browser.closeContexts()
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

const titles = async (): Promise<string[]> =>
  (await convener.json<{ documents: { title: string }[] }>('/documents', { expect: 200 })).documents.map((d) => d.title)

/** The convener's home page with the title box clicked: the suggestion in it, its …… selected. */
async function suggestedTitle(): Promise<Page> {
  const context = await browser.signedInContext(convener, '#117a65')
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const page = await browser.openPage(context, '/')
  const box = page.getByTestId('new-document-title')
  await box.click()
  await waitFor(
    async () =>
      (await box.evaluate((input: HTMLInputElement) => [input.selectionStart, input.selectionEnd])).join() === '2,4',
    'the …… of the suggested title to be selected',
  )
  expect(await box.inputValue()).toBe('关于……的建议案')
  return page
}

const createButton = (page: Page) => page.getByRole('button', { name: '新建', exact: true })

describe('the title of a new draft', () => {
  it('is not doubled when the whole title is typed over the …… with an input method', async () => {
    const page = await suggestedTitle()
    await typeWithInputMethod(page, '关于推进数字乡村建设的建议案', 'guanyutuijin')
    const box = page.getByTestId('new-document-title')
    await waitFor(async () => (await box.inputValue()) === '关于推进数字乡村建设的建议案', 'the title to be tidied')
    await createButton(page).click()
    await page.waitForURL(/\/d\//)
    await page.getByText('关于推进数字乡村建设的建议案').first().waitFor()
    expect(await titles()).toContain('关于推进数字乡村建设的建议案')
    expect((await titles()).filter((title) => /关于关于|建议案的建议案/.test(title))).toEqual([])
  })

  it('is not doubled when only the subject is typed in, and typing on continues the subject', async () => {
    const page = await suggestedTitle()
    await typeWithInputMethod(page, '加强农村饮水安全', 'jiaqiang')
    const box = page.getByTestId('new-document-title')
    expect(await box.inputValue()).toBe('关于加强农村饮水安全的建议案')
    // The caret stays after the subject, so typing on continues it.
    await typeWithInputMethod(page, '保障', 'baozhang')
    expect(await box.inputValue()).toBe('关于加强农村饮水安全保障的建议案')
  })

  it('is not doubled when a whole title is pasted over the ……', async () => {
    const page = await suggestedTitle()
    await page.evaluate(() => navigator.clipboard.writeText('关于完善基层医疗卫生服务体系的建议案'))
    await page.keyboard.press('Control+V')
    const box = page.getByTestId('new-document-title')
    await waitFor(async () => (await box.inputValue()) === '关于完善基层医疗卫生服务体系的建议案', 'the pasted title')
    expect(await createButton(page).isEnabled()).toBe(true)
  })

  it('keeps 新建 disabled while the suggestion is only clicked, and says what to do', async () => {
    const before = await titles()
    const page = await suggestedTitle()
    expect(await createButton(page).isDisabled()).toBe(true)
    await page.getByTestId('new-document-gap').filter({ hasText: '请把“……”换成建议案的主题' }).waitFor()
    await page.getByTestId('new-document-title').press('Enter')
    // A half-typed subject that left the …… in is not a title either.
    await page.getByTestId('new-document-title').press('End')
    await typeWithInputMethod(page, '补充', 'buchong')
    expect(await createButton(page).isDisabled()).toBe(true)
    expect(page.url()).not.toMatch(/\/d\//)
    expect(await titles()).toEqual(before)
  })

  it('is refused by the server when it is the suggestion itself, and tidied when doubled', async () => {
    const { groupId } = (await convener.json<{ documents: { groupId: string }[] }>('/documents')).documents[0]
    const create = (title: string) =>
      convener.api('/documents', { method: 'POST', body: JSON.stringify({ title, groupId }) })
    expect((await create('关于……的建议案')).status).toBe(400)
    const doubled = await create('关于关于加快发展县域经济的建议案的建议案')
    expect(doubled.status).toBe(201)
    expect(((await doubled.json()) as { title: string }).title).toBe('关于加快发展县域经济的建议案')
  })
})

const APPROVED = '关于发展智慧农业的建议案'
const SUBMITTED = '关于完善农村养老服务的建议案'
const SAMPLE = '关于加强我市高标准农田建设的建议案'
const SENT = '关于改善农村寄宿制学校办学条件的建议案'

describe('the list of 建议案', () => {
  beforeAll(async () => {
    await Promise.all([decidedDraft(APPROVED), decidedDraft(SUBMITTED, false)])
  })

  it('lists every 建议案 with one word for each stage, and filters them by stage', async () => {
    const page = await browser.openPage(await browser.signedInContext(convener, '#117a65'), '/')
    await page.getByRole('heading', { name: '文稿', exact: true }).waitFor()
    const row = (title: string) => page.getByTestId('document-row').filter({ hasText: title })
    await row(APPROVED).locator('.badge').filter({ hasText: '已审定' }).waitFor()
    await row(SUBMITTED).locator('.badge').filter({ hasText: '待审定' }).waitFor()
    await row(SAMPLE).locator('.badge').filter({ hasText: '起草中' }).waitFor()

    const filter = page.getByTestId('status-filter')
    await filter.getByRole('radio', { name: /已审定/ }).click()
    // This test's approved draft and the demo's 建议案 that was approved and sent.
    await waitFor(async () => (await page.getByTestId('document-row').count()) === 2, 'only the approved ones')
    await row(APPROVED).waitFor()
    await row(SENT).waitFor()
    await filter.getByRole('radio', { name: /退回修改/ }).click()
    await page.getByTestId('filtered-empty').filter({ hasText: '没有符合筛选条件的文稿。' }).waitFor()
    await filter.getByRole('radio', { name: /全部/ }).click()
    await waitFor(async () => (await page.getByTestId('document-row').count()) >= 3, 'all of them again')
    expect(await page.getByText(/已通过|建议案草稿/).count()).toBe(0)
  })

  it('offers no 重命名 or 删除 on an approved 建议案, and the delete dialog of another says 删除建议案', async () => {
    const page = await browser.openPage(await browser.signedInContext(convener, '#117a65'), '/')
    const approved = page.getByTestId('document-row').filter({ hasText: APPROVED })
    await approved.getByRole('link', { name: '打开' }).waitFor()
    expect(await approved.getByRole('button', { name: '重命名' }).count()).toBe(0)
    expect(await approved.getByRole('button', { name: '删除' }).count()).toBe(0)

    const submitted = page.getByTestId('document-row').filter({ hasText: SUBMITTED })
    await submitted.getByRole('button', { name: '删除' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('heading', { name: '删除建议案' }).waitFor()
    expect(await dialog.getByText('删除草稿').count()).toBe(0)
    await dialog.getByRole('button', { name: '取消' }).click()
  })

  it('says in the empty history of a draft to save a version when the writing reaches a stage (阶段)', async () => {
    const page = await browser.openPage(await browser.signedInContext(member, '#1e8449'), '/')
    await createDraft(convener, '关于发展乡村旅游的建议案')
    await page.reload()
    await page
      .getByTestId('document-row')
      .filter({ hasText: '关于发展乡村旅游的建议案' })
      .getByRole('link', { name: '打开' })
      .click()
    await page.getByTestId('workflow-bar').getByRole('button', { name: '版本历史' }).click()
    await page.getByTestId('history-panel').getByText('写到一个阶段时，点击「保存版本」留下一稿').waitFor()
  })
})

describe('what a refusal and the audit log say', () => {
  it('tells the convener in Chinese why an approved 建议案 cannot be renamed, when it was approved meanwhile', async () => {
    const title = '关于加快农村电商发展的建议案'
    const id = await decidedDraft(title, false)
    const page = await browser.openPage(await browser.signedInContext(convener, '#117a65'), '/')
    const row = page.getByTestId('document-row').filter({ hasText: title })
    await row.getByRole('button', { name: '重命名' }).click()
    // The chair approves while the convener types the new title.
    await chair.json(`/documents/${id}/workflow/approve`, {
      method: 'POST',
      body: JSON.stringify({ opinion: '同意' }),
      expect: 200,
    })
    await page.getByRole('textbox', { name: '重命名' }).fill('关于加快发展农村电子商务的建议案')
    await page.getByRole('button', { name: '保存' }).click()
    await page.getByRole('alert').filter({ hasText: '操作失败：已审定的建议案不能重命名，请主席先重新开放' }).waitFor()
    expect(await page.getByText(/approved|reopen/).count()).toBe(0)
  })

  it('says the same in English when English is chosen', async () => {
    const title = '关于规范农村集体资产管理的建议案'
    const id = await decidedDraft(title, false)
    const context = await browser.signedInContext(convener, '#117a65')
    await context.addInitScript(() => localStorage.setItem('jianyi.locale', 'en'))
    const page = await browser.openPage(context, '/')
    const row = page.getByTestId('document-row').filter({ hasText: title })
    await row.getByRole('button', { name: 'Delete' }).click()
    await chair.json(`/documents/${id}/workflow/approve`, {
      method: 'POST',
      body: JSON.stringify({ opinion: '' }),
      expect: 200,
    })
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click()
    await page
      .getByRole('alert')
      .filter({ hasText: 'An approved proposal cannot be deleted; the chair must reopen it first' })
      .waitFor()
  })

  it('reads an export of the approved text in the audit log as 导出了审定稿 PDF, and its creation with its title', async () => {
    const id = await decidedDraft('关于提升农产品质量安全水平的建议案')
    const pdf = await chair.api(`/documents/${id}/export/pdf`)
    expect(pdf.status).toBe(200)
    const page = await browser.openPage(await browser.signedInContext(convener, '#117a65'), `/d/${id}`)
    await page.getByTestId('workflow-bar').getByRole('button', { name: '版本历史' }).click()
    const history = page.getByTestId('history-panel')
    await history.getByRole('tab', { name: '审计日志' }).click()
    await history
      .getByTestId('audit-sentence')
      .filter({ hasText: /^陈主席导出了审定稿 PDF（v\d+）$/ })
      .waitFor()
    await history
      .getByTestId('audit-sentence')
      .filter({ hasText: '王组长新建了《关于提升农产品质量安全水平的建议案》（空白文档）' })
      .waitFor()
    expect(await history.getByText(/pdf approved|template blank/).count()).toBe(0)
  })
})

/**
 * Members of a research group draft the same 建议案 in real browsers: what one types appears for
 * the other, with the writer's caret labelled by name; whoever may not edit reads only.
 */
import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { colorStorageKey } from '../../client/app/identity.js'
import { createDraft, demoPassword, login, type Session } from '../helpers/accounts.js'
import { launchBrowser, WAIT_MS } from '../helpers/browser.js'
import { startServer, type RunningServer } from '../helpers/server.js'


let server: RunningServer
let browser: Browser
let convener: Session
/** Uncaught errors of every page: a test that passes while React throws is not passing. */
const pageErrors: string[] = []

beforeAll(async () => {
  // The demo group: convener zuzhang (王组长), members chengyuan1 (李委员) and chengyuan2 (张委员), chair zhuxi.
  server = await startServer({ args: ['--demo'] })
  convener = await login(server, 'zuzhang')
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

/** A browser profile of its own: its own cookies and localStorage. */
async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1100, height: 800 } })
  context.setDefaultTimeout(WAIT_MS)
  return context
}

/** A profile already signed in as `username` (cookie from the API) whose caret colour is already chosen. */
async function signedInContext(username: string, color: string): Promise<BrowserContext> {
  const session = await login(server, username)
  const context = await newContext()
  const [name, value] = session.cookie.split('=')
  await context.addCookies([{ name, value, url: server.url }])
  await context.addInitScript(({ key, value }) => localStorage.setItem(key, value), { key: colorStorageKey(session.userId), value: color })
  return context
}

async function openPage(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`))
  await page.goto(path)
  return page
}

/** Waits until the page is connected and the server has said that this user may type. */
async function waitEditable(page: Page): Promise<void> {
  await page.getByTestId('connection-status').filter({ hasText: '已连接' }).waitFor()
  await page.locator('[data-testid="editor-content"][contenteditable="true"]').waitFor()
}

describe('co-editing a draft in two browsers', () => {
  it('shows the text one member types to the other, with the writer’s named caret in the writer’s colour', async () => {
    const docId = await createDraft(convener, '关于加强我市高标准农田建设的建议案')

    // 李委员 comes for the first time: signs in, then picks a caret colour.
    const li = await openPage(await newContext(), `/d/${docId}`)
    const form = li.getByTestId('login-form')
    await form.getByRole('textbox', { name: '用户名' }).fill('chengyuan1')
    await form.getByLabel('密码').fill(demoPassword)
    await form.getByRole('button', { name: '登录' }).click()
    const dialog = li.getByTestId('identity-dialog')
    await dialog.getByRole('radio', { name: '颜色 6' }).check()
    await dialog.getByRole('button', { name: '开始使用' }).click()
    await waitEditable(li)

    // 张委员 has been here before: signed in, colour remembered.
    const zhang = await openPage(await signedInContext('chengyuan2', '#1e8449'), `/d/${docId}`)
    await waitEditable(zhang)

    const sentence = '粮食安全是“国之大者”，高标准农田是粮食安全的根基。'
    await li.getByTestId('editor-content').click()
    await li.keyboard.type(sentence)

    await zhang.getByTestId('editor-content').getByText(sentence).waitFor()
    const label = zhang.locator('.collaboration-carets__label', { hasText: '李委员' })
    await label.waitFor()
    // Colour 6 of the palette, #2471a3.
    expect(await label.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(36, 113, 163)')

    // Both see both people in the presence list.
    for (const page of [li, zhang]) {
      const presence = page.getByTestId('presence-list')
      await presence.getByText('李委员').waitFor()
      await presence.getByText('张委员').waitFor()
    }

    // And the writing goes the other way too.
    const reply = '建议市政府统筹整合涉农资金。'
    await zhang.getByTestId('editor-content').getByText(sentence).click()
    await zhang.keyboard.press('Control+End')
    await zhang.keyboard.press('Enter')
    await zhang.keyboard.type(reply)
    await li.getByTestId('editor-content').getByText(reply).waitFor()
    await li.locator('.collaboration-carets__label', { hasText: '张委员' }).waitFor()

    expect(pageErrors).toEqual([])
  })

  it('lets the chair read along but not type', async () => {
    const docId = await createDraft(convener, '关于推进数字乡村建设的建议案')
    const member = await openPage(await signedInContext('chengyuan1', '#c0392b'), `/d/${docId}`)
    await waitEditable(member)
    await member.getByTestId('editor-content').click()
    await member.keyboard.type('数字乡村是乡村振兴的战略方向。')

    const chair = await openPage(await signedInContext('zhuxi', '#6c3483'), `/d/${docId}`)
    await chair.getByTestId('read-only').waitFor()
    await chair.getByTestId('editor-content').getByText('数字乡村是乡村振兴的战略方向。').waitFor()
    expect(await chair.getByTestId('editor-content').getAttribute('contenteditable')).toBe('false')
    expect(pageErrors).toEqual([])
  })

  it('tells the person when the document does not exist, with a way back to the list', async () => {
    const page = await openPage(await signedInContext('chengyuan2', '#1e8449'), '/d/AAAAAAAAAAAAAAAA')
    const refusal = page.getByTestId('document-refused')
    await refusal.getByText('文档不存在或无权访问').waitFor()
    await refusal.getByRole('link', { name: '返回草稿列表' }).click()
    await page.getByRole('heading', { name: '建议案草稿' }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/')
    expect(pageErrors).toEqual([])
  })
})

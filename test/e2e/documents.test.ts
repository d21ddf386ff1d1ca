/**
 * The home page in a real browser: a new draft's title as a convener types or pastes it over the
 * suggested 关于……的建议案 (never doubled, never the suggestion itself).
 */
import { type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, typeWithInputMethod, type ServerBrowser } from '../helpers/browser.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let convener: Session

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  browser = await launchBrowserFor(server, { viewport: { width: 1200, height: 850 }, failOnDialogs: true })
  convener = await login(server, 'zuzhang')
})

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

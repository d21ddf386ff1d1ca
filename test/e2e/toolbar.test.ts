/**
 * The toolbar sticks to the top of the window over the text, in real browsers: another member's
 * caret stays readable right under it, the cursor scrolls clear of it, and its 校对 menu does not
 * open under the proofreading popover.
 */
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, demoGroup, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, waitEditable, type ServerBrowser } from '../helpers/browser.js'
import { startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let convener: Session
let sampleDocId: string

beforeAll(async () => {
  // The demo group: convener zuzhang (王组长), members chengyuan1 (李委员) and chengyuan2 (张委员), and a sample draft.
  server = await startServer({ args: ['--demo'] })
  convener = await login(server, 'zuzhang')
  sampleDocId = (await demoGroup(convener)).sampleDocId
  // A window low enough that the sample draft scrolls under the toolbar.
  browser = await launchBrowserFor(server, { viewport: { width: 1100, height: 640 } })
})

afterEach(async () => {
  await browser?.closeContexts()
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

/** Where the toolbar ends, from the window's top. */
const toolbarBottom = (page: Page) =>
  page.locator('.toolbar').evaluate((toolbar) => toolbar.getBoundingClientRect().bottom)

/** Scrolls the window so that the top of `selector`'s first element is `offset` px below the toolbar. */
const scrollBelowToolbar = (page: Page, selector: string, offset: number) =>
  page.evaluate(
    ({ selector, offset }) => {
      const target = document.querySelector(selector)!.getBoundingClientRect().top
      const bar = document.querySelector('.toolbar')!.getBoundingClientRect().bottom
      window.scrollBy(0, target - bar - offset)
    },
    { selector, offset },
  )

describe('the sticky toolbar', () => {
  it('never covers the name of another member’s caret: on the line right under the toolbar it shows below the caret', async () => {
    const li = await browser.openPage(await browser.signedInContext('chengyuan1', '#c0392b'), `/d/${sampleDocId}`)
    await waitEditable(li)
    const zhang = await browser.openPage(await browser.signedInContext('chengyuan2', '#2471a3'), `/d/${sampleDocId}`)
    await waitEditable(zhang)

    // 李委员's cursor goes to a paragraph far down; 张委员 scrolls until that line is just under his toolbar.
    await li.getByTestId('editor-content').getByText('管护主体、管护责任', { exact: false }).click()
    const label = zhang.locator('.collaboration-carets__label', { hasText: '李委员' })
    await label.waitFor()
    await scrollBelowToolbar(zhang, '.collaboration-carets__caret', 4)
    await expect.poll(async () => (await label.boundingBox())!.y >= (await toolbarBottom(zhang))).toBe(true)

    // With room above the line again, the name goes back above the caret.
    await scrollBelowToolbar(zhang, '.collaboration-carets__caret', 120)
    const caretTop = () =>
      zhang.locator('.collaboration-carets__caret').evaluate((caret) => caret.getBoundingClientRect().top)
    await expect.poll(async () => (await label.boundingBox())!.y < (await caretTop())).toBe(true)
    expect(browser.pageErrors).toEqual([])
  })

  it('scrolls the cursor to below the toolbar, not under it, when it moves up out of sight', async () => {
    const li = await browser.openPage(await browser.signedInContext('chengyuan1', '#c0392b'), `/d/${sampleDocId}`)
    await waitEditable(li)
    await li.getByTestId('editor-content').getByText('建议市财政建立稳定增长', { exact: false }).click()
    // The line above the cursor is under the toolbar; the arrow key moves the cursor there.
    await scrollBelowToolbar(li, '.sheet__content h2:nth-of-type(3)', -60)
    const cursorTop = () => li.evaluate(() => window.getSelection()!.getRangeAt(0).getBoundingClientRect().top)
    expect(await cursorTop()).toBeGreaterThan(await toolbarBottom(li))
    for (let i = 0; i < 3; i++) await li.keyboard.press('ArrowUp')
    expect(await cursorTop()).toBeGreaterThanOrEqual(await toolbarBottom(li))
    expect(browser.pageErrors).toEqual([])
  })

  it('closes the proofreading popover when the 校对 menu opens, and 下一处 closes the menu for the popover of the next issue', async () => {
    const docId = await createDraft(convener, '关于完善农村公共服务的建议案')
    const page = await browser.openPage(await browser.signedInContext('chengyuan1', '#c0392b'), `/d/${docId}`)
    await waitEditable(page)
    await page.getByTestId('editor-content').click()
    await page.keyboard.press('Control+End')
    await page.keyboard.press('Enter')
    // Two half-width commas in Chinese text; the cursor stays right after the second.
    await page.keyboard.type('建议加强统筹,提高效率。完善机制,')
    const popover = page.getByTestId('proofreading-popover')
    await popover.getByText('中文语句中应使用全角标点').waitFor()

    await page.getByTestId('proofreading-button').click()
    await page.getByTestId('proofreading-panel').waitFor()
    await popover.waitFor({ state: 'detached' })

    await page.getByTestId('proofreading-panel').getByRole('button', { name: '下一处' }).click()
    await page.getByTestId('proofreading-panel').waitFor({ state: 'detached' })
    await popover.waitFor()
    expect(browser.pageErrors).toEqual([])
  })
})

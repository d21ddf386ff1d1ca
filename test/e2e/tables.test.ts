/**
 * Tables in the editor, in real browsers: a member inserts one from the toolbar, types Chinese into
 * its cells through an input method, adds a row, and another member sees every word in its cell.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, typeWithInputMethod, waitEditable, type ServerBrowser } from '../helpers/browser.js'
import { repoRoot, startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let convener: Session
const screenshots = join(repoRoot, 'test-results', 'tables')

beforeAll(async () => {
  // The demo group: convener zuzhang (王组长), members chengyuan1 (李委员) and chengyuan2 (张委员).
  server = await startServer({ args: ['--demo'] })
  convener = await login(server, 'zuzhang')
  browser = await launchBrowserFor(server, { viewport: { width: 1100, height: 800 } })
  mkdirSync(screenshots, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

/** The text of every cell of the first table of the page, row by row, without other members' caret labels. */
const cells = (page: Page) =>
  page.evaluate(() => {
    const table = document.querySelector('[data-testid="editor-content"] table')
    if (!table) return null
    return [...table.querySelectorAll('tr')].map((row) =>
      [...row.querySelectorAll('th, td')].map((cell) => {
        const copy = cell.cloneNode(true) as Element
        copy.querySelectorAll('[class*="collaboration-carets"]').forEach((caret) => caret.remove())
        return copy.textContent ?? ''
      }),
    )
  })

/** Polls until `page`'s table reads `expected`. */
const waitForCells = (page: Page, expected: string[][]) =>
  expect.poll(() => cells(page), { timeout: 15_000, interval: 100 }).toEqual(expected)

/** The paths of the scripts `context`'s pages ask for, as they ask. */
function scriptsAskedBy(context: BrowserContext): string[] {
  const paths: string[] = []
  context.on('request', (request) => {
    if (request.resourceType() === 'script') paths.push(new URL(request.url()).pathname)
  })
  return paths
}
describe('a table in a draft', () => {
  it('is inserted from the toolbar, typed into with an input method, grown by a row, and seen cell by cell by another member', async () => {
    const docId = await createDraft(convener, '关于高标准农田建设情况的调研报告')
    const li = await browser.openPage(await browser.signedInContext('chengyuan1', '#c0392b'), `/d/${docId}`)
    await waitEditable(li)
    const zhang = await browser.openPage(await browser.signedInContext('chengyuan2', '#2471a3'), `/d/${docId}`)
    await waitEditable(zhang)

    await li.getByTestId('editor-content').click()
    await typeWithInputMethod(li, '各县建设情况见下表。', 'gexian')
    const toolbar = li.getByTestId('toolbar')
    // No table tools while the caret is outside a table.
    const tools = li.getByTestId('table-tools')
    expect(await tools.count()).toBe(0)
    await toolbar.getByRole('button', { name: '表格', exact: true }).click()

    // The caret is in the first header cell; Tab moves through the cells as in Word.
    await tools.getByRole('button', { name: '插入行' }).waitFor()
    await typeWithInputMethod(li, '县（市、区）', 'xian')
    await li.keyboard.press('Tab')
    await typeWithInputMethod(li, '建成面积', 'jiancheng')
    await li.keyboard.press('Tab')
    await typeWithInputMethod(li, '投入资金', 'touru')
    await li.keyboard.press('Tab')
    await typeWithInputMethod(li, '甲县', 'jiaxian')
    await li.keyboard.press('Tab')
    await li.keyboard.type('12.5')

    // A row below the caret's, then 乙县 typed in its first cell.
    await tools.getByRole('button', { name: '插入行' }).click()
    await li.keyboard.press('Tab')
    await li.keyboard.press('Tab')
    await typeWithInputMethod(li, '乙县', 'yixian')

    const expected = [
      ['县（市、区）', '建成面积', '投入资金'],
      ['甲县', '12.5', ''],
      ['乙县', '', ''],
      ['', '', ''],
    ]
    await waitForCells(li, expected)
    await waitForCells(zhang, expected)
    expect(await zhang.locator('[data-testid="editor-content"] table tr').first().locator('th').count()).toBe(3)

    // And the other way: 张委员 fills a cell, 李委员 sees it there.
    await zhang.locator('[data-testid="editor-content"] table tr').nth(2).locator('td').nth(1).click()
    await typeWithInputMethod(zhang, '9.8万亩', 'wanmu')
    await waitForCells(li, [expected[0], expected[1], ['乙县', '9.8万亩', ''], expected[3]])

    // The words in cells count: 各县建设情况见下表。10, 县（市、区）6, 建成面积 4, 投入资金 4, 甲县 2,
    // 12.5 1, 乙县 2, 9.8万亩 3.
    await li.locator('[data-testid="word-count"][data-words="32"]').waitFor()

    await li.locator('.tableWrapper').first().scrollIntoViewIfNeeded()
    // The caret is in the table: its commands are over it; the first row is the header row.
    await tools.waitFor()
    expect(await tools.getByRole('button', { name: '标题行' }).getAttribute('aria-pressed')).toBe('true')
    await li.screenshot({ path: join(screenshots, 'table-in-editor.png') })
    expect(browser.pageErrors).toEqual([])
  })
})

describe('merging cells and narrow screens', () => {
  it('merges two cells dragged across, for the other member too, and splits them again', async () => {
    const docId = await createDraft(convener, '关于农田水利设施管护情况的调研报告')
    const li = await browser.openPage(await browser.signedInContext('chengyuan1', '#c0392b'), `/d/${docId}`)
    await waitEditable(li)
    const zhang = await browser.openPage(await browser.signedInContext('chengyuan2', '#2471a3'), `/d/${docId}`)
    await waitEditable(zhang)
    await li.getByTestId('editor-content').click()
    await li.getByTestId('toolbar').getByRole('button', { name: '表格', exact: true }).click()
    await typeWithInputMethod(li, '合计', 'heji')

    // Dragging from the first header cell to the second selects both cells (a cell selection).
    const header = li.locator('[data-testid="editor-content"] table tr').first().locator('th')
    const from = (await header.nth(0).boundingBox())!
    const to = (await header.nth(1).boundingBox())!
    await li.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await li.mouse.down()
    await li.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 })
    await li.mouse.up()
    await li.locator('.selectedCell').nth(1).waitFor()
    const tools = li.getByTestId('table-tools')
    await tools.getByRole('button', { name: '合并' }).click()

    const merged = '[data-testid="editor-content"] table th[colspan="2"]'
    await li.locator(merged).waitFor()
    await zhang.locator(merged, { hasText: '合计' }).waitFor()
    await li.screenshot({ path: join(screenshots, 'merged-cells.png') })

    await li.locator(merged).click()
    await tools.getByRole('button', { name: '拆分' }).click()
    await zhang.locator(merged).waitFor({ state: 'detached' })
    await waitForCells(zhang, [
      ['合计', '', ''],
      ['', '', ''],
      ['', '', ''],
    ])
    expect(browser.pageErrors).toEqual([])
  })

  it('lets a wide table scroll sideways on a phone rather than squeeze its columns', async () => {
    const docId = await createDraft(convener, '关于各县农田建设投入情况的调研报告')
    const context = await browser.signedInContext('chengyuan1', '#c0392b')
    const phone = await browser.openPage(context, `/d/${docId}`)
    await phone.setViewportSize({ width: 390, height: 800 })
    await waitEditable(phone)
    await phone.getByTestId('editor-content').click()
    await phone.getByTestId('toolbar').getByRole('button', { name: '表格', exact: true }).click()
    const tools = phone.getByTestId('table-tools')
    for (let i = 0; i < 3; i++) await tools.getByRole('button', { name: '插入列' }).click()
    await phone.locator('[data-testid="editor-content"] table tr').first().locator('th').nth(5).waitFor()
    const wrapper = phone.locator('[data-testid="editor-content"] .tableWrapper').first()
    const { scrollWidth, clientWidth } = await wrapper.evaluate((element) => ({
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
    }))
    expect(scrollWidth).toBeGreaterThan(clientWidth)
    // The page itself does not scroll sideways: only the table does.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    await phone.screenshot({ path: join(screenshots, 'table-on-phone.png') })
  })
})

describe('a draft opened with a table in it', () => {
  it('loads table editing only then: Tab moves to the next cell and cells can be selected by dragging', async () => {
    const docId = await createDraft(convener, '关于农村道路养护情况的调研报告')
    const li = await browser.openPage(await browser.signedInContext('chengyuan1', '#c0392b'), `/d/${docId}`)
    await waitEditable(li)
    await li.getByTestId('editor-content').click()
    await li.getByTestId('toolbar').getByRole('button', { name: '表格', exact: true }).click()
    await typeWithInputMethod(li, '乡镇', 'xiangzhen')
    await waitForCells(li, [
      ['乡镇', '', ''],
      ['', '', ''],
      ['', '', ''],
    ])

    // Another member opens the draft, which now has a table: the table editing chunk comes with it.
    const context = await browser.signedInContext('chengyuan2', '#2471a3')
    const chunks = scriptsAskedBy(context)
    const zhang = await browser.openPage(context, `/d/${docId}`)
    await waitEditable(zhang)
    await expect.poll(() => chunks.some((path) => /\/table-cells-[^/]*\.js$/.test(path))).toBe(true)
    const header = zhang.locator('[data-testid="editor-content"] table tr').first().locator('th')
    await header.nth(0).click()
    await zhang.keyboard.press('End')
    await zhang.keyboard.press('Tab')
    await zhang.keyboard.type('2025')
    await waitForCells(li, [
      ['乡镇', '2025', ''],
      ['', '', ''],
      ['', '', ''],
    ])
    const from = (await header.nth(0).boundingBox())!
    const to = (await header.nth(2).boundingBox())!
    await zhang.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await zhang.mouse.down()
    await zhang.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 })
    await zhang.mouse.up()
    await zhang.locator('.selectedCell').nth(2).waitFor()
    expect(browser.pageErrors).toEqual([])
  })

  it('does not load table editing for a draft without tables', async () => {
    const docId = await createDraft(convener, '关于乡村学校建设情况的调研报告')
    const context = await browser.signedInContext('chengyuan1', '#c0392b')
    const chunks = scriptsAskedBy(context)
    const page = await browser.openPage(context, `/d/${docId}`)
    await waitEditable(page)
    await page.getByTestId('editor-content').click()
    await typeWithInputMethod(page, '全县共有学校', 'quanxian')
    await page.locator('[data-testid="word-count"][data-words="6"]').waitFor()
    expect(chunks.filter((path) => /table/i.test(path))).toEqual([])
    // Inserting a table brings it.
    await page.getByTestId('toolbar').getByRole('button', { name: '表格', exact: true }).click()
    await page.getByTestId('table-tools').waitFor()
    expect(chunks.some((path) => /\/table-cells-[^/]*\.js$/.test(path))).toBe(true)
  })
})

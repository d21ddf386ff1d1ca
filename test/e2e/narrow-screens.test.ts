/**
 * A tablet in a meeting room, 768 × 1024, in a real browser: a member edits, the chair reads what
 * was submitted, an invited commenter comments. The text takes the whole width, the toolbar wraps
 * within it, the comments open as a drawer over the text. Each role's screen is saved under
 * test-results/narrow-screens/ to be looked at.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import { sampleDraft } from '../../server/domain/demo.js'
import { contentField, documentSchema } from '../../shared/editor/schema.js'
import { createDraft, demoGroup, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, waitEditable, type ServerBrowser } from '../helpers/browser.js'
import { connectPeer, waitSynced } from '../helpers/peers.js'
import { repoRoot, startServer, waitFor, type RunningServer } from '../helpers/server.js'

const width = 768
const height = 1024
const screenshots = join(repoRoot, 'test-results', 'narrow-screens')

let server: RunningServer
let browser: ServerBrowser
let convener: Session
let sampleDocId: string

beforeAll(async () => {
  // The demo group: convener zuzhang (王组长), member chengyuan1 (李委员), chair zhuxi (陈主席), and
  // zhengqiu (赵处长), a commenter invited to the sample draft.
  server = await startServer({ args: ['--demo'] })
  convener = await login(server, 'zuzhang')
  sampleDocId = (await demoGroup(convener)).sampleDocId
  browser = await launchBrowserFor(server, { viewport: { width, height } })
  mkdirSync(screenshots, { recursive: true })
})

afterEach(async () => {
  await browser?.closeContexts()
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

const screenshot = (page: Page, name: string) => page.screenshot({ path: join(screenshots, `${name}.png`) })

/** Nothing sticks out sideways: the page does not scroll horizontally. */
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

/** The horizontal extent of the visible buttons in `bar`, none of which may leave the window. */
const buttonsExtent = (bar: Locator) =>
  bar.locator('button').evaluateAll((buttons) => {
    const shown = buttons.map((b) => b.getBoundingClientRect()).filter((r) => r.width > 0)
    return {
      count: shown.length,
      left: Math.min(...shown.map((r) => r.left)),
      right: Math.max(...shown.map((r) => r.right)),
    }
  })

/** The part of the window's width the text of the draft gets. */
const textWidth = (page: Page) =>
  page.getByTestId('editor-content').evaluate((content) => content.getBoundingClientRect().width)

const drawer = (page: Page) => page.getByTestId('comments-sidebar')

/** Whether the drawer is in the window (closed, it is moved out to the right and hidden). */
const drawerInWindow = (page: Page) =>
  drawer(page).evaluate((aside) => {
    const box = aside.getBoundingClientRect()
    return getComputedStyle(aside).visibility === 'visible' && box.left >= 0 && box.right <= window.innerWidth + 0.5
  })

describe('a tablet at 768 × 1024', () => {
  it('lets a member edit with the whole width for the text and a toolbar that wraps within the window', async () => {
    const page = await browser.openPage(await browser.signedInContext('chengyuan1', '#2471a3'), `/d/${sampleDocId}`)
    await waitEditable(page)
    await page.getByTestId('editor-content').getByText('亩均投入', { exact: false }).click()
    await page.keyboard.press('Control+End')
    await page.keyboard.press('Enter')
    await page.keyboard.type('建议将高标准农田建后管护纳入年度考核。')
    await page.getByTestId('editor-content').getByText('建议将高标准农田建后管护纳入年度考核。').waitFor()

    expect(await pageWidth(page)).toBeLessThanOrEqual(width)
    const toolbar = page.locator('.toolbar')
    const tools = await buttonsExtent(toolbar)
    expect(tools.left).toBeGreaterThanOrEqual(0)
    expect(tools.right).toBeLessThanOrEqual(width)
    // More than one line of tools: it wrapped rather than ran out of the window.
    expect((await toolbar.boundingBox())!.height).toBeGreaterThan(60)
    // The sidebar is a closed drawer; the text is not squeezed beside it (nor the outline above it).
    expect(await textWidth(page)).toBeGreaterThan(500)
    expect(await drawerInWindow(page)).toBe(false)
    await page.getByTestId('comments-toggle').waitFor()
    expect(await page.locator('.outline').count()).toBe(0)
    await page.getByTestId('editor-content').getByText('建议将高标准农田建后管护纳入年度考核。').click()
    await screenshot(page, 'member-editing')
    expect(browser.pageErrors).toEqual([])
  })

  it('lets the chair read the submitted draft and find every step of the decision within the window', async () => {
    const docId = await createDraft(convener, '关于加强我市高标准农田建设的建议案')
    // The text of the demo's sample draft, written by an official client as the convener.
    const writer = connectPeer(server.wsUrl, docId, { headers: { cookie: convener.cookie } })
    await waitSynced([writer])
    prosemirrorJSONToYXmlFragment(documentSchema, sampleDraft, writer.doc.getXmlFragment(contentField))
    const reader = connectPeer(server.wsUrl, docId, { headers: { cookie: convener.cookie } })
    await waitFor(() => reader.doc.getXmlFragment(contentField).length > 0, 'the text to reach the server')
    writer.destroy()
    reader.destroy()
    const post = (path: string, body: unknown, expect: number) =>
      convener.json(`/documents/${docId}${path}`, { method: 'POST', body: JSON.stringify(body), expect })
    await post('/versions', { label: '送审稿' }, 201)
    await post('/workflow/submit', { versionNumber: 1, note: '请主席审定。' }, 200)

    const page = await browser.openPage(await browser.signedInContext('zhuxi', '#6c3483'), `/d/${docId}`)
    await page.getByTestId('workflow-status').filter({ hasText: '待审定' }).waitFor()
    await page.getByTestId('read-only').waitFor()
    expect(await pageWidth(page)).toBeLessThanOrEqual(width)
    const steps = await buttonsExtent(page.getByTestId('workflow-bar'))
    expect(steps.count).toBeGreaterThanOrEqual(3)
    expect(steps.right).toBeLessThanOrEqual(width)
    expect((await buttonsExtent(page.locator('.read-only-bar'))).right).toBeLessThanOrEqual(width)
    expect(await textWidth(page)).toBeGreaterThan(500)
    await screenshot(page, 'chair-reading')

    // 阅读送审稿 opens the submitted version in a reader that fits the window, its decision in reach.
    await page.getByTestId('workflow-bar').getByRole('button', { name: '阅读送审稿' }).click()
    const versionReader = page.getByTestId('version-reader')
    await versionReader.getByTestId('version-content').getByText('管护主体、管护责任', { exact: false }).waitFor()
    const box = (await versionReader.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(width)
    expect(box.y + box.height).toBeLessThanOrEqual(height)
    const approve = versionReader.getByRole('button', { name: '审定通过' })
    expect(await approve.isVisible()).toBe(true)
    const approveBox = (await approve.boundingBox())!
    expect(approveBox.y + approveBox.height).toBeLessThanOrEqual(height)
    await screenshot(page, 'chair-reading-submitted-version')
    expect(browser.pageErrors).toEqual([])
  })

  it('lets an invited commenter comment: the drawer opens on the new thread, closes, and opens again from the words', async () => {
    const page = await browser.openPage(await browser.signedInContext('zhengqiu', '#1e8449'), `/d/${sampleDocId}`)
    await page.getByTestId('read-only').waitFor()
    await page.getByTestId('open-count').waitFor({ state: 'attached' })
    expect(await drawerInWindow(page)).toBe(false)

    // Selects a paragraph (a triple click, as a finger's long press would) and comments on it.
    const words = page.getByTestId('editor-content').getByText('管护主体、管护责任', { exact: false })
    await words.click({ clickCount: 3 })
    await page.getByTestId('comment-button').click()
    const composer = page.getByTestId('new-thread-composer').getByRole('combobox')
    await composer.waitFor()
    await expect.poll(() => drawerInWindow(page)).toBe(true)
    await composer.fill('建议明确管护经费的来源和标准。')
    await screenshot(page, 'commenter-commenting')
    await composer.press('Control+Enter')
    const card = page.getByTestId('thread').filter({ hasText: '建议明确管护经费的来源和标准。' })
    await card.waitFor()
    expect(await pageWidth(page)).toBeLessThanOrEqual(width)
    await screenshot(page, 'commenter-thread')

    // Closed, the drawer leaves the text; the toggle counts the open thread; the words open it again.
    await page.getByTestId('comments-close').click()
    await expect.poll(() => drawerInWindow(page)).toBe(false)
    await page.getByTestId('comments-toggle').filter({ hasText: '1' }).waitFor()
    // The paragraph's cited words split the thread's highlight in three; its first part opens it.
    await page.getByTestId('editor-content').locator('.comment-highlight').first().click()
    await expect.poll(() => drawerInWindow(page)).toBe(true)
    await card.waitFor()
    expect(await card.getAttribute('class')).toContain('thread--active')

    // Closed again, the toggle opens it.
    await page.getByTestId('comments-close').click()
    await expect.poll(() => drawerInWindow(page)).toBe(false)
    await page.getByTestId('comments-toggle').click()
    await expect.poll(() => drawerInWindow(page)).toBe(true)
    expect(browser.pageErrors).toEqual([])
  })
})

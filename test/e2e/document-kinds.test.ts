/**
 * Document kinds in a real browser: a convener creates a 座谈会纪要 and a 调研报告 from the home page,
 * each opening on its own template (the 纪要's header lines and 发言摘要, the 调研报告's four numbered
 * sections signed by the group) with no 送审 offered; the list names each document's kind and filters by it.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, typeWithInputMethod, waitEditable, type ServerBrowser } from '../helpers/browser.js'
import { repoRoot, startServer, waitFor, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let convener: Session
const screenshots = join(repoRoot, 'test-results', 'document-kinds')

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  browser = await launchBrowserFor(server, { viewport: { width: 1280, height: 900 }, failOnDialogs: true })
  convener = await login(server, 'zuzhang')
  mkdirSync(screenshots, { recursive: true })
})

afterEach(async () => {
  expect(browser.pageErrors).toEqual([])
  await browser.closeContexts()
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

/**
 * On the home page, chooses `kind`, takes the title it suggests (its …… selected), types the subject
 * over the …… with an input method, creates the document and waits for its editor.
 */
async function createFromHome(kindName: string, suggested: string, subject: string, pinyin: string): Promise<Page> {
  const page = await browser.openPage(await browser.signedInContext(convener, '#117a65'), '/')
  await page.getByTestId('new-document-kind').selectOption({ label: kindName })
  const box = page.getByTestId('new-document-title')
  await box.click()
  const gap = suggested.indexOf('……')
  await waitFor(
    async () =>
      (
        await box.evaluate((input: HTMLInputElement) => [input.value, input.selectionStart, input.selectionEnd])
      ).join() === [suggested, gap, gap + 2].join(),
    `the title ${suggested} suggested with its …… selected`,
  )
  await typeWithInputMethod(page, subject, pinyin)
  await waitFor(async () => (await box.inputValue()) === suggested.replace('……', subject), 'the subject in the title')
  await page.getByRole('button', { name: '新建', exact: true }).click()
  await page.waitForURL(/\/d\//)
  await waitEditable(page)
  return page
}

/** The editor's paragraphs and headings as a reader sees them, heading numbers included. */
const shownBlocks = (page: Page) =>
  page
    .getByTestId('editor-content')
    .locator('h1, h2, h3, h4, p')
    .evaluateAll((nodes) => nodes.map((node) => `${node.getAttribute('data-heading-number') ?? ''}${node.textContent}`))

describe('creating each kind from the home page', () => {
  it('opens a 座谈会纪要 on its template: 时间, 地点, 主持人, 参加人员, then numbered 议题, 发言摘要 and 共识, unsigned', async () => {
    const page = await createFromHome('座谈会纪要', '……座谈会纪要', '高标准农田建后管护', 'gaobiaozhun')
    await expect.poll(() => shownBlocks(page)).toContain('一、会议议题')
    const blocks = await shownBlocks(page)
    expect(blocks.slice(0, 4)).toEqual(['时间：', '地点：', '主持人：', '参加人员：'])
    expect(blocks.filter((text) => /^[一二三]、/.test(text))).toEqual([
      '一、会议议题',
      '二、发言摘要',
      '三、会议共识和下一步工作',
    ])
    // The labels and the speakers are bold, as the export sets them apart.
    const editor = page.getByTestId('editor-content')
    expect(await editor.locator('p strong').first().textContent()).toBe('时间：')
    expect(await editor.locator('p strong').allTextContents()).toContain('××局××同志：')
    expect(blocks).not.toContain('××××年×月×日')
    await page.getByText('高标准农田建后管护座谈会纪要').first().waitFor()
    // Only a 建议案 is submitted: the server offers no 送审 here, so none is shown.
    const bar = page.getByTestId('workflow-bar')
    await bar.waitFor()
    expect(await bar.getByRole('button', { name: '送审' }).count()).toBe(0)
    await page.screenshot({ path: join(screenshots, 'minutes.png'), fullPage: true })
  })

  it('opens a 调研报告 on its template: 基本情况, 主要问题, 原因分析, 对策建议, signed by the group', async () => {
    const page = await createFromHome('调研报告', '关于……的调研报告', '我市高标准农田建设情况', 'woshi')
    await expect.poll(() => shownBlocks(page)).toContain('四、对策建议')
    const blocks = await shownBlocks(page)
    expect(blocks.filter((text) => /^[一二三四]、/.test(text))).toEqual([
      '一、基本情况',
      '二、主要问题',
      '三、原因分析',
      '四、对策建议',
    ])
    expect(blocks.slice(-2)).toEqual(['农业农村调研组', '××××年×月×日'])
    await page.getByTestId('workflow-bar').waitFor()
    expect(await page.getByTestId('workflow-bar').getByRole('button', { name: '送审' }).count()).toBe(0)
    await page.screenshot({ path: join(screenshots, 'report.png'), fullPage: true })
  })

  it('lists each document with its kind and filters the list by kind', async () => {
    const page = await browser.openPage(await browser.signedInContext(convener, '#117a65'), '/')
    const row = (title: string) => page.getByTestId('document-row').filter({ hasText: title })
    await row('高标准农田建后管护座谈会纪要').getByTestId('document-kind').filter({ hasText: '座谈会纪要' }).waitFor()
    await row('关于我市高标准农田建设情况的调研报告')
      .getByTestId('document-kind')
      .filter({ hasText: '调研报告' })
      .waitFor()
    await row('关于加强我市高标准农田建设的建议案').getByTestId('document-kind').filter({ hasText: '建议案' }).waitFor()
    await page.getByTestId('kind-filter').selectOption({ label: '调研报告' })
    // This one and the demo investigation's 调研报告, and nothing else.
    const kinds = () => page.getByTestId('document-kind').allInnerTexts()
    await waitFor(async () => {
      const shown = await kinds()
      return shown.length === 2 && shown.every((kind) => kind === '调研报告')
    }, 'only the 调研报告')
    await row('关于我市高标准农田建设情况的调研报告').waitFor()
    await page.getByTestId('kind-filter').selectOption({ label: '座谈会纪要' })
    await waitFor(async () => {
      const shown = await kinds()
      return shown.length === 3 && shown.every((kind) => kind === '座谈会纪要')
    }, 'only the 纪要: this one and the demo’s two')
    await page.getByTestId('kind-filter').selectOption({ label: '全部文种' })
    await waitFor(async () => (await page.getByTestId('document-row').count()) >= 3, 'every kind again')
    await page.screenshot({ path: join(screenshots, 'list.png'), fullPage: true })
  })
})

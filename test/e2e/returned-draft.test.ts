/**
 * 导入修订稿 in a real browser: the sample draft goes out as a 征求意见稿 DOCX and comes back from
 * 市财政局 with a Word replacement, a comment and a change on the printed title (which no draft
 * holds); a member imports it from the comments sidebar, reads the report, and accepts the
 * imported suggestion — the words change in the editor.
 * Screens are saved under test-results/returned-draft/ to be looked at.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, type ServerBrowser } from '../helpers/browser.js'
import { repoRoot, startServer, type RunningServer } from '../helpers/server.js'
import { markUp } from '../fixtures/import/returned/mark-up.js'

const screenshots = join(repoRoot, 'test-results', 'returned-draft')

let server: RunningServer
let browser: ServerBrowser
let member: Session
let sampleDocId: string
let returned: Uint8Array

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  member = await login(server, 'chengyuan1')
  sampleDocId = (await demoGroup(member)).sampleDocId
  const version = await member.json(`/documents/${sampleDocId}/versions`, {
    method: 'POST',
    body: JSON.stringify({ label: '征求意见稿' }),
    expect: 201,
  })
  const exported = await member.api(
    `/documents/${sampleDocId}/versions/${version.number}/export/docx?mark=consultation`,
  )
  expect(exported.status).toBe(200)
  const zhang = { author: '张三', date: '2025-03-03T09:15:00Z' }
  returned = markUp(new Uint8Array(await exported.arrayBuffer()), [
    { kind: 'replace', paragraph: '近年来，我市深入实施', words: '稳步提升', by: '显著提升', ...zhang },
    {
      kind: 'comment',
      paragraph: '管护主体、管护责任',
      words: '管护经费',
      text: '建议明确经费标准。',
      author: '李四',
      date: '2025-03-04T10:00:00Z',
    },
    { kind: 'replace', paragraph: '建议案', words: '建议案', by: '建议', ...zhang },
  ])
  browser = await launchBrowserFor(server, { viewport: { width: 1360, height: 900 }, failOnDialogs: true })
  mkdirSync(screenshots, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

const screenshot = (page: Page, name: string) => page.screenshot({ path: join(screenshots, `${name}.png`) })

/** The text of the paragraph that contains `words`, as the page shows it. */
const paragraphWith = (page: Page, words: string) =>
  page.getByTestId('editor-content').evaluate((root, words) => {
    for (const paragraph of root.querySelectorAll('p')) {
      const copy = paragraph.cloneNode(true) as HTMLElement
      for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove()
      if (copy.textContent?.includes(words)) return copy.textContent
    }
    return null
  }, words)

describe('导入修订稿', () => {
  it('lets a member import a returned draft, read the report and accept one of its suggestions', async () => {
    const page = await browser.openPage(await browser.signedInContext('chengyuan1', '#2f6fdf'), `/d/${sampleDocId}`)
    await page.getByTestId('connection-status').filter({ hasText: '已连接' }).waitFor()
    await page.getByTestId('open-count').waitFor()

    await page.getByTestId('returned-draft-open').click()
    const dialog = page.getByTestId('returned-draft-dialog')
    await dialog.getByTestId('returned-draft-form').waitFor()
    await dialog.getByTestId('returned-draft-file').setInputFiles({
      name: '市财政局修订稿.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: Buffer.from(returned),
    })
    // The sample draft's invited commenter is offered; this one came from outside.
    await expect
      .poll(() => dialog.getByTestId('returned-draft-user').locator('option').allTextContents())
      .toContain('赵处长（农业农村局）')
    await dialog.getByTestId('returned-draft-from-unit').check()
    await dialog.getByTestId('returned-draft-unit').fill('市财政局')
    await screenshot(page, 'dialog')
    await dialog.getByRole('button', { name: '导入', exact: true }).click()

    const summary = dialog.getByTestId('returned-draft-summary')
    await summary.filter({ hasText: '已导入修订 1 处、批注 1 条' }).waitFor()
    const unplaced = dialog.getByTestId('returned-draft-unplaced').locator('li')
    expect(await unplaced.count()).toBe(1)
    const item = await unplaced.first().innerText()
    expect(item).toContain('替换')
    expect(item).toContain('将“建议案”改为“建议”')
    expect(item).toContain('所在段落已不在当前稿中')
    expect(item).toContain('修订人：张三')
    await screenshot(page, 'report')
    await dialog.getByRole('button', { name: '完成' }).click()

    // The imported suggestion is in the sidebar, raised by the unit, with the file named.
    const card = page.locator('[data-testid="thread"][data-kind="suggestion"]').filter({ hasText: '显著提升' })
    await card.getByTestId('thread-raiser').filter({ hasText: '市财政局（张三）' }).waitFor()
    await card.getByTestId('thread-source').filter({ hasText: '导入自《市财政局修订稿.docx》' }).waitFor()
    const comment = page.locator('[data-testid="thread"][data-kind="comment"]').filter({ hasText: '建议明确经费标准' })
    await comment.getByText('市财政局（李四）').waitFor()
    expect(await paragraphWith(page, '近年来，我市深入实施')).toContain('稳步提升')
    await card.click()
    await screenshot(page, 'imported')

    await card.getByTestId('suggestion-accept').click()
    await expect.poll(() => paragraphWith(page, '近年来，我市深入实施')).toContain('粮食综合生产能力显著提升')
    await screenshot(page, 'accepted')
    expect(browser.pageErrors).toEqual([])
  })
})

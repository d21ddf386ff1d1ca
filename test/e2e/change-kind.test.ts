/**
 * 改文种 in a real browser: the convener turns a 调研报告 into a 调研方案 from its row in the list —
 * the dialog says the text is not rewritten, a pending line shows while the server answers — and
 * the list and its kind filter show the new kind; in the editor's bar the kind shows too, and a
 * document made a 建议案 there is offered 送审 at once. A member is offered no 改文种.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, waitEditable, type ServerBrowser } from '../helpers/browser.js'
import { repoRoot, startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let convener: Session
let groupId: string
const screenshots = join(repoRoot, 'test-results', 'change-kind')

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  browser = await launchBrowserFor(server, { viewport: { width: 1280, height: 900 }, failOnDialogs: true })
  convener = await login(server, 'zuzhang')
  groupId = (await demoGroup(convener)).groupId
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

const create = (kind: string, title: string): Promise<{ id: string }> =>
  convener.json('/documents', {
    method: 'POST',
    body: JSON.stringify({ title, groupId, kind, template: 'template' }),
    expect: 201,
  })

describe('改文种', () => {
  it('the convener turns a 调研报告 into a 调研方案 from the list, and the list shows it', async () => {
    const title = '关于我市农机社会化服务的调研报告'
    await create('report', title)
    const page = await browser.openPage(await browser.signedInContext(convener, '#117a65'), '/')
    const row = page.getByTestId('document-row').filter({ hasText: title })
    await row.getByTestId('document-kind').filter({ hasText: '调研报告' }).waitFor()

    await row.getByTestId('change-kind').click()
    const dialog = page.getByTestId('change-kind-dialog')
    await dialog.waitFor()
    expect(await dialog.getByTestId('change-kind-note').innerText()).toContain('正文不会改写')
    await dialog.getByTestId('change-kind-select').selectOption({ label: '调研方案' })

    // The server's answer is held until the pending line has been seen.
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/api/documents/*/kind', async (route) => {
      await held
      await route.continue()
    })
    await dialog.getByRole('button', { name: '确定' }).click()
    await dialog.getByTestId('change-kind-pending').waitFor()
    await page.screenshot({ path: join(screenshots, 'dialog-pending.png') })
    release()
    await dialog.waitFor({ state: 'hidden' })

    await row.getByTestId('document-kind').filter({ hasText: '调研方案' }).waitFor()
    await page.getByTestId('kind-filter').selectOption({ label: '调研方案' })
    await row.waitFor()
    await page.getByTestId('kind-filter').selectOption({ label: '调研报告' })
    await row.waitFor({ state: 'detached' })
    await page.getByTestId('kind-filter').selectOption({ label: '调研方案' })
    await row.waitFor()
    await page.screenshot({ path: join(screenshots, 'list.png'), fullPage: true })
  })

  it('in the editor the bar shows the kind, and a 调研方案 made a 建议案 is offered 送审', async () => {
    const { id } = await create('plan', '关于我市智慧农业的调研方案')
    const page = await browser.openPage(await browser.signedInContext(convener, '#117a65'), `/d/${id}`)
    await waitEditable(page)
    const bar = page.locator('.workspace__bar')
    await bar.getByTestId('document-kind').filter({ hasText: '调研方案' }).waitFor()
    const workflow = page.getByTestId('workflow-bar')
    await workflow.waitFor()
    expect(await workflow.getByRole('button', { name: '送审' }).count()).toBe(0)

    await bar.getByTestId('change-kind').click()
    const dialog = page.getByTestId('change-kind-dialog')
    await dialog.getByTestId('change-kind-select').selectOption({ label: '建议案' })
    await page.screenshot({ path: join(screenshots, 'editor-dialog.png') })
    await dialog.getByRole('button', { name: '确定' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await bar.getByTestId('document-kind').filter({ hasText: '建议案' }).waitFor()
    await workflow.getByRole('button', { name: '送审' }).waitFor()
    await page.screenshot({ path: join(screenshots, 'editor.png') })
  })

  it('a member sees the kind but is offered no 改文种', async () => {
    const title = '关于我市农村寄递物流的调研报告'
    await create('report', title)
    const page = await browser.openPage(await browser.signedInContext('chengyuan1', '#8e44ad'), '/')
    const row = page.getByTestId('document-row').filter({ hasText: title })
    await row.getByTestId('document-kind').filter({ hasText: '调研报告' }).waitFor()
    expect(await row.getByTestId('change-kind').count()).toBe(0)
  })
})

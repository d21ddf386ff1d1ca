/**
 * What a person sees of the limits and the warnings before a step, in a real browser: titles and
 * comments count towards their limit as the server counts them (𠀀 is one character), say the
 * limit when it is reached, keep a pasted text that is too long and hold the submit back; long
 * comments fold; and 送审 and 审定 say what proofreading still flags, with a way to the first one,
 * without refusing the step.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, waitEditable, WAIT_MS, type ServerBrowser } from '../helpers/browser.js'
import { repoRoot, startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let convener: Session
const screenshots = join(repoRoot, 'test-results', 'limits')

beforeAll(async () => {
  // The demo group: convener zuzhang (王组长), members chengyuan1 (李委员) and chengyuan2, chair zhuxi (陈主席).
  server = await startServer({ args: ['--demo'] })
  convener = await login(server, 'zuzhang')
  browser = await launchBrowserFor(server, { viewport: { width: 1280, height: 860 } })
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
const codePoints = (text: string) => [...text].length

/**
 * Clicks the new document's title box and waits for what focusing it does: it suggests
 * 关于……的建议案 and then selects the ……. A select-all before that selection would be undone by it,
 * and the typing would land between 关于 and 的建议案, as a person's would if they were that quick.
 */
async function focusTitle(page: Page): Promise<void> {
  const title = page.getByTestId('new-document-title')
  await title.click()
  await expect
    .poll(() => title.evaluate((input: HTMLInputElement) => input.selectionEnd! - input.selectionStart!))
    .toBe(2)
}

describe('limits a person can see', () => {
  it('counts a title as the server does, says the limit at it, and keeps a pasted title that is too long', async () => {
    const page = await browser.openPage(await browser.signedInContext('zuzhang', '#c0392b'), '/')
    const input = page.getByTestId('new-document-title')
    const create = page.getByRole('button', { name: '新建', exact: true })
    const counter = page.locator('form.create-form').getByTestId('length-counter')
    // Focusing the box suggests the template's title: what is pasted replaces it.
    await focusTitle(page)
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText('农'.repeat(150))
    expect(await counter.count()).toBe(0)

    // From 80 % of the limit on, the count shows.
    await page.keyboard.insertText('田'.repeat(20))
    await counter.filter({ hasText: '170/200' }).waitFor()
    expect(await counter.getAttribute('data-state')).toBe('near')

    // 200 characters, a hundred of them outside the BMP (300 UTF-16 units): exactly at the limit.
    const full = '𠀀'.repeat(100) + '田'.repeat(100)
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(full)
    await counter.filter({ hasText: '200/200' }).waitFor()
    await counter.getByText('标题最多 200 字').waitFor()
    expect(await create.isEnabled()).toBe(true)

    // 30 more pasted at the end: all of it stays, the count says how many too many, 新建 waits.
    await page.keyboard.press('End')
    await page.keyboard.insertText('建'.repeat(30))
    await counter.filter({ hasText: '230/200' }).waitFor()
    await counter.getByText('标题最多 200 字，已超出 30 字，删减后才能提交').waitFor()
    expect(codePoints(await input.inputValue())).toBe(230)
    expect(await input.getAttribute('aria-invalid')).toBe('true')
    expect(await input.getAttribute('aria-describedby')).toContain(await counter.getAttribute('id'))
    expect(await create.isDisabled()).toBe(true)
    await screenshot(page, 'title-over-limit')

    // Cut back to the limit, the title is created as typed: the server counts as the box did.
    for (let i = 0; i < 30; i++) await page.keyboard.press('Backspace')
    await counter.filter({ hasText: '200/200' }).waitFor()
    await create.click()
    await page.waitForURL(/\/d\//)
    const docId = new URL(page.url()).pathname.split('/').pop()!
    const created = await convener.json<{ title: string }>(`/documents/${docId}`, { expect: 200 })
    expect(created.title).toBe(full)

    // Renaming counts the same way: the title at the limit, one more character and 保存 waits.
    await page.goto('/')
    const row = page.getByTestId('document-row').filter({ hasText: full })
    await row.getByRole('button', { name: '重命名' }).click()
    const rename = page.getByRole('textbox', { name: '重命名' })
    const editing = page.getByTestId('document-row').filter({ has: rename })
    await editing.getByTestId('length-counter').filter({ hasText: '200/200' }).waitFor()
    await rename.press('End')
    await page.keyboard.insertText('案')
    await editing.getByTestId('length-counter').getByText('标题最多 200 字，已超出 1 字', { exact: false }).waitFor()
    expect(await editing.getByRole('button', { name: '保存' }).isDisabled()).toBe(true)
    await screenshot(page, 'rename-over-limit')

    // The same, in English.
    const context = await browser.signedInContext('zuzhang', '#c0392b')
    await context.addInitScript(() => localStorage.setItem('jianyi.locale', 'en'))
    const english = await browser.openPage(context, '/')
    await focusTitle(english)
    await english.keyboard.press('Control+A')
    await english.keyboard.insertText('田'.repeat(201))
    await english.getByText('Title is at most 200 characters: 1 too many, shorten it to send').waitFor()
    expect(browser.pageErrors).toEqual([])
  })

  it('keeps a pasted comment over the limit and holds it back; a long comment folds with 展开 and 收起', async () => {
    const docId = await createDraft(convener, '关于健全农田建后管护机制的建议案')
    const page = await browser.openPage(await browser.signedInContext('chengyuan1', '#2471a3'), `/d/${docId}`)
    await waitEditable(page)
    await page.getByTestId('open-count').waitFor()
    await page.getByTestId('editor-content').click()
    await page.keyboard.type('建议明确管护主体。')
    await page.keyboard.press('Shift+Home')
    const button = page.getByTestId('comment-button')
    await expect.poll(() => button.isEnabled(), { timeout: WAIT_MS }).toBe(true)
    await button.click()
    const composer = page.getByTestId('new-thread-composer')
    const box = composer.getByRole('combobox')
    const send = composer.getByRole('button', { name: '发表' })

    // A paste of 10,050 characters: all of it stays in the box, and 发表 (and Ctrl+Enter) wait.
    await box.focus()
    await page.keyboard.insertText('议'.repeat(10_050))
    const counter = composer.getByTestId('length-counter')
    await counter.filter({ hasText: '10,050/10,000' }).waitFor()
    await counter.getByText('评论最多 10,000 字，已超出 50 字，删减后才能提交').waitFor()
    expect((await box.inputValue()).length).toBe(10_050)
    expect(await send.isDisabled()).toBe(true)
    await box.press('Control+Enter')
    expect(await composer.isVisible()).toBe(true)
    await screenshot(page, 'comment-over-limit')

    // A long comment is sent; in its card it folds to six lines.
    const lines = Array.from(
      { length: 14 },
      (_, i) => `第${i + 1}点：建议把管护经费列入县级财政预算，并按建成面积逐年核拨。`,
    )
    await box.press('Control+A')
    await page.keyboard.insertText(lines.join('\n'))
    expect(await counter.count()).toBe(0)
    await send.click()
    await composer.waitFor({ state: 'detached' })
    const card = page.getByTestId('thread').filter({ hasText: '第1点' })
    const body = card.getByTestId('comment-body')
    await card.getByTestId('comment-fold').filter({ hasText: '展开' }).waitFor()
    expect(await body.getAttribute('data-folded')).toBe('true')
    const lineHeight = await body.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight))
    const folded = await body.evaluate((element) => element.clientHeight)
    expect(Math.round(folded / lineHeight)).toBe(6)
    await screenshot(page, 'comment-folded')

    await card.getByTestId('comment-fold').click()
    await card.getByTestId('comment-fold').filter({ hasText: '收起' }).waitFor()
    expect(await card.getByTestId('comment-fold').getAttribute('aria-expanded')).toBe('true')
    const expanded = await body.evaluate((element) => element.clientHeight)
    expect(expanded).toBeGreaterThan(folded * 2)
    await screenshot(page, 'comment-expanded')
    await card.getByTestId('comment-fold').click()
    await card.getByTestId('comment-fold').filter({ hasText: '展开' }).waitFor()

    // A short reply has nothing to fold.
    await card.getByTestId('reply-composer').getByRole('combobox').fill('同意。')
    await card.getByTestId('reply-composer').getByRole('button', { name: '回复' }).click()
    await card.getByTestId('comment-body').filter({ hasText: '同意。' }).waitFor()
    expect(await card.getByTestId('comment-fold').count()).toBe(1)
    expect(browser.pageErrors).toEqual([])
  })

  it('tells 送审 and 审定 what proofreading still flags, leads to the first one, and takes the step all the same', async () => {
    const docId = await createDraft(convener, '关于完善耕地保护补偿机制的建议案')
    const page = await browser.openPage(await browser.signedInContext('zuzhang', '#c0392b'), `/d/${docId}`)
    await waitEditable(page)
    const bar = page.getByTestId('workflow-bar')
    await page.getByTestId('editor-content').click()
    await page.keyboard.type('建议提高耕地地力保护补贴标准。')

    // Nothing flagged, nothing said.
    await bar.getByRole('button', { name: '送审' }).click()
    const dialog = page.getByTestId('submit-dialog')
    await dialog.getByLabel('送审版本').waitFor()
    expect(await dialog.getByTestId('proof-warning').count()).toBe(0)
    await dialog.getByRole('button', { name: '取消' }).click()

    // A half-width comma and a doubled full stop: the 校对 menu counts them, the dialog says as many.
    await page.getByTestId('editor-content').click()
    await page.keyboard.press('Control+End')
    await page.keyboard.press('Enter')
    await page.keyboard.type('落实管护责任,加大资金投入。。')
    const menu = page.getByTestId('proofreading-button')
    await expect.poll(async () => Number(await menu.getAttribute('data-issues'))).toBeGreaterThanOrEqual(2)
    const flagged = Number(await menu.getAttribute('data-issues'))
    await bar.getByRole('button', { name: '送审' }).click()
    const warning = dialog.getByTestId('proof-warning')
    await warning.getByText(`校对仍提示 ${flagged} 处问题（当前草稿）。`).waitFor()
    expect(Number(await warning.getAttribute('data-issues'))).toBe(flagged)
    await screenshot(page, 'submit-proofreading-warning')

    // 转到第一处: the dialog closes, the cursor is in the half-width comma, whose fix shows.
    await page.keyboard.press('Control+Home')
    await warning.getByTestId('proof-jump').click()
    await dialog.waitFor({ state: 'detached' })
    const popover = page.getByTestId('proofreading-popover')
    await popover.getByText('中文语句中应使用全角标点').waitFor()
    await screenshot(page, 'submit-jumped-to-first')

    // The warning holds nothing back: the draft goes up as it is.
    await bar.getByRole('button', { name: '送审' }).click()
    await warning.waitFor()
    await dialog.getByRole('button', { name: '送审' }).click()
    await bar.getByTestId('workflow-status').filter({ hasText: '待审定' }).waitFor()

    // The chair approves the submitted version: its own text is proofread, and the same is found.
    const chair = await browser.openPage(await browser.signedInContext('zhuxi', '#6c3483'), `/d/${docId}`)
    await chair.getByTestId('workflow-bar').getByRole('button', { name: '审定通过' }).click()
    const approve = chair.getByTestId('approve-dialog')
    const chairWarning = approve.getByTestId('proof-warning')
    await chairWarning.getByText(`校对仍提示 ${flagged} 处问题（v1）。`).waitFor()
    await screenshot(chair, 'approve-proofreading-warning')

    // 转到第一处 opens the submitted text with its problems underlined, the first one in view.
    await chairWarning.getByTestId('proof-jump').click()
    await approve.waitFor({ state: 'detached' })
    const reader = chair.getByTestId('version-reader')
    const first = reader.locator('.proof-issue--first')
    await first.waitFor()
    expect(await first.textContent()).toBe(',')
    expect(await reader.locator('.proof-issue').count()).toBe(flagged)
    await expect
      .poll(() =>
        first.evaluate((element) => {
          const box = element.getBoundingClientRect()
          return box.top >= 0 && box.bottom <= innerHeight
        }),
      )
      .toBe(true)
    await screenshot(chair, 'approve-reader-first-issue')

    // And the chair approves it from there all the same.
    await reader.getByRole('button', { name: '审定通过' }).click()
    await approve.getByTestId('proof-warning').waitFor()
    await approve.getByRole('button', { name: '审定通过' }).click()
    await chair.getByTestId('approved-banner').waitFor()
    expect(browser.pageErrors).toEqual([])
  })
})

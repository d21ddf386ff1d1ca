/**
 * 修订 (suggestions) in real browsers: an invited commenter, who may not change the text, selects
 * words and types a replacement through a Chinese input method; a member sees it at once, struck
 * through and underlined in the commenter's colour, and accepts it; both editors then show the new
 * words, and the commenter's read-only socket never sent an edit. A member switches to 修订 with
 * Ctrl+Shift+E and several keystrokes make one suggestion; Backspace takes back proposed
 * characters, then proposes deleting; 送审 names the suggestions still open.
 * Screens are saved under test-results/suggestions/ to be looked at.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, demoGroup, login, type Session } from '../helpers/accounts.js'
import {
  launchBrowserFor,
  selectWithMouse,
  type ServerBrowser,
  typeWithInputMethod,
  WAIT_MS,
  waitEditable,
} from '../helpers/browser.js'
import { repoRoot, startServer, type RunningServer } from '../helpers/server.js'

const screenshots = join(repoRoot, 'test-results', 'suggestions')

let server: RunningServer
let browser: ServerBrowser
let convener: Session
let sampleDocId: string

beforeAll(async () => {
  // The demo group: convener zuzhang (王组长), members chengyuan1 (李委员) and chengyuan2 (张委员),
  // chair zhuxi (陈主席), and zhengqiu (赵处长), a commenter invited to the sample draft.
  server = await startServer({ args: ['--demo'] })
  convener = await login(server, 'zuzhang')
  sampleDocId = (await demoGroup(convener)).sampleDocId
  browser = await launchBrowserFor(server, { viewport: { width: 1360, height: 900 }, failOnDialogs: true })
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

/** The draft opened by `username`, connected, its threads loaded. */
async function openDraft(username: string, docId: string, color: string): Promise<Page> {
  const page = await browser.openPage(await browser.signedInContext(username, color), `/d/${docId}`)
  await page.getByTestId('connection-status').filter({ hasText: '已连接' }).waitFor()
  await page.getByTestId('open-count').waitFor()
  await page.waitForFunction(() => window.__jianyi !== undefined)
  return page
}

/** The text of the paragraph that contains `words`, as the page shows it (others' caret names left out). */
const paragraphWith = (page: Page, words: string) =>
  page.getByTestId('editor-content').evaluate((root, words) => {
    for (const paragraph of root.querySelectorAll('p')) {
      const copy = paragraph.cloneNode(true) as HTMLElement
      for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove()
      if (copy.textContent?.includes(words)) return copy.textContent
    }
    return null
  }, words)

/** The words the text shows struck through and underlined, in order. */
const shownChanges = (page: Page) =>
  page.getByTestId('editor-content').evaluate((root) => ({
    deleted: [...root.querySelectorAll('del.suggestion-delete')].map((element) => element.textContent),
    inserted: [...root.querySelectorAll('ins.suggestion-insert')].map((element) => element.textContent),
  }))

/** The editor's own Y.Doc: whether this page ever wrote into it, and the object itself (a reload makes a new one). */
const ownWrites = (page: Page) =>
  page.evaluate(() => {
    const doc = window.__jianyi!.doc as unknown as { clientID: number; store: { clients: Map<number, unknown> } }
    return doc.store.clients.has(doc.clientID)
  })

/** Places the caret right after `text` with a click, as a person would. */
async function clickAfter(page: Page, text: string): Promise<void> {
  const point = await page.getByTestId('editor-content').evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(wanted)
      if (at < 0) continue
      node.parentElement!.scrollIntoView({ block: 'center' })
      const range = document.createRange()
      range.setStart(node, at + wanted.length - 1)
      range.setEnd(node, at + wanted.length)
      const rect = range.getBoundingClientRect()
      return { x: rect.right - 1, y: rect.top + rect.height / 2 }
    }
    return null
  }, text)
  if (!point) throw new Error(`"${text}" is not in the editor`)
  await page.mouse.click(point.x, point.y)
}

interface SuggestionThread {
  id: string
  authorId: string
  quote: string
  anchor: { start: string; end: string }
  suggestion?: { insert: string; status: string }
}

const suggestionsOf = async (docId: string) =>
  (await convener.json<{ threads: SuggestionThread[] }>(`/documents/${docId}/threads`, { expect: 200 })).threads.filter(
    (thread) => thread.suggestion,
  )

describe('修订 in two browsers', () => {
  it('lets an invited commenter propose a replacement through an input method; a member sees it live and accepts it', async () => {
    const member = await openDraft('chengyuan1', sampleDocId, '#2471a3')
    await waitEditable(member)
    const commenter = await openDraft('zhengqiu', sampleDocId, '#1e8449')
    await commenter.evaluate(() => {
      ;(window as unknown as { firstDoc: unknown }).firstDoc = window.__jianyi!.doc
    })
    // The commenter is always in 修订 (once the rights have arrived), and may type in it.
    await expect.poll(() => commenter.evaluate(() => window.__jianyi!.mode())).toBe('suggest')
    await commenter.getByTestId('mode-badge').filter({ hasText: '修订模式' }).waitFor()
    await commenter.getByTestId('read-only').filter({ hasText: '修订模式' }).waitFor()
    await commenter.locator('[data-testid="editor-content"][contenteditable="true"]').waitFor()
    expect(await commenter.getByTestId('mode-switch').count()).toBe(0)

    // 赵处长 selects 亩均投入 and types 每亩投入 with pinyin: the composition runs undisturbed, and
    // the committed words show once, as the proposal after the struck words.
    // A second word composed right after the first (its save still under way) joins the same suggestion.
    await selectWithMouse(commenter, '亩均投入')
    await typeWithInputMethod(commenter, '每亩', 'meimu')
    await typeWithInputMethod(commenter, '投入', 'touru')
    await expect.poll(() => shownChanges(commenter)).toEqual({ deleted: ['亩均投入'], inserted: ['每亩投入'] })
    expect(await paragraphWith(commenter, '丘陵山区')).toMatch(/^亩均投入每亩投入与丘陵山区/)
    await screenshot(commenter, 'commenter-suggesting')

    // 李委员 sees it without reloading: struck and underlined in 赵处长's colour, his name on hover.
    await expect
      .poll(() => shownChanges(member), { timeout: WAIT_MS })
      .toEqual({
        deleted: ['亩均投入'],
        inserted: ['每亩投入'],
      })
    const inserted = member.locator('ins.suggestion-insert')
    expect(await inserted.getAttribute('title')).toContain('赵处长')
    const colours = await member.evaluate(() => {
      const of = (selector: string) =>
        getComputedStyle(document.querySelector(selector)!).getPropertyValue('--suggestion-color').trim()
      return [of('del.suggestion-delete'), of('ins.suggestion-insert')]
    })
    expect(colours[0]).toMatch(/^#[0-9a-f]{6}$/)
    expect(colours[1]).toBe(colours[0])
    expect(await paragraphWith(member, '丘陵山区')).toMatch(/^亩均投入每亩投入与丘陵山区/)
    const card = member.locator('[data-testid="thread"][data-kind="suggestion"]')
    await card.getByTestId('suggestion-before').filter({ hasText: '亩均投入' }).waitFor()
    await card.getByTestId('suggestion-after').filter({ hasText: '每亩投入' }).waitFor()
    await card.getByTestId('suggestion-kind').filter({ hasText: '替换' }).waitFor()
    await card.getByText('赵处长', { exact: false }).first().waitFor()
    await member.getByTestId('open-suggestions').filter({ hasText: '1 条修订待处理' }).waitFor()
    await screenshot(member, 'member-sees-suggestion')

    await expect
      .poll(async () => (await suggestionsOf(sampleDocId)).map((s) => s.suggestion?.insert))
      .toEqual(['每亩投入'])
    const [stored] = await suggestionsOf(sampleDocId)
    expect(stored.suggestion).toMatchObject({ insert: '每亩投入', status: 'open' })
    expect(stored.quote).toBe('亩均投入')

    // 李委员 accepts: both editors show the new words, with nothing struck or underlined left.
    await card.getByTestId('suggestion-accept').click()
    for (const page of [member, commenter]) {
      await expect.poll(() => paragraphWith(page, '丘陵山区')).toMatch(/^每亩投入与丘陵山区/)
      await expect.poll(() => shownChanges(page)).toEqual({ deleted: [], inserted: [] })
    }
    // The decision stays on record.
    await member.getByTestId('thread-filters').getByRole('radio', { name: '全部', exact: true }).last().click()
    await member
      .locator('[data-testid="thread"][data-kind="suggestion"]')
      .getByTestId('suggestion-outcome')
      .filter({ hasText: '已接受：李委员' })
      .waitFor()
    expect((await suggestionsOf(sampleDocId))[0].suggestion?.status).toBe('accepted')

    // The commenter's socket never carried an edit: its Y.Doc holds nothing of its own, and it is
    // the same one it opened with (a refused update would have made the editor start afresh).
    expect(await ownWrites(commenter)).toBe(false)
    expect(
      await commenter.evaluate(() => (window as unknown as { firstDoc: unknown }).firstDoc === window.__jianyi!.doc),
    ).toBe(true)
    expect(await commenter.getByTestId('document-refused').count()).toBe(0)
    expect(browser.pageErrors).toEqual([])
  })

  it('lets a member switch to 修订 with Ctrl+Shift+E: keystrokes at one place make one suggestion, Backspace takes back, then deletes', async () => {
    const docId = await createDraft(convener, '关于健全农田建后管护机制的建议案')
    const member = await openDraft('chengyuan2', docId, '#c0392b')
    await waitEditable(member)
    await member.getByTestId('editor-content').click()
    await member.keyboard.press('Control+End')
    await member.keyboard.type('建议落实管护经费。')
    await member.keyboard.press('Enter')
    await member.keyboard.type('第二段文字。')
    await expect.poll(() => paragraphWith(member, '第二段')).toBe('第二段文字。')

    // Ctrl+Shift+E: 修订. Formatting and undo are off; the shortcut is in the help.
    await member.keyboard.press('Control+Shift+E')
    await member.getByTestId('mode-switch').getByRole('radio', { name: '修订', checked: true }).waitFor()
    expect(await member.evaluate(() => window.__jianyi!.mode())).toBe('suggest')
    expect(await member.getByTestId('toolbar').getByRole('button', { name: '加粗' }).isDisabled()).toBe(true)

    // Several keystrokes after 管护经费: one suggestion, shown as typed, saved as one.
    await clickAfter(member, '管护经费')
    await member.keyboard.type('和标准')
    await member.keyboard.press('Backspace')
    await expect.poll(() => shownChanges(member)).toEqual({ deleted: [], inserted: ['和标'] })
    expect(await paragraphWith(member, '建议落实')).toBe('建议落实管护经费和标。')
    await member.keyboard.type('准')
    await expect.poll(async () => (await suggestionsOf(docId)).map((s) => s.suggestion?.insert)).toEqual(['和标准'])
    expect((await suggestionsOf(docId))[0].anchor.start).toBe((await suggestionsOf(docId))[0].anchor.end)
    // The text itself did not change: the Y.Doc has no 和标准.
    expect(
      await member.evaluate(() => window.__jianyi!.doc.getXmlFragment('default').toString().includes('和标准')),
    ).toBe(false)

    // Backspace after 第二段文字 proposes deleting character by character: one deletion of 3.
    await clickAfter(member, '第二段文字')
    for (let i = 0; i < 3; i++) await member.keyboard.press('Backspace')
    await expect.poll(() => shownChanges(member)).toEqual({ deleted: ['段文字'], inserted: ['和标准'] })
    await expect
      .poll(async () => (await suggestionsOf(docId)).map((s) => [s.quote, s.suggestion?.insert]))
      .toEqual([
        ['', '和标准'],
        ['段文字', ''],
      ])

    // Words of two paragraphs make no suggestion, and say why.
    await member.keyboard.press('Control+Home')
    await member.keyboard.press('Control+Shift+End')
    await member.keyboard.type('x')
    await member.getByTestId('suggestion-notice').filter({ hasText: '同一段落' }).waitFor()
    expect((await suggestionsOf(docId)).length).toBe(2)
    await screenshot(member, 'member-suggesting')

    // Back to 编辑: typing changes the text again.
    await member.keyboard.press('Control+Shift+E')
    await member.getByTestId('mode-switch').getByRole('radio', { name: '编辑', checked: true }).waitFor()
    // (段文字 is struck through, a text node of its own: the click goes after 第二, the caret to before 。)
    await clickAfter(member, '第二')
    await member.keyboard.press('End')
    await member.keyboard.press('ArrowLeft')
    await member.keyboard.type('！')
    await expect.poll(() => paragraphWith(member, '第二段')).toBe('第二段文字！。')

    // The shortcut is in the help.
    await member.getByTestId('shortcuts-button').click()
    await member.getByTestId('shortcuts-dialog').getByText('切换编辑 / 修订模式').waitFor()
    await member.keyboard.press('Escape')

    // 全部拒绝: every open suggestion is rejected, with the reason given.
    await member.getByTestId('suggestion-reject-all').click()
    const confirm = member.getByTestId('suggestion-bulk-confirm')
    await confirm.getByRole('textbox').fill('另行修改')
    await confirm.getByRole('button', { name: '全部拒绝' }).click()
    await member.getByTestId('suggestion-bulk-result').filter({ hasText: '已处理 2 条修订' }).waitFor()
    await expect.poll(() => shownChanges(member)).toEqual({ deleted: [], inserted: [] })
    expect((await suggestionsOf(docId)).map((s) => s.suggestion?.status)).toEqual(['rejected', 'rejected'])
    expect(browser.pageErrors).toEqual([])
  })

  it('names the open suggestions in the 送审 dialog and asks before submitting past them', async () => {
    const docId = await createDraft(convener, '关于发展高效节水灌溉的建议案')
    const convenerPage = await openDraft('zuzhang', docId, '#c0392b')
    await waitEditable(convenerPage)
    await convenerPage.getByTestId('editor-content').click()
    await convenerPage.keyboard.press('Control+End')
    await convenerPage.keyboard.type('推广喷灌滴灌。')
    await convenerPage.getByTestId('mode-switch').getByRole('radio', { name: '修订' }).click()
    await clickAfter(convenerPage, '喷灌滴灌')
    await convenerPage.keyboard.type('等技术')
    await expect.poll(async () => (await suggestionsOf(docId)).map((s) => s.suggestion?.insert)).toEqual(['等技术'])

    const bar = convenerPage.getByTestId('workflow-bar')
    await bar.getByRole('button', { name: '送审' }).click()
    const dialog = convenerPage.getByTestId('submit-dialog')
    await dialog.getByTestId('submit-suggestions').filter({ hasText: '还有 1 条修订未处理' }).waitFor()
    const submit = dialog.getByRole('button', { name: '送审' })
    expect(await submit.isDisabled()).toBe(true)
    await dialog.getByLabel('我已知晓，仍然送审').check()
    expect(await submit.isDisabled()).toBe(false)
    await screenshot(convenerPage, 'submit-with-suggestions')
    await submit.click()
    await bar.getByTestId('workflow-status').filter({ hasText: '待审定' }).waitFor()
    expect(browser.pageErrors).toEqual([])
  })
})

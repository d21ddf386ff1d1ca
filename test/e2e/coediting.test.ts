/**
 * Members of a research group draft the same 建议案 in real browsers: what one types appears for
 * the other, with the writer's caret labelled by name; whoever may not edit reads only.
 */
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, submitLoginForm, waitEditable, type ServerBrowser } from '../helpers/browser.js'
import { startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let convener: Session

beforeAll(async () => {
  // The demo group: convener zuzhang (王组长), members chengyuan1 (李委员) and chengyuan2 (张委员), chair zhuxi.
  server = await startServer({ args: ['--demo'] })
  convener = await login(server, 'zuzhang')
  browser = await launchBrowserFor(server, { viewport: { width: 1100, height: 800 } })
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

describe('co-editing a draft in two browsers', () => {
  it('shows the text one member types to the other, with the writer’s named caret in the writer’s colour', async () => {
    const docId = await createDraft(convener, '关于加强我市高标准农田建设的建议案')

    // 李委员 comes for the first time: signs in, then picks a caret colour.
    const li = await browser.openPage(await browser.newContext(), `/d/${docId}`)
    await submitLoginForm(li, 'chengyuan1')
    const dialog = li.getByTestId('identity-dialog')
    await dialog.getByRole('radio', { name: '颜色 6' }).check()
    await dialog.getByRole('button', { name: '开始使用' }).click()
    await waitEditable(li)

    // 张委员 has been here before: signed in, colour remembered.
    const zhang = await browser.openPage(await browser.signedInContext('chengyuan2', '#1e8449'), `/d/${docId}`)
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

    expect(browser.pageErrors).toEqual([])
  })

  it('lets the chair read along and only suggest, never change the text', async () => {
    const docId = await createDraft(convener, '关于推进数字乡村建设的建议案')
    const member = await browser.openPage(await browser.signedInContext('chengyuan1', '#c0392b'), `/d/${docId}`)
    await waitEditable(member)
    await member.getByTestId('editor-content').click()
    await member.keyboard.type('数字乡村是乡村振兴的战略方向。')

    const chair = await browser.openPage(await browser.signedInContext('zhuxi', '#6c3483'), `/d/${docId}`)
    await chair.getByTestId('read-only').waitFor()
    await chair.getByTestId('editor-content').getByText('数字乡村是乡村振兴的战略方向。').waitFor()
    // What the chair types is proposed (修订), never written into the shared text.
    await chair.getByTestId('mode-badge').waitFor()
    expect(await chair.evaluate(() => window.__jianyi!.mode())).toBe('suggest')
    expect(browser.pageErrors).toEqual([])
  })

  it('tells the person when the document does not exist, with a way back to the list', async () => {
    const page = await browser.openPage(await browser.signedInContext('chengyuan2', '#1e8449'), '/d/AAAAAAAAAAAAAAAA')
    const refusal = page.getByTestId('document-refused')
    await refusal.getByText('文档不存在或无权访问').waitFor()
    await refusal.getByRole('link', { name: '返回文稿列表' }).click()
    await page.getByRole('heading', { name: '文稿', exact: true }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/')
    expect(browser.pageErrors).toEqual([])
  })
})

/** `#rrggbb` as getComputedStyle writes colours. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ')})`

/** The colour of each person in a page's presence list, by name. */
const presenceColours = (page: Page) =>
  page
    .getByTestId('presence-peer')
    .evaluateAll((peers) =>
      Object.fromEntries(
        peers.map((peer) => [
          peer.querySelector('.presence__name')?.textContent,
          getComputedStyle(peer.querySelector('.dot')!).backgroundColor,
        ]),
      ),
    )

/** The colour a comment's words are painted in (its border and background are shades of it). */
const commentColour = (words: Locator) =>
  words.evaluate((element) => getComputedStyle(element).getPropertyValue('--comment-color').trim())

describe('the colours of the people in a document', () => {
  it('gives three people who chose the same colour three colours, the same on every screen, their comments in their caret colour', async () => {
    const docId = await createDraft(convener, '关于发展新型农村集体经济的建议案')
    // All three chose red: 李委员 came first and keeps it, the others get blue and green, in the order they came.
    const li = await browser.openPage(await browser.signedInContext('chengyuan1', '#c0392b'), `/d/${docId}`)
    await waitEditable(li)
    await li.getByTestId('editor-content').click()
    await li.keyboard.press('Control+End')
    await li.keyboard.type('新型农村集体经济是壮大村级实力的重要途径。')
    const zhang = await browser.openPage(await browser.signedInContext('chengyuan2', '#c0392b'), `/d/${docId}`)
    await waitEditable(zhang)
    await zhang.getByTestId('presence-peer').filter({ hasText: '李委员' }).waitFor()
    const wang = await browser.openPage(await browser.signedInContext(convener, '#c0392b'), `/d/${docId}`)
    await waitEditable(wang)

    const expected = { 李委员: rgb('#c0392b'), 张委员: rgb('#2471a3'), 王组长: rgb('#1e8449') }
    for (const page of [li, zhang, wang]) await expect.poll(() => presenceColours(page)).toEqual(expected)

    // 张委员 selects words: 李委员 sees the caret in 张委员's colour, and then the thread he opens on them.
    await zhang.getByTestId('editor-content').getByText('壮大村级实力', { exact: false }).waitFor()
    await zhang.getByTestId('editor-content').click()
    await zhang.keyboard.press('Control+End')
    for (let i = 0; i < 4; i++) await zhang.keyboard.press('Shift+ArrowLeft')
    const caret = li.locator('.collaboration-carets__label', { hasText: '张委员' })
    await caret.waitFor()
    // The label appears with the peer's awareness state; its colour can settle a frame later.
    await expect
      .poll(() => caret.evaluate((element) => getComputedStyle(element).backgroundColor))
      .toBe(expected['张委员'])

    await zhang.keyboard.press('Control+Alt+KeyM')
    const composer = zhang.getByTestId('new-thread-composer').getByRole('combobox')
    await composer.fill('建议写明具体途径')
    await composer.press('Control+Enter')
    const words = li.getByTestId('editor-content').locator('.comment-highlight')
    await words.waitFor()
    await expect.poll(async () => rgb(await commentColour(words))).toBe(expected['张委员'])

    // 李委员 leaves: nobody else's colour shifts, the thread's neither.
    await li.close()
    await wang.getByTestId('presence-peer').filter({ hasText: '李委员' }).waitFor({ state: 'detached' })
    const { 李委员: _gone, ...staying } = expected
    for (const page of [zhang, wang]) await expect.poll(() => presenceColours(page)).toEqual(staying)
    expect(rgb(await commentColour(wang.getByTestId('editor-content').locator('.comment-highlight')))).toBe(
      expected['张委员'],
    )
    expect(browser.pageErrors).toEqual([])
  })
})

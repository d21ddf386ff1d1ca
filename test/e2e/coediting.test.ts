/**
 * Members of a research group draft the same 建议案 in real browsers: what one types appears for
 * the other, with the writer's caret labelled by name; whoever may not edit reads only.
 */
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

  it('lets the chair read along but not type', async () => {
    const docId = await createDraft(convener, '关于推进数字乡村建设的建议案')
    const member = await browser.openPage(await browser.signedInContext('chengyuan1', '#c0392b'), `/d/${docId}`)
    await waitEditable(member)
    await member.getByTestId('editor-content').click()
    await member.keyboard.type('数字乡村是乡村振兴的战略方向。')

    const chair = await browser.openPage(await browser.signedInContext('zhuxi', '#6c3483'), `/d/${docId}`)
    await chair.getByTestId('read-only').waitFor()
    await chair.getByTestId('editor-content').getByText('数字乡村是乡村振兴的战略方向。').waitFor()
    expect(await chair.getByTestId('editor-content').getAttribute('contenteditable')).toBe('false')
    expect(browser.pageErrors).toEqual([])
  })

  it('tells the person when the document does not exist, with a way back to the list', async () => {
    const page = await browser.openPage(await browser.signedInContext('chengyuan2', '#1e8449'), '/d/AAAAAAAAAAAAAAAA')
    const refusal = page.getByTestId('document-refused')
    await refusal.getByText('文档不存在或无权访问').waitFor()
    await refusal.getByRole('link', { name: '返回建议案列表' }).click()
    await page.getByRole('heading', { name: '建议案', exact: true }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/')
    expect(browser.pageErrors).toEqual([])
  })
})

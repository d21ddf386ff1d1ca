/**
 * 搜索 in Chromium: words typed with an input method into the header's field, the hits with their
 * sentences, and a click that opens the draft with exactly those words selected; a comment hit opens
 * its thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, typeWithInputMethod, type ServerBrowser } from '../helpers/browser.js'
import { startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let member: Session
let sampleId: string

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  member = await login(server, 'chengyuan1')
  sampleId = (await demoGroup(member)).sampleDocId
  browser = await launchBrowserFor(server, { viewport: { width: 1280, height: 900 } })
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

describe('search in the browser', () => {
  it('finds words typed with an input method and opens the draft with them selected at the place clicked', async () => {
    const page = await browser.openPage(await browser.signedInContext(member, '#2471a3'), '/')
    await page.getByTestId('search-box').click()
    await typeWithInputMethod(page, '高标准农田', 'gaobiaozhunnongtian')
    await page.keyboard.press('Enter')

    const result = page.locator(`.search-result[data-document-id="${sampleId}"]`)
    await result.waitFor()
    expect(new URL(page.url()).searchParams.get('q')).toBe('高标准农田')
    const hits = result.getByTestId('search-hit')
    // The hit inside 参与高标准农田建设: not the first occurrence in the draft.
    const inside = hits.filter({ hasText: '参与高标准农田建设' })
    await expect.poll(() => inside.count()).toBe(1)
    expect(await inside.locator('mark').innerText()).toBe('高标准农田')
    await page.screenshot({ path: 'test-results/search-results.png' })

    await inside.click()
    await page.waitForURL(/\/d\/[^?]+\?find=/)
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe('高标准农田')
    const paragraph = await page.evaluate(() => {
      const node = window.getSelection()?.anchorNode
      return (node instanceof Element ? node : node?.parentElement)?.closest('p')?.textContent ?? ''
    })
    expect(paragraph).toContain('参与高标准农田建设')
    expect(browser.pageErrors).toEqual([])
  })

  it('shows a commenter, whose editor only proposes changes, the words selected in view too', async () => {
    const commenter = await login(server, 'zhengqiu')
    const q = encodeURIComponent('高标准农田')
    const page = await browser.openPage(await browser.signedInContext(commenter, '#b9770e'), `/search?q=${q}`)
    const hits = page.locator(`.search-result[data-document-id="${sampleId}"]`).getByTestId('search-hit')
    await expect.poll(() => hits.count()).toBeGreaterThan(1)
    await hits.nth(1).click()
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe('高标准农田')
    // In the window, not somewhere below it.
    const top = await page.evaluate(() => window.getSelection()!.getRangeAt(0).getBoundingClientRect().top)
    expect(top).toBeGreaterThan(0)
    expect(top).toBeLessThan(900)
    expect(browser.pageErrors).toEqual([])
  })

  it('says plainly when nothing is found', async () => {
    const page = await browser.openPage(
      await browser.signedInContext(member, '#2471a3'),
      '/search?q=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E8%AF%8D%E8%AF%ADxyz',
    )
    await expect.poll(() => page.getByText('没有找到“不存在的词语xyz”').count()).toBe(1)
    expect(browser.pageErrors).toEqual([])
  })
})

/**
 * 办理跟踪 in a real browser: a 建议案 sent 40 days ago without any answer is 待跟踪 in the
 * secretary's header and inbox; from there the secretary opens it, records a 领导批示 (the leader's
 * name typed with an input method) with a scanned page (PNG), and sees it on the timeline with the
 * file to download; a member of the group reads the timeline without the buttons to change it.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, typeWithInputMethod, type ServerBrowser } from '../helpers/browser.js'
import { colouredPng } from '../helpers/material-files.js'
import { repoRoot, startServer, type RunningServer } from '../helpers/server.js'
import { DEFAULT_TIME_ZONE, officeDate } from '../../shared/office-time.js'

let server: RunningServer
let browser: ServerBrowser
let convener: Session, member: Session, chair: Session, secretary: Session
let docId: string
const screenshots = join(repoRoot, 'test-results', 'follow-up')
const title = '关于加快高标准农田建设的建议案'

// On the office's calendar, as the server counts days (after 16:00 UTC Shanghai is already on the next day).
const daysAgo = (days: number) => officeDate(new Date(Date.now() - days * 86_400_000), DEFAULT_TIME_ZONE)

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  browser = await launchBrowserFor(server, { viewport: { width: 1280, height: 900 }, failOnDialogs: true })
  ;[convener, member, chair, secretary] = await Promise.all(
    ['zuzhang', 'chengyuan1', 'zhuxi', 'mishu'].map((u) => login(server, u)),
  )
  docId = await createDraft(convener, title)
  const version = await member.json<{ number: number }>(`/documents/${docId}/versions`, {
    method: 'POST',
    body: JSON.stringify({ label: '送审稿' }),
    expect: 201,
  })
  await convener.json(`/documents/${docId}/workflow/submit`, {
    method: 'POST',
    body: JSON.stringify({ versionNumber: version.number, note: '' }),
    expect: 200,
  })
  await chair.json(`/documents/${docId}/workflow/approve`, {
    method: 'POST',
    body: JSON.stringify({ opinion: '同意' }),
    expect: 200,
  })
  await secretary.json(`/documents/${docId}/register`, {
    method: 'POST',
    body: JSON.stringify({
      documentNumber: '政协××〔2026〕3号',
      recipients: '中共××市委、××市人民政府',
      sentOn: daysAgo(40),
      sentBy: '办公室 刘秘书',
    }),
    expect: 201,
  })
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

describe('办理跟踪 in the browser', () => {
  it('the secretary finds it 待跟踪, records a 批示 with a scanned page and sees it on the timeline', async () => {
    const page = await browser.openPage(await browser.signedInContext(secretary, '#7d3c98'), '/inbox')
    const link = page.getByTestId('inbox-link')
    await expect.poll(() => link.innerText()).toMatch(/待跟踪\s*1/)
    const due = page.getByTestId('follow-up-due')
    await expect.poll(() => due.count()).toBe(1)
    expect(await due.innerText()).toMatch(/关于加快高标准农田建设的建议案[\s\S]*政协××〔2026〕3号.*已 40 天/)
    await page.screenshot({ path: join(screenshots, 'follow-up-inbox.png') })
    await due.getByRole('link', { name: '记录办理情况' }).click()

    const panel = page.getByTestId('follow-up')
    await expect.poll(() => panel.getByTestId('follow-up-empty').innerText()).toBe('尚无办理记录。')
    await panel.getByTestId('follow-up-add-instruction').click()
    const dialog = page.getByTestId('follow-up-dialog')
    await dialog.getByTestId('follow-up-date').fill('2026-03-02')
    await dialog.getByTestId('follow-up-leader').click()
    await typeWithInputMethod(page, '周市长', 'zhoushizhang')
    await dialog.getByTestId('follow-up-post').fill('市委副书记、市长')
    await dialog.getByTestId('follow-up-text').fill('请市农业农村局牵头，会同市财政局认真研究，抓好落实。')
    const scan = join(tmpdir(), `批示扫描件-${process.pid}.png`)
    writeFileSync(scan, colouredPng(600, 400))
    await dialog.getByTestId('follow-up-file').setInputFiles(scan)
    await dialog.getByRole('button', { name: '保存', exact: true }).click()
    await dialog.waitFor({ state: 'detached' })

    const entry = panel.getByTestId('follow-up-entry')
    await expect.poll(() => entry.count()).toBe(1)
    expect(await entry.innerText()).toMatch(
      /2026-03-02[\s\S]*领导批示[\s\S]*周市长（市委副书记、市长）批示[\s\S]*请市农业农村局牵头[\s\S]*下载附件：批示扫描件-\d+\.png[\s\S]*刘秘书/,
    )
    const href = await entry.getByTestId('follow-up-file-link').getAttribute('href')
    const file = await page.request.get(href!)
    expect(file.headers()['content-type']).toBe('image/png')
    expect(file.headers()['content-disposition']).toMatch(/^attachment;/)
    expect((await file.body()).length).toBe(colouredPng(600, 400).length)
    await panel.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(screenshots, 'follow-up-secretary.png'), fullPage: true })

    // Recorded, it is no longer 待跟踪.
    await page.goto(`${server.url}/inbox`)
    await expect.poll(() => page.getByTestId('follow-up-inbox').innerText()).toContain('暂无待跟踪的建议案。')
  })

  it('a member of the group reads the timeline, without the buttons to change it', async () => {
    const page = await browser.openPage(await browser.signedInContext(member, '#2471a3'), `/d/${docId}`)
    const entry = page.getByTestId('follow-up-entry')
    await expect.poll(() => entry.count()).toBe(1)
    expect(await entry.innerText()).toContain('周市长（市委副书记、市长）批示')
    expect(await page.getByTestId('follow-up').getByRole('button').count()).toBe(0)
    await page.screenshot({ path: join(screenshots, 'follow-up-member.png'), fullPage: true })
  })
})

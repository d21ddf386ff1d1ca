/**
 * A group's investigation space in Chromium: a member names the topic and records a 座谈会 typed
 * with an input method; the chair sees both and is offered nothing to change. Then the whole
 * investigation as the issue tells it: the convener records a 座谈会 and its 纪要, uploads a
 * material, cites it from the 建议案, and finds a sentence of the 纪要 by searching.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import {
  launchBrowserFor,
  selectWithMouse,
  typeWithInputMethod,
  waitEditable,
  type ServerBrowser,
} from '../helpers/browser.js'
import { barChartPng } from '../../server/domain/demo-chart.js'
import { startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let member: Session
let groupId: string

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  member = await login(server, 'chengyuan1')
  groupId = (await demoGroup(member)).groupId
  browser = await launchBrowserFor(server, { viewport: { width: 1280, height: 900 } })
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

describe('the investigation space in the browser', () => {
  it('a member sets the topic and records a 座谈会; the chair reads the schedule without controls', async () => {
    const page = await browser.openPage(await browser.signedInContext(member, '#2471a3'), `/groups/${groupId}`)
    await page.getByTestId('schedule').waitFor()
    // The demo's topic is set already: the member changes it.
    await page.getByTestId('group-topic').getByRole('button', { name: '修改' }).click()
    await page.locator('#group-topic').fill('')
    await typeWithInputMethod(page, '关于加快高标准农田建设的调研', 'guanyu')
    await page.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => page.getByTestId('group-topic').innerText()).toContain('关于加快高标准农田建设的调研')

    const activities = page.getByTestId('activity')
    const before = await activities.count()
    await page.getByRole('button', { name: '新增活动' }).click()
    const dialog = page.getByTestId('activity-dialog')
    await dialog.locator('#activity-title').click()
    await typeWithInputMethod(page, '农业农村部门第二次座谈会', 'zuotanhui')
    await dialog.locator('#activity-date').fill('2026-04-15')
    await dialog.locator('#activity-place').fill('市政协三楼会议室')
    await dialog.locator('#activity-participants').fill('市农业农村局、市财政局')
    await dialog.getByRole('button', { name: '添加' }).click()
    await expect.poll(() => activities.count()).toBe(before + 1)
    const added = activities.filter({ hasText: '农业农村部门第二次座谈会' })
    expect(await added.innerText()).toMatch(
      /2026-04-15[\s\S]*座谈会[\s\S]*农业农村部门第二次座谈会[\s\S]*市政协三楼会议室/,
    )
    await page.screenshot({ path: 'test-results/investigation-schedule.png' })

    const chair = await login(server, 'zhuxi')
    const chairPage = await browser.openPage(await browser.signedInContext(chair, '#b9770e'), `/groups/${groupId}`)
    await expect.poll(() => chairPage.getByTestId('activity').count()).toBe(before + 1)
    expect(await chairPage.getByTestId('group-topic').innerText()).toContain('关于加快高标准农田建设的调研')
    expect(await chairPage.getByRole('button', { name: '新增活动' }).count()).toBe(0)
    expect(await chairPage.getByTestId('schedule').getByRole('button').count()).toBe(0)
    expect(await chairPage.getByTestId('group-topic').getByRole('button').count()).toBe(0)
    expect(browser.pageErrors).toEqual([])
  })

  it('the convener records a 座谈会 and its 纪要, uploads a material, cites it from the 建议案 and finds the 纪要 by searching', async () => {
    const convener = await login(server, 'zuzhang')
    const sampleId = (await demoGroup(convener)).sampleDocId
    const context = await browser.signedInContext(convener, '#9b2c2c')
    const page = await browser.openPage(context, `/groups/${groupId}`)

    // The 座谈会 and its 纪要, whose header lines come filled in.
    await page.getByRole('button', { name: '新增活动' }).click()
    const dialog = page.getByTestId('activity-dialog')
    await dialog.locator('#activity-title').fill('水利部门座谈会')
    await dialog.locator('#activity-date').fill('2026-04-02')
    await dialog.locator('#activity-place').fill('市水利局会议室')
    await dialog.locator('#activity-participants').fill('市水利局、市农业农村局')
    await dialog.getByRole('button', { name: '添加' }).click()
    const forum = page.getByTestId('activity').filter({ hasText: '水利部门座谈会' })
    await forum.getByRole('button', { name: '起草纪要' }).click()
    await page.waitForURL(/\/d\//)
    const minutesUrl = page.url()
    await waitEditable(page)
    const content = page.getByTestId('editor-content')
    await expect.poll(() => content.innerText()).toContain('地点：市水利局会议室')
    await content.locator('p').last().click()
    await page.keyboard.press('End')
    await typeWithInputMethod(page, '灌区续建配套资金缺口较大', 'guanqu')
    await expect.poll(() => content.innerText()).toContain('灌区续建配套资金缺口较大')

    // A material, uploaded on the group page.
    await page.goto(`${server.url}/groups/${groupId}`)
    await page.getByTestId('materials-add').click()
    const upload = page.getByTestId('material-dialog')
    await upload
      .getByTestId('material-file')
      .setInputFiles({ name: '灌区照片.png', mimeType: 'image/png', buffer: Buffer.from(barChartPng([0.3, 0.9, 0.5])) })
    await upload.getByTestId('material-title-input').fill('灌区渠系现场照片')
    await upload.getByTestId('material-source').fill('水利部门座谈会')
    await upload.getByTestId('material-date').fill('2026-04-02')
    await upload.getByRole('button', { name: '上传', exact: true }).click()
    await page.getByTestId('material').filter({ hasText: '灌区渠系现场照片' }).waitFor()

    // The 建议案 cites it: the words are marked for everyone, and open 来源 with the picture.
    await page.goto(`${server.url}/d/${sampleId}`)
    await waitEditable(page)
    await selectWithMouse(page, '粮食综合生产能力稳步提升')
    await page.getByTestId('cite-button').click()
    const cite = page.getByTestId('cite-dialog')
    await cite.getByLabel(/灌区渠系现场照片/).check()
    await cite.getByRole('button', { name: '引用', exact: true }).click()
    const cited = content.locator('.citation', { hasText: '粮食综合生产能力稳步提升' })
    await cited.waitFor()
    // Someone typing clicks cited words to put the caret there; Ctrl-click opens 来源.
    await cited.click()
    expect(await page.getByTestId('citations-panel').count()).toBe(0)
    await cited.click({ modifiers: ['Control'] })
    const panel = page.getByTestId('citations-panel')
    const item = panel.getByTestId('citation-item').filter({ hasText: '灌区渠系现场照片' })
    await item.waitFor()
    await expect
      .poll(() => item.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0)
    await page.screenshot({ path: 'test-results/investigation-citation.png' })

    // The sentence of the 纪要, found by searching, opens the 纪要 with the words selected.
    await page.getByTestId('search-box').click()
    await typeWithInputMethod(page, '配套资金缺口', 'peitao')
    await page.keyboard.press('Enter')
    const hit = page.getByTestId('search-hit').filter({ hasText: '灌区续建配套资金缺口较大' })
    await hit.waitFor()
    await hit.click()
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe('配套资金缺口')
    expect(page.url().split('?')[0]).toBe(minutesUrl.split('?')[0])
    expect(browser.pageErrors).toEqual([])
  })
})

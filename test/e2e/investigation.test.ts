/**
 * A group's investigation space in Chromium: a member names the topic and records a 座谈会 typed
 * with an input method; the chair sees both and is offered nothing to change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, typeWithInputMethod, type ServerBrowser } from '../helpers/browser.js'
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
    await page.getByTestId('group-topic').getByRole('button', { name: '设定' }).click()
    await page.locator('#group-topic').click()
    await typeWithInputMethod(page, '关于加快高标准农田建设的调研', 'guanyu')
    await page.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => page.getByTestId('group-topic').innerText()).toContain('关于加快高标准农田建设的调研')

    await page.getByRole('button', { name: '新增活动' }).click()
    const dialog = page.getByTestId('activity-dialog')
    await dialog.locator('#activity-title').click()
    await typeWithInputMethod(page, '农业农村部门座谈会', 'zuotanhui')
    await dialog.locator('#activity-date').fill('2026-03-12')
    await dialog.locator('#activity-place').fill('市政协三楼会议室')
    await dialog.locator('#activity-participants').fill('市农业农村局、市财政局')
    await dialog.getByRole('button', { name: '添加' }).click()
    const activity = page.getByTestId('activity')
    await expect.poll(() => activity.count()).toBe(1)
    expect(await activity.innerText()).toMatch(
      /2026-03-12[\s\S]*座谈会[\s\S]*农业农村部门座谈会[\s\S]*市政协三楼会议室/,
    )
    await page.screenshot({ path: 'test-results/investigation-schedule.png' })

    const chair = await login(server, 'zhuxi')
    const chairPage = await browser.openPage(await browser.signedInContext(chair, '#b9770e'), `/groups/${groupId}`)
    await expect.poll(() => chairPage.getByTestId('activity').count()).toBe(1)
    expect(await chairPage.getByTestId('group-topic').innerText()).toContain('关于加快高标准农田建设的调研')
    expect(await chairPage.getByRole('button', { name: '新增活动' }).count()).toBe(0)
    expect(await chairPage.getByTestId('schedule').getByRole('button').count()).toBe(0)
    expect(await chairPage.getByTestId('group-topic').getByRole('button').count()).toBe(0)
    expect(browser.pageErrors).toEqual([])
  })
})

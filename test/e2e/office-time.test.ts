/**
 * A reader whose browser is set to another zone (a member travelling, a laptop left on New York
 * time) sees the office's clock: the server's TIME_ZONE, Asia/Shanghai by default, not their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, type ServerBrowser } from '../helpers/browser.js'
import { startServer, type RunningServer } from '../helpers/server.js'

const browserZone = 'America/New_York'
let server: RunningServer
let browser: ServerBrowser
let convener: Session
let member: Session

/** How zh-CN writes a time on Shanghai's clock (UTC+8 all year): 2026年12月4日 22:12. */
function shanghaiTime(iso: string): string {
  const wall = new Date(Date.parse(iso) + 8 * 3_600_000)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${wall.getUTCFullYear()}年${wall.getUTCMonth() + 1}月${wall.getUTCDate()}日 ${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`
}

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  ;[convener, member] = await Promise.all(['zuzhang', 'chengyuan1'].map((u) => login(server, u)))
  browser = await launchBrowserFor(server, { viewport: { width: 1280, height: 900 }, timezoneId: browserZone })
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

describe('times in a browser abroad', () => {
  it('are the office’s clock in the document list and the version history, not the browser’s', async () => {
    const docId = await createDraft(convener, '关于完善农田管护机制的建议案')
    const version = await member.json(`/documents/${docId}/versions`, {
      method: 'POST',
      body: JSON.stringify({ label: '第一稿' }),
      expect: 201,
    })
    const { documents } = await member.json('/documents', { expect: 200 })
    const updatedAt: string = documents.find((d: { id: string }) => d.id === docId).updatedAt

    const page = await browser.openPage(await browser.signedInContext(member, '#2471a3'), '/')
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(browserZone)

    const listed = page.locator(`[data-testid="document-row"] time[datetime="${updatedAt}"]`)
    await expect.poll(() => listed.innerText()).toBe(`更新于 ${shanghaiTime(updatedAt)}`)
    // What the browser's own clock would have said is another time (New York is 12 or 13 hours behind).
    const newYork = new Intl.DateTimeFormat('zh-CN', {
      timeZone: browserZone,
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(updatedAt))
    expect(await listed.innerText()).not.toContain(newYork)

    await page.goto(`/d/${docId}`)
    await page.getByTestId('workflow-bar').getByRole('button', { name: '版本历史' }).click()
    const row = page.getByTestId('history-panel').locator('[data-testid="version-row"][data-number="1"]')
    await expect
      .poll(() => row.locator(`time[datetime="${version.createdAt}"]`).innerText())
      .toBe(shanghaiTime(version.createdAt))
    await page.screenshot({ path: '.tmp/office-time-history.png' })
    expect(browser.pageErrors).toEqual([])
  })
})

/**
 * The 征求意见 dialog names the same last day the server enforces. The office (Kiritimati, UTC+14)
 * is 25 hours ahead of both the host and the browser (Pago Pago, UTC−11), so its today is always
 * after theirs, whenever this runs: an invitation until their today has run out in the office.
 */
describe('an invitation’s last day in a browser a day behind the office', () => {
  const officeZone = 'Pacific/Kiritimati'
  const behindZone = 'Pacific/Pago_Pago'
  let behind: RunningServer
  let behindBrowser: ServerBrowser

  beforeAll(async () => {
    behind = await startServer({ args: ['--demo'], env: { TIME_ZONE: officeZone, TZ: behindZone } })
    behindBrowser = await launchBrowserFor(behind, { viewport: { width: 1280, height: 900 }, timezoneId: behindZone })
  })
  afterAll(async () => {
    await behindBrowser?.close()
    await behind?.kill()
  })

  it('is shown as run out exactly when the server refuses the commenter', async () => {
    const [zuzhang, zhengqiu] = await Promise.all(['zuzhang', 'zhengqiu'].map((u) => login(behind, u)))
    const day = (zone: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: zone }).format(new Date())
    const zhDay = (iso: string) => {
      const [y, m, d] = iso.split('-').map(Number)
      return `${y}年${m}月${d}日`
    }
    const behindToday = day(behindZone)
    const officeToday = day(officeZone)
    expect(officeToday > behindToday, 'the office is a day ahead').toBe(true)

    const drafts = [
      { title: '关于发展县域冷链物流的建议案', until: behindToday, holds: false },
      { title: '关于完善乡村客运服务的建议案', until: officeToday, holds: true },
    ]
    for (const draft of drafts) {
      const id = await createDraft(zuzhang, draft.title)
      await zuzhang.json(`/documents/${id}/invitations`, {
        method: 'POST',
        body: JSON.stringify({ username: 'zhengqiu', until: draft.until }),
        expect: 201,
      })
      expect((await zhengqiu.api(`/documents/${id}`)).status).toBe(draft.holds ? 200 : 404)
    }

    const page = await behindBrowser.openPage(await behindBrowser.signedInContext(zuzhang, '#2471a3'), '/')
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(behindZone)
    for (const draft of drafts) {
      await page
        .getByTestId('document-row')
        .filter({ hasText: draft.title })
        .getByRole('button', { name: '征求意见' })
        .click()
      const dialog = page.getByTestId('invitations-dialog')
      const row = dialog.locator('[data-testid="invitation"][data-username="zhengqiu"]')
      const expected = draft.holds ? `至 ${zhDay(draft.until)}（含当日）` : `已于 ${zhDay(draft.until)} 到期`
      await expect.poll(() => row.locator('.invitations__until').innerText()).toBe(expected)
      // The form proposes no day before the office's today.
      expect(await dialog.getByLabel('截止日期（可选）').getAttribute('min')).toBe(officeToday)
      if (!draft.holds) await page.screenshot({ path: '.tmp/office-time-invitation.png' })
      await dialog.getByRole('button', { name: '关闭' }).click()
      await dialog.waitFor({ state: 'detached' })
    }
    expect(behindBrowser.pageErrors).toEqual([])
  })
})

/**
 * 年度统计 in the browser: the chair opens it from the header, its code arrives only then (its own
 * chunk), the stage chart draws one bar per stage with the numbers the API gives, and a member is
 * offered neither the link nor the figures. Screenshots in test-results/statistics/.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { login } from '../helpers/accounts.js'
import { launchBrowserFor, type ServerBrowser } from '../helpers/browser.js'
import { repoRoot, startServer, type RunningServer } from '../helpers/server.js'
import { DEFAULT_TIME_ZONE, officeDate } from '../../shared/office-time.js'
import type { YearStatistics } from '../../shared/statistics.js'

let server: RunningServer
let browser: ServerBrowser
const screenshots = join(repoRoot, 'test-results', 'statistics')

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  browser = await launchBrowserFor(server, { viewport: { width: 1280, height: 900 }, failOnDialogs: true })
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

describe('年度统计 in the browser', () => {
  it('the chair opens it from the header; its code loads only then, and its chart shows the API’s numbers', async () => {
    const chair = await login(server, 'zhuxi')
    const year = Number(officeDate(new Date(), DEFAULT_TIME_ZONE).slice(0, 4))
    const expected = await chair.json<YearStatistics>(`/statistics?year=${year}`, { expect: 200 })
    // The demo's sent 建议案 has its 批示: the chart has something to draw.
    expect(expected.stages.find((s) => s.stage === 'instructed')!.count).toBeGreaterThanOrEqual(1)

    const page = await browser.openPage(await browser.signedInContext(chair, '#117a65'), '/')
    const scripts: string[] = []
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url())
    })
    await page.getByRole('heading', { name: '文稿', exact: true }).waitFor()
    expect(scripts.filter((url) => url.includes('StatisticsPage'))).toEqual([])

    await page.getByTestId('statistics-link').click()
    await page.getByRole('heading', { name: '年度统计', level: 1 }).waitFor()
    const bars = page.getByTestId('statistics-stage-chart').getByTestId('bar')
    await expect.poll(() => bars.count()).toBe(6)
    const drawn = await bars.evaluateAll((gs) =>
      gs.map((g) => [g.getAttribute('data-label'), Number(g.getAttribute('data-value'))]),
    )
    expect(drawn).toEqual([
      ['起草中', expected.stages.find((s) => s.stage === 'drafting')!.count],
      ['送审', expected.stages.find((s) => s.stage === 'submitted')!.count],
      ['已审定', expected.stages.find((s) => s.stage === 'approved')!.count],
      ['已报送', expected.stages.find((s) => s.stage === 'sent')!.count],
      ['已批示', expected.stages.find((s) => s.stage === 'instructed')!.count],
      ['已转化', expected.stages.find((s) => s.stage === 'transformed')!.count],
    ])
    // The longest bar is drawn for the largest count, and a bar of 0 has no length.
    const widths = await bars.locator('rect').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('width'))))
    const counts = drawn.map(([, count]) => count as number)
    expect(widths[counts.indexOf(Math.max(...counts))]).toBe(Math.max(...widths))
    counts.forEach((count, i) => expect(widths[i] > 0, `bar ${i}`).toBe(count > 0))
    expect(scripts.filter((url) => url.includes('StatisticsPage')).length).toBe(1)
    await page.getByTestId('statistics-groups').getByText('农业农村调研组').waitFor()
    // Every label of both charts is drawn whole inside its chart (group names run long).
    const cutOff = await page
      .locator('[data-testid$="-chart"] svg text')
      .evaluateAll((texts) => texts.filter((t) => (t as SVGTextElement).getBBox().x < 0).map((t) => t.textContent))
    expect(cutOff).toEqual([])
    await page.screenshot({ path: join(screenshots, 'statistics-chair.png'), fullPage: true })
  })

  it('a member is offered no 年度统计 and is told so when opening its address', async () => {
    const page = await browser.openPage(await browser.signedInContext('chengyuan1', '#2471a3'), '/')
    await page.getByRole('heading', { name: '文稿', exact: true }).waitFor()
    expect(await page.getByTestId('statistics-link').count()).toBe(0)
    await page.goto('/statistics')
    await page.getByRole('heading', { name: '年度统计', level: 1 }).waitFor()
    await page.getByText('年度统计仅供主席和秘书查看。').waitFor()
    expect(await page.getByTestId('statistics-stage-chart').count()).toBe(0)
    await page.screenshot({ path: join(screenshots, 'statistics-member.png') })
  })
})

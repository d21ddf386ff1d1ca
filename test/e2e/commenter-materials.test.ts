/**
 * 材料 for an invited commenter, in a real browser: 赵处长 (zhengqiu, invited to comment on the demo's
 * 建议案) opens it, opens 材料 beside the editor and finds the group's materials exactly as the
 * server lists them to him — title, source, date, a picture where there is one, a download — with
 * nothing to add or remove; a picture enlarges on a click, and a file downloads.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, WAIT_MS, type ServerBrowser } from '../helpers/browser.js'
import { repoRoot, startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let commenter: Session
const screenshots = join(repoRoot, 'test-results', 'commenter-materials')

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  browser = await launchBrowserFor(server, {
    viewport: { width: 1280, height: 900 },
    failOnDialogs: true,
    acceptDownloads: true,
  })
  commenter = await login(server, 'zhengqiu')
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

/** Waits until the image is drawn (loaded, with pixels). */
const drawn = (image: Locator) =>
  expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: WAIT_MS })
    .toBe(true)

describe('材料 beside the editor, for an invited commenter', () => {
  it('lists the group’s materials as the server lists them to him, with pictures and downloads, read only', async () => {
    const { groupId, sampleDocId } = await demoGroup(commenter)
    const { materials } = await commenter.json<{ materials: { title: string; source: string; type: string }[] }>(
      `/groups/${groupId}/materials`,
      { expect: 200 },
    )
    expect(materials.length).toBeGreaterThan(0)

    const page = await browser.openPage(await browser.signedInContext(commenter, '#c0392b'), '/')
    await page.getByTestId('document-row').first().getByRole('link', { name: '打开' }).click()
    await page.waitForURL(new RegExp(`/d/${sampleDocId}`))
    await page.getByTestId('read-only').waitFor()

    await page.getByTestId('materials-toggle').click()
    const panel = page.getByTestId('materials-panel')
    await panel.getByTestId('materials-panel-list').waitFor()
    expect(await panel.getByTestId('panel-material-title').allInnerTexts()).toEqual(materials.map((m) => m.title))
    for (const material of materials)
      expect(await panel.getByTestId('panel-material').filter({ hasText: material.title }).innerText()).toContain(
        material.source,
      )
    // Read only: nothing to add or remove, here or anywhere on the page.
    expect(await page.getByTestId('materials-add').count()).toBe(0)
    expect(await page.getByTestId('material-remove').count()).toBe(0)

    const pictured = materials.filter((m) => m.type !== 'docx' && m.type !== 'xlsx')
    expect(await panel.getByTestId('panel-material-preview').count()).toBe(pictured.length)
    for (const thumbnail of await panel.getByTestId('panel-material-preview').all()) await drawn(thumbnail)
    const first = panel.getByTestId('panel-material').filter({ hasText: pictured[0].title })
    await first.getByRole('button', { expanded: false }).click()
    const large = first.locator('.materials-panel__large img')
    await drawn(large)
    await page.screenshot({ path: join(screenshots, 'panel.png') })

    const download = page.waitForEvent('download')
    await first.getByTestId('panel-material-download').click()
    expect((await download).suggestedFilename()).toContain(pictured[0].title)

    // 来源 takes the same place: opening it closes 材料.
    await page.getByTestId('sources-toggle').click()
    await page.getByTestId('citations-panel').waitFor()
    await panel.waitFor({ state: 'detached' })
  })
})

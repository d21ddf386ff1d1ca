/**
 * 调研材料 in a real browser: a member adds a PNG and a PDF from the group page and sees each one's
 * picture (the photo itself, the PDF's first page); the chair reads the list without the buttons to
 * change it; a commenter is not shown the group page, so nothing of its materials.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, WAIT_MS, type ServerBrowser } from '../helpers/browser.js'
import { colouredPng, samplePdf } from '../helpers/material-files.js'
import { repoRoot, startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let member: Session
let chair: Session
let commenter: Session
let groupId: string
const screenshots = join(repoRoot, 'test-results', 'materials')

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  browser = await launchBrowserFor(server, { viewport: { width: 1280, height: 900 }, failOnDialogs: true })
  ;[member, chair, commenter] = await Promise.all([
    login(server, 'chengyuan1'),
    login(server, 'zhuxi'),
    login(server, 'zhengqiu'),
  ])
  groupId = (await demoGroup(member)).groupId
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

async function addMaterial(page: Page, file: string, title: string, source: string): Promise<void> {
  await page.getByTestId('materials-add').click()
  const dialog = page.getByTestId('material-dialog')
  await dialog.getByTestId('material-file').setInputFiles(file)
  await dialog.getByTestId('material-title-input').fill(title)
  await dialog.getByTestId('material-source').fill(source)
  await dialog.getByTestId('material-date').fill('2026-03-12')
  await dialog.getByRole('button', { name: '上传', exact: true }).click()
  await dialog.waitFor({ state: 'detached' })
}

/** Whether the picture of the material titled `title` is shown, loaded, `width` pixels wide in its own right. */
async function previewOf(page: Page, title: string): Promise<{ width: number; height: number }> {
  const item = page.getByTestId('material').filter({ hasText: title })
  await item.getByTestId('material-preview-toggle').click()
  const image = item.getByTestId('material-preview')
  await image.waitFor()
  // A PDF's first picture is drawn on first asking, in a worker thread that may have to start.
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: WAIT_MS })
    .toBe(true)
  return image.evaluate((img: HTMLImageElement) => ({ width: img.naturalWidth, height: img.naturalHeight }))
}

describe('调研材料 on the group page', () => {
  it('a member adds a photo and a PDF and sees each one’s picture', async () => {
    const png = join(tmpdir(), `现场照片-${process.pid}.png`)
    const pdf = join(tmpdir(), `调研报告-${process.pid}.pdf`)
    writeFileSync(png, colouredPng(320, 200))
    writeFileSync(pdf, await samplePdf('Village visit report'))
    const page = await browser.openPage(await browser.signedInContext(member, '#117a65'), `/groups/${groupId}`)
    const panel = page.getByTestId('materials')
    // The demo's investigation has its own materials already.
    const items = panel.getByTestId('material')
    await expect.poll(() => items.count(), { timeout: WAIT_MS }).toBeGreaterThan(0)
    const demo = await items.count()

    await addMaterial(page, png, '高标准农田现场照片', '3月赴某县调研')
    await addMaterial(page, pdf, '农业农村局调研报告', '市农业农村局')
    await expect.poll(() => items.count(), { timeout: WAIT_MS }).toBe(demo + 2)
    const text = await panel.innerText()
    for (const words of [
      '高标准农田现场照片',
      '3月赴某县调研',
      '农业农村局调研报告',
      '市农业农村局',
      '2026-03-12',
      'PNG',
      'PDF',
    ])
      expect(text).toContain(words)

    expect(await previewOf(page, '高标准农田现场照片')).toEqual({ width: 320, height: 200 })
    // The PDF's first page, drawn by the server as a PNG 800 pixels at its longer side.
    expect(await previewOf(page, '农业农村局调研报告')).toEqual({ width: 566, height: 800 })
    await page.screenshot({ path: join(screenshots, 'materials-member.png'), fullPage: true })

    // Removing asks first, then the material is gone from the list.
    await items.filter({ hasText: '高标准农田现场照片' }).getByTestId('material-remove').click()
    await page.getByTestId('material-remove-dialog').getByRole('button', { name: '删除', exact: true }).click()
    await expect.poll(() => items.count(), { timeout: WAIT_MS }).toBe(demo + 1)
  })

  it('the chair reads the list and its pictures, without the buttons that change it', async () => {
    const page = await browser.openPage(await browser.signedInContext(chair, '#8e44ad'), `/groups/${groupId}`)
    const items = page.getByTestId('materials').getByTestId('material')
    await expect.poll(() => items.count(), { timeout: WAIT_MS }).toBeGreaterThan(0)
    expect(await previewOf(page, '农业农村局调研报告')).toEqual({ width: 566, height: 800 })
    expect(await page.getByTestId('materials-add').count()).toBe(0)
    expect(await page.getByTestId('material-remove').count()).toBe(0)
    await page.screenshot({ path: join(screenshots, 'materials-chair.png'), fullPage: true })
  })

  it('a commenter is shown no group page, so none of its materials', async () => {
    const page = await browser.openPage(await browser.signedInContext(commenter, '#c0392b'), `/groups/${groupId}`)
    await page.getByTestId('group-refused').waitFor()
    expect(await page.getByTestId('materials').count()).toBe(0)
  })
})

/**
 * 导入Word in a real browser: a convener presses 导入Word on the documents page, chooses a .docx,
 * sees the pending line and then the report in plain Chinese, opens the new draft, and finds its
 * headings numbered once by the editor (一、（一）1., never 一、一、) and its table.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import type { Page } from 'playwright-core'
import { launchBrowserFor, waitEditable, type ServerBrowser } from '../helpers/browser.js'
import { repoRoot, startServer, type RunningServer } from '../helpers/server.js'
import { showcaseDraft } from '../fixtures/import/documents.js'

let server: RunningServer
let browser: ServerBrowser
let convener: Session
let member: Session
const screenshots = join(repoRoot, 'test-results', 'word-import')

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  browser = await launchBrowserFor(server, { viewport: { width: 1280, height: 900 }, failOnDialogs: true })
  ;[convener, member] = await Promise.all([login(server, 'zuzhang'), login(server, 'chengyuan1')])
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

describe('导入Word from the documents page', () => {
  it('imports a .docx, reports what it found, and opens a draft numbered by the editor with its table', async () => {
    const file = join(tmpdir(), `养老建议案-${process.pid}.docx`)
    writeFileSync(file, await showcaseDraft())
    const page = await browser.openPage(await browser.signedInContext(convener, '#117a65'), '/')
    await page.getByTestId('import-word').click()
    const dialog = page.getByTestId('import-word-dialog')
    await dialog.getByTestId('import-file').setInputFiles(file)
    await dialog.getByRole('button', { name: '导入', exact: true }).click()

    const report = dialog.getByTestId('import-report')
    await report.waitFor()
    const lines = await report.locator('li').allInnerTexts()
    expect(lines).toEqual(
      expect.arrayContaining([
        '识别出标题：《关于加强社区养老服务体系建设的建议案》',
        '识别出主送机关：市委、市政府',
        '识别出一级标题 3 个、二级标题 2 个、三级标题 2 个',
        '识别出落款（署名和成文日期）',
      ]),
    )
    expect(lines.some((line) => line.includes('表格 1 个'))).toBe(true)
    await page.screenshot({ path: join(screenshots, 'import-report.png') })

    await dialog.getByTestId('import-open').click()
    await page.waitForURL(/\/d\//)
    await waitEditable(page)
    const editor = page.getByTestId('editor-content')
    const headings = editor.locator('h1, h2, h3, h4')
    await expect.poll(() => headings.count()).toBe(7)
    const numbered = await headings.evaluateAll((nodes) =>
      nodes.map((node) => `${node.getAttribute('data-heading-number') ?? ''}${node.textContent}`),
    )
    expect(numbered).toEqual([
      '一、基本情况',
      '（一）设施建设稳步推进',
      '二、存在的问题',
      '（一）设施布局不够均衡',
      '1.老城区设施密度高、面积小',
      '2.新建城区设施配套滞后',
      '三、意见建议',
    ])
    // What a reader sees: the number drawn once before the heading's own words.
    const shown = await editor
      .locator('h1')
      .first()
      .evaluate((node) => {
        const before = getComputedStyle(node, '::before').content
        return `${before}|${node.textContent}`
      })
    expect(shown).toBe('"一、"|基本情况')
    const table = editor.locator('table')
    await table.waitFor()
    expect(await table.locator('th').allInnerTexts()).toEqual(['项目', '2023年', '2024年'])
    expect(await table.locator('tr').count()).toBe(3)
    await table.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(screenshots, 'imported-draft.png'), fullPage: true })
  })

  it('shows the translated reason when the file is not a .docx, and offers nothing to a member who may not create', async () => {
    const file = join(tmpdir(), `not-a-docx-${process.pid}.docx`)
    writeFileSync(file, '%PDF-1.7 not a word file')
    const page = await browser.openPage(await browser.signedInContext(convener, '#117a65'), '/')
    await page.getByTestId('import-word').click()
    const dialog = page.getByTestId('import-word-dialog')
    await dialog.getByTestId('import-file').setInputFiles(file)
    await dialog.getByRole('button', { name: '导入', exact: true }).click()
    await dialog.getByText('所选文件不是 Word 文档（.docx）', { exact: false }).waitFor()

    const memberPage = await browser.openPage(await browser.signedInContext(member, '#1a7f5a'), '/')
    await memberPage.getByTestId('document-list').waitFor()
    expect(await memberPage.getByTestId('import-word').count()).toBe(0)
  })
})

/** What Word puts on the clipboard for a few paragraphs (its markup trimmed to what matters). */
const wordClipboard = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word"><body>
<h1 style="mso-list:l1 level1 lfo2"><span style="mso-list:Ignore">一、<span>&nbsp;&nbsp;</span></span><b>基本情况</b><o:p></o:p></h1>
<p class=MsoNormal>近年来，我市养老服务体系建设取得积极进展。<o:p></o:p></p>
<p class=MsoNormal>（一）设施逐步完善<o:p></o:p></p>
<p class=MsoListParagraph style="margin-left:21pt;mso-list:l0 level1 lfo1"><![if !supportLists]><span style="mso-list:Ignore">1.<span>&nbsp;</span></span><![endif]>新建小区按标准配建<o:p></o:p></p>
<p class=MsoListParagraph style="margin-left:21pt;mso-list:l0 level1 lfo1"><![if !supportLists]><span style="mso-list:Ignore">2.<span>&nbsp;</span></span><![endif]>老旧小区逐步补齐<o:p></o:p></p>
<table class=MsoTableGrid border=1><tr><td><p class=MsoNormal>项目</p></td><td><p class=MsoNormal>数量</p></td></tr>
<tr><td><p class=MsoNormal>站点</p></td><td><p class=MsoNormal>855</p></td></tr></table>
<p class=MsoNormal>以上情况供参考。<o:p></o:p></p>
</body></html>`

/** Pastes `html` (and its plain text) into the editor where the caret is, as a paste from Word arrives. */
async function pasteHtml(page: Page, html: string, text: string): Promise<void> {
  await page.getByTestId('editor-content').evaluate(
    (editor, { html, text }) => {
      const data = new DataTransfer()
      data.setData('text/html', html)
      data.setData('text/plain', text)
      editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    },
    { html, text },
  )
}

describe('pasting from Word', () => {
  it('keeps headings (numbered once by the editor), Word’s list and the table', async () => {
    const id = await createDraft(convener, '关于粘贴测试的建议案')
    const page = await browser.openPage(await browser.signedInContext(convener, '#117a65'), `/d/${id}`)
    await waitEditable(page)
    const editor = page.getByTestId('editor-content')
    await editor.locator('p').first().click()
    await pasteHtml(page, wordClipboard, '一、基本情况')
    await editor.locator('table').waitFor()
    const headings = await editor
      .locator('h1, h2, h3, h4')
      .evaluateAll((nodes) => nodes.map((node) => `${node.getAttribute('data-heading-number')}|${node.textContent}`))
    expect(headings).toEqual(['一、|基本情况', '（一）|设施逐步完善'])
    expect(await editor.locator('ol > li').allInnerTexts()).toEqual(['新建小区按标准配建', '老旧小区逐步补齐'])
    expect(await editor.locator('table tr').count()).toBe(2)
    expect(await editor.locator('strong').count()).toBe(0)
  })

  it('in 修订 pastes the plain text as a suggestion, never a heading', async () => {
    const id = await createDraft(convener, '关于修订粘贴的建议案')
    const page = await browser.openPage(await browser.signedInContext(convener, '#117a65'), `/d/${id}`)
    await waitEditable(page)
    const editor = page.getByTestId('editor-content')
    await editor.locator('p').first().click()
    await page.keyboard.type('正文')
    await page.getByTestId('mode-switch').getByRole('radio', { name: '修订' }).click()
    await page.getByTestId('mode-switch').getByRole('radio', { name: '修订', checked: true }).waitFor()
    await pasteHtml(
      page,
      '<html xmlns:o="urn:schemas-microsoft-com:office:office"><h1>一、总体要求</h1></html>',
      '一、总体要求',
    )
    await editor.locator('ins.suggestion-insert').filter({ hasText: '一、总体要求' }).waitFor()
    expect(await editor.locator('h1, h2, h3, h4').count()).toBe(0)
  })
})

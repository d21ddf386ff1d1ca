/**
 * Exports in a real browser: the secretary downloads the approved text under the server's Chinese
 * file name, records its sending (报送登记) and finds it on /register; a member is offered drafts,
 * never the approved export; a refusal reads as a calm sentence.
 */
import { type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced } from '../helpers/peers.js'
import { launchBrowserFor, type ServerBrowser } from '../helpers/browser.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

const TITLE = '关于推进县域医共体建设的建议案'

let server: RunningServer
let browser: ServerBrowser
let convener: Session, member: Session, chair: Session
let docId: string
let approved: { versionNumber: number; hash: string }

/** A draft with text, saved as v2 (v1 is the empty start), submitted by the convener and approved by the chair. */
async function approvedDocument(): Promise<string> {
  const id = await createDraft(convener, TITLE)
  const post = (session: Session, path: string, body: object, expect: number) =>
    session.json(`/documents/${id}${path}`, { method: 'POST', body: JSON.stringify(body), expect })
  await post(member, '/versions', { label: '空稿' }, 201)
  const peer = connectPeer(server.wsUrl, id, { headers: { cookie: member.cookie } })
  await waitSynced([peer])
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText('建议以县域医共体为抓手，推动优质医疗资源下沉。')])
  peer.doc.getXmlFragment('default').insert(0, [paragraph])
  await waitFor(
    async () => (await member.json(`/documents/${id}/diff?from=1&to=live`)).summary.added > 0,
    'the text to reach the server',
  )
  peer.destroy()
  const version = await post(member, '/versions', { label: '第一稿' }, 201)
  await post(convener, '/workflow/submit', { versionNumber: version.number, note: '请审定' }, 200)
  await post(chair, '/workflow/approve', { opinion: '同意' }, 200)
  return id
}

beforeAll(async () => {
  // The demo group: convener zuzhang, member chengyuan1, chair zhuxi, secretary mishu.
  server = await startServer({ args: ['--demo'] })
  ;[convener, member, chair] = await Promise.all(['zuzhang', 'chengyuan1', 'zhuxi'].map((u) => login(server, u)))
  ;[browser, docId] = await Promise.all([
    launchBrowserFor(server, { viewport: { width: 1280, height: 860 }, acceptDownloads: true }),
    approvedDocument(),
  ])
  approved = (await chair.json(`/documents/${docId}/workflow`, { expect: 200 })).approved
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

/** Runs `click` and returns the file name the browser chose for the download it started. */
async function download(page: Page, click: () => Promise<void>): Promise<string> {
  const [started] = await Promise.all([page.waitForEvent('download'), click()])
  return started.suggestedFilename()
}

describe('exporting an approved proposal', () => {
  it('gives the secretary the approved DOCX under the server’s file name, and a calm word when the server lacks a font', async () => {
    const page = await browser.openPage(await browser.signedInContext('mishu', '#1e8449'), `/d/${docId}`)
    const bar = page.getByTestId('approved-exports')
    await bar.getByText(`导出内容即审定稿 v${approved.versionNumber}，SHA-256 ${approved.hash.slice(0, 12)}…`).waitFor()

    const fileName = await download(page, () => bar.getByRole('link', { name: '导出审定稿 DOCX' }).click())
    expect(fileName).toBe(`${TITLE}-v${approved.versionNumber}-已审定.docx`)
    expect(await bar.getByTestId('export-failure').count()).toBe(0)
    // The server logged it against the version and hash shown.
    const { entries } = await chair.json(`/documents/${docId}/audit`, { expect: 200 })
    expect(entries.filter((e: any) => e.action === 'export').map((e: any) => [e.versionNumber, e.contentHash])).toEqual(
      [[approved.versionNumber, approved.hash]],
    )

    // A server without the CJK fonts answers the PDF with a 500 that names the package to install.
    await page.route('**/export/pdf', (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({
          error: {
            code: 'internal',
            message:
              'No font for the body (仿宋) is installed: looked for simfang.ttf in /usr/share/fonts. Install the Debian package fonts-noto-cjk (apt-get install --no-install-recommends fonts-noto-cjk), or put one of these files into JIANYI_FONT_DIR.',
          },
        }),
      }),
    )
    await bar.getByRole('link', { name: '导出审定稿 PDF' }).click()
    const failure = bar.getByTestId('export-failure')
    await failure.getByText('请联系管理员安装字体包 fonts-noto-cjk', { exact: false }).waitFor()
    expect(await failure.innerText()).not.toContain('{')
    expect(browser.pageErrors).toEqual([])
  })

  it('lets the secretary record the sending (报送登记) and find it on /register', async () => {
    const page = await browser.openPage(await browser.signedInContext('mishu', '#1e8449'), `/d/${docId}`)
    await page.getByTestId('approved-exports').getByRole('button', { name: '报送登记' }).click()
    const dialog = page.getByTestId('register-dialog')
    await dialog.getByText('印在此后导出的审定稿上', { exact: false }).waitFor()
    await dialog.getByLabel('文号').fill('政协××〔2025〕3号')
    await dialog.getByLabel('主送机关').fill('中共××市委、××市人民政府')
    await dialog.getByLabel(/题注/).fill('（2025年2月26日政协××市第五届委员会第×次主席会议审议通过）')
    await dialog.getByLabel('报送日期').fill('2025-03-03')
    await dialog.getByLabel('报送人').fill('市政协办公室 张秘书')
    await dialog.getByRole('button', { name: '登记' }).click()
    await page.getByTestId('register-state').getByText('政协××〔2025〕3号', { exact: false }).waitFor()

    await page.getByTestId('register-link').click()
    const row = page.locator(`[data-testid="register-row"][data-document-id="${docId}"]`)
    await row.waitFor()
    const cells = await row.locator('td').allInnerTexts()
    expect(cells).toEqual([
      '政协××〔2025〕3号',
      TITLE,
      `v${approved.versionNumber}`,
      approved.hash.slice(0, 12),
      '中共××市委、××市人民政府',
      '2025-03-03',
      '市政协办公室 张秘书',
    ])
    expect(await download(page, () => page.getByRole('link', { name: '导出 CSV' }).click())).toBe('报送登记.csv')
    expect(browser.pageErrors).toEqual([])
  })

  it('offers a member drafts of each version, 征求意见稿 when chosen, but never 导出审定稿', async () => {
    const page = await browser.openPage(await browser.signedInContext('chengyuan1', '#2471a3'), `/d/${docId}`)
    await page.getByTestId('approved-banner').waitFor()
    await page.getByTestId('workflow-bar').getByRole('button', { name: '版本历史' }).click()
    const row = page.locator(`[data-testid="version-row"][data-number="${approved.versionNumber}"]`)
    await row.getByTestId('version-export-toggle').click()
    const panel = row.getByTestId('version-export-panel')
    await panel.getByLabel('征求意见稿').check()
    const fileName = await download(page, () =>
      panel.getByRole('link', { name: `导出 v${approved.versionNumber} 征求意见稿 DOCX` }).click(),
    )
    expect(fileName).toBe(`${TITLE}-v${approved.versionNumber}-征求意见稿.docx`)
    // The approved export is the secretary's and the chair's; the page offered it nowhere.
    expect(await page.getByTestId('approved-exports').count()).toBe(0)
    expect(await page.getByRole('link', { name: /导出审定稿/ }).count()).toBe(0)
    // Asked for it all the same, the server refuses with a 403, which the page puts in plain words.
    await page.route('**/export/md?*', (route) =>
      route.continue({ url: `${server.url}/api/documents/${docId}/export/md` }),
    )
    await panel.getByRole('link', { name: `导出 v${approved.versionNumber} Markdown` }).click()
    await panel.getByTestId('export-failure').getByText('您没有导出这份文件的权限', { exact: false }).waitFor()
    expect(browser.pageErrors).toEqual([])
  })
})

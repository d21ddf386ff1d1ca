/**
 * The approval workflow in real browsers: a member saves a version, the convener submits it, the
 * chair approves it from the inbox — and the member's open editor turns read-only without a reload.
 */
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap'
import { type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentField } from '../../shared/editor/schema.js'
import { plainText, type JsonNode } from '../../shared/editor/text.js'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { connectPeer } from '../helpers/peers.js'
import { launchBrowserFor, waitEditable, type ServerBrowser } from '../helpers/browser.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let convener: Session

beforeAll(async () => {
  // The demo group: convener zuzhang (王组长), members chengyuan1 (李委员) and chengyuan2, chair zhuxi (陈主席).
  server = await startServer({ args: ['--demo'] })
  convener = await login(server, 'zuzhang')
  browser = await launchBrowserFor(server, { viewport: { width: 1280, height: 860 } })
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

const editorText = (page: Page) => page.getByTestId('editor-content').innerText()

describe('approving a draft', () => {
  it('locks every open editor the moment the chair approves, without a reload', async () => {
    const docId = await createDraft(convener, '关于健全农田建后管护机制的建议案')
    const sentence = '建议明确县级政府管护主体责任，落实管护经费。'

    // 李委员 writes, then saves the draft as a version.
    const member = await browser.openPage(await browser.signedInContext('chengyuan1', '#2471a3'), `/d/${docId}`)
    await waitEditable(member)
    await member.getByTestId('editor-content').click()
    await member.keyboard.type(sentence)
    await member.getByTestId('workflow-bar').getByRole('button', { name: '版本历史' }).click()
    const history = member.getByTestId('history-panel')
    await history.getByRole('button', { name: '保存版本' }).click()
    const save = member.getByTestId('save-version-dialog')
    await save.getByLabel('版本名称').fill('第一稿')
    await save.getByRole('button', { name: '保存版本' }).click()
    const v1 = history.locator('[data-testid="version-row"][data-number="1"]')
    await v1.getByText('第一稿').waitFor()
    // The version holds what was typed: its character count is the sentence's.
    await v1.getByText(`${sentence.length} 字`).waitFor()
    await v1.getByText('李委员').waitFor()
    await history.getByRole('button', { name: '关闭版本历史' }).click()

    // 王组长 submits v1 to the chair.
    const zuzhang = await browser.openPage(await browser.signedInContext('zuzhang', '#c0392b'), `/d/${docId}`)
    const bar = zuzhang.getByTestId('workflow-bar')
    await bar.getByTestId('workflow-status').filter({ hasText: '起草中' }).waitFor()
    await bar.getByRole('button', { name: '送审' }).click()
    const submit = zuzhang.getByTestId('submit-dialog')
    await submit.getByLabel('送审版本').selectOption({ label: 'v1 · 第一稿（手动）' })
    await submit.getByLabel('送审说明').fill('已吸收农业农村局意见，请审定。')
    await submit.getByRole('button', { name: '送审' }).click()
    await bar.getByTestId('workflow-status').filter({ hasText: '待审定' }).waitFor()
    // The member's page hears of it through the document's socket.
    await member.getByTestId('workflow-status').filter({ hasText: '待审定' }).waitFor()

    // 陈主席 finds it in the inbox, reads the submitted version and approves it there.
    const chair = await browser.openPage(await browser.signedInContext('zhuxi', '#6c3483'), '/')
    await chair.getByTestId('inbox-link').click()
    const entry = chair.locator(`[data-testid="inbox-entry"][data-document-id="${docId}"]`)
    await entry.getByText('已吸收农业农村局意见，请审定。').waitFor()
    await entry.getByText('王组长', { exact: false }).waitFor()
    await entry.getByRole('link', { name: '阅读送审稿' }).click()
    const reader = chair.getByTestId('version-reader')
    await reader.getByTestId('version-content').getByText(sentence).waitFor()
    expect(await reader.getByTestId('version-content').getAttribute('contenteditable')).toBe('false')
    await reader.getByRole('button', { name: '审定通过' }).click()
    const approve = chair.getByTestId('approve-dialog')
    await approve.getByLabel(/审定意见/).fill('同意。')
    await approve.getByRole('button', { name: '审定通过' }).click()
    await chair.getByTestId('approved-banner').getByText('陈主席', { exact: false }).waitFor()

    // 李委员's editor is read-only now, in the same page: no reload happened.
    await member.locator('[data-testid="editor-content"][contenteditable="false"]').waitFor()
    const banner = member.getByTestId('approved-banner')
    await banner.getByText('已审定 v1').waitFor()
    await banner.getByText('陈主席', { exact: false }).waitFor()
    await member.getByTestId('read-only').filter({ hasText: '已审定' }).waitFor()
    expect(await member.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1)

    // Typing changes nothing, neither on the page nor on the server.
    const before = await editorText(member)
    await member.getByTestId('editor-content').click()
    await member.keyboard.type('擅自改动')
    expect(await editorText(member)).toBe(before)
    const diff = await convener.json(`/documents/${docId}/diff?from=1&to=live`, { expect: 200 })
    expect(diff.summary).toEqual({ added: 0, removed: 0, paragraphsChanged: 0 })

    // The member was told, by the bell.
    await waitFor(
      async () => Number(await member.getByTestId('notification-bell').getAttribute('data-unread')) >= 2,
      'the bell to count the notifications',
    )
    expect(browser.pageErrors).toEqual([])
  })

  it('shows exactly the approved text to a member whose keystrokes were on their way as the chair approved', async () => {
    const docId = await createDraft(convener, '关于完善耕地保护补偿机制的建议案')
    const [memberApi, chairApi] = await Promise.all([login(server, 'chengyuan1'), login(server, 'zhuxi')])
    const sentence = '建议提高耕地地力保护补贴标准。'
    const context = await browser.signedInContext(memberApi, '#2471a3')
    const li = await browser.openPage(context, `/d/${docId}`)
    await waitEditable(li)
    await li.getByTestId('editor-content').click()
    await li.keyboard.type(sentence)
    // An official client beside the browser: what it holds is what the server has.
    const watcher = connectPeer(server.wsUrl, docId, { headers: { cookie: convener.cookie } })
    const serverText = () =>
      plainText(yXmlFragmentToProsemirrorJSON(watcher.doc.getXmlFragment(contentField)) as JsonNode)
    await waitFor(() => serverText() === sentence, 'the sentence to reach the server')
    const post = (session: Session, path: string, body: object, expect: number) =>
      session.json(`/documents/${docId}${path}`, { method: 'POST', body: JSON.stringify(body), expect })
    await post(memberApi, '/versions', { label: '送审稿' }, 201)
    await post(convener, '/workflow/submit', { versionNumber: 1, note: '' }, 200)

    // The member types on; the socket carries nothing until the chair has approved.
    await context.setOffline(true)
    await li.getByTestId('connection-status').filter({ hasText: '离线' }).waitFor()
    await li.keyboard.type('审定时仍在输入')
    await li.getByTestId('editor-content').getByText('审定时仍在输入', { exact: false }).waitFor()
    await post(chairApi, '/workflow/approve', { opinion: '同意' }, 200)
    await context.setOffline(false)

    // The server refuses the keystrokes; the editor drops them and shows the approved text, locked.
    await li.locator('[data-testid="editor-content"][contenteditable="false"]').waitFor()
    await expect.poll(() => editorText(li), { timeout: 15_000 }).toBe(sentence)
    expect(serverText()).toBe(sentence)
    // Nor does this browser's local copy offer them again.
    await li.reload()
    await li.locator('[data-testid="editor-content"][contenteditable="false"]').waitFor()
    await li.getByTestId('connection-status').filter({ hasText: '已连接' }).waitFor()
    await expect.poll(() => editorText(li), { timeout: 15_000 }).toBe(sentence)
    watcher.destroy()
    expect(browser.pageErrors).toEqual([])
  })

  it('unlocks the open editors again when the chair reopens the approved draft, and logs the reason', async () => {
    const docId = await createDraft(convener, '关于推进农村人居环境整治的建议案')
    const [member, chairApi] = await Promise.all([login(server, 'chengyuan1'), login(server, 'zhuxi')])
    const post = (session: Session, path: string, body: object, expect: number) =>
      session.json(`/documents/${docId}${path}`, { method: 'POST', body: JSON.stringify(body), expect })
    await post(member, '/versions', { label: '初稿' }, 201)
    await post(convener, '/workflow/submit', { versionNumber: 1, note: '' }, 200)
    await post(chairApi, '/workflow/approve', { opinion: '' }, 200)

    const li = await browser.openPage(await browser.signedInContext('chengyuan1', '#2471a3'), `/d/${docId}`)
    await li.getByTestId('approved-banner').waitFor()
    await li.locator('[data-testid="editor-content"][contenteditable="false"]').waitFor()

    const chair = await browser.openPage(await browser.signedInContext('zhuxi', '#6c3483'), `/d/${docId}`)
    await chair.getByTestId('workflow-bar').getByRole('button', { name: '重新开放' }).click()
    const reopen = chair.getByTestId('reopen-dialog')
    await reopen.getByLabel('原因').fill('根据主席会议意见再作修改')
    await reopen.getByRole('button', { name: '重新开放' }).click()
    await chair.getByTestId('workflow-status').filter({ hasText: '起草中' }).waitFor()

    await li.getByTestId('workflow-status').filter({ hasText: '起草中' }).waitFor()
    await li.locator('[data-testid="editor-content"][contenteditable="true"]').waitFor()
    await li.getByTestId('editor-content').click()
    await li.keyboard.type('重新开放后继续起草。')
    await chair.getByTestId('editor-content').getByText('重新开放后继续起草。').waitFor()

    // The reason is in the audit log, whose chain still verifies.
    await li.getByTestId('workflow-bar').getByRole('button', { name: '版本历史' }).click()
    await li.getByRole('tab', { name: '审计日志' }).click()
    await li.getByTestId('audit-log').getByText('根据主席会议意见再作修改').waitFor()
    expect(await li.getByTestId('audit-verified').getAttribute('data-verified')).toBe('true')
    expect(browser.pageErrors).toEqual([])
  })
})

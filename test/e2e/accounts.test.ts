/**
 * Accounts in real browsers: the administrator brings a new member into the research group
 * through the UI, and disabling them ends their open editor at once; a convener invites a
 * commenter (征求意见) from the document list, who reads the draft but cannot type.
 */
import { type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPassword, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, submitLoginForm, waitEditable, type ServerBrowser } from '../helpers/browser.js'
import { startServer, type RunningServer } from '../helpers/server.js'

/** The draft that `--demo` seeds in 农业农村调研组. */
const SAMPLE_TITLE = '关于加强我市高标准农田建设的建议案'

let server: RunningServer
let browser: ServerBrowser

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  browser = await launchBrowserFor(server, { viewport: { width: 1200, height: 850 } })
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

/** A page of a profile signed in with the API's cookie, its caret colour already chosen. */
async function signedInPage(session: Session, path: string): Promise<Page> {
  return browser.openPage(await browser.signedInContext(session, '#117a65'), path)
}

/** Signs in through the login form of a fresh profile and answers the first-visit colour question. */
async function signInThroughForm(username: string, password: string, path = '/'): Promise<Page> {
  const page = await browser.openPage(await browser.newContext(), path)
  await submitLoginForm(page, username, password)
  await page.getByTestId('identity-dialog').getByRole('button', { name: '开始使用' }).click()
  return page
}

/** A date `days` from today as `<input type="date">` takes it. */
function daysFromNow(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000)
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
}

describe('accounts in the browser', () => {
  it('lets the administrator add a member who then drafts; disabling them closes their open editor at once, saying the account is disabled', async () => {
    const admin = await signInThroughForm('admin', demoPassword)

    // 用户管理 is offered in the user menu, which names the role.
    await admin.getByTestId('user-menu-button').filter({ hasText: '管理员' }).click()
    await admin.getByTestId('user-menu').getByRole('link', { name: '用户管理' }).click()
    await admin.getByRole('heading', { name: '用户管理' }).waitFor()

    await admin.getByRole('button', { name: '新建用户' }).click()
    const create = admin.getByTestId('create-user-dialog')
    await create.getByLabel('用户名').fill('xinyuan')
    await create.getByLabel('姓名').fill('孙委员')
    await create.getByLabel('角色').selectOption('member')
    await create.getByLabel('初始密码').fill('xinyuan-initial-1')
    await create.getByRole('button', { name: '创建' }).click()
    const row = admin.locator('[data-testid="user-row"][data-username="xinyuan"]')
    await row.filter({ hasText: '孙委员' }).filter({ hasText: '正常' }).waitFor()

    // Into the demo group, through the group editor.
    await admin.getByRole('link', { name: '调研组管理' }).first().click()
    await admin
      .getByTestId('group-row')
      .filter({ hasText: '农业农村调研组' })
      .getByRole('link', { name: '编辑调研组' })
      .click()
    const members = admin.getByTestId('members-picker')
    await members.getByRole('checkbox', { name: /xinyuan/ }).check()
    await admin.getByTestId('group-editor').getByRole('button', { name: '保存' }).click()
    await admin.getByRole('status').filter({ hasText: '已保存' }).waitFor()

    // The new member signs in elsewhere and finds the group's draft, and may write in it.
    const member = await signInThroughForm('xinyuan', 'xinyuan-initial-1')
    await member.getByTestId('document-list').getByRole('link', { name: SAMPLE_TITLE }).click()
    await waitEditable(member)
    // Marks this page load: if the page reloaded, the mark would be gone.
    await member.evaluate(() => Object.assign(window, { __sameLoad: true }))

    await admin.getByRole('link', { name: '用户管理' }).first().click()
    await row.getByRole('button', { name: '停用' }).click()
    const confirm = admin.getByTestId('active-user-dialog')
    await confirm.getByText('正在打开的文档也会立即关闭').waitFor()
    await confirm.getByRole('button', { name: '停用' }).click()
    await row.filter({ hasText: '已停用' }).waitFor()

    const refused = member.getByTestId('document-refused')
    await refused.getByText('账号已停用，请联系管理员').waitFor()
    expect(await refused.getAttribute('data-code')).toBe('4410')
    expect(await refused.getByText('登录已失效').count()).toBe(0)
    expect(await member.evaluate(() => (window as { __sameLoad?: boolean }).__sameLoad)).toBe(true)

    // Back at the sign-in page, the right password is told the same; a wrong one only that it is wrong.
    await refused.getByRole('button', { name: '返回登录页' }).click()
    await submitLoginForm(member, 'xinyuan', 'xinyuan-initial-1')
    await member.getByTestId('login-form').getByText('账号已停用，请联系管理员').waitFor()
    await submitLoginForm(member, 'xinyuan', 'not-the-password-1')
    await member.getByTestId('login-form').getByText('用户名或密码不正确').waitFor()
    expect(browser.pageErrors).toEqual([])
  })

  it('lets a convener invite a commenter from the document list, who reads the draft and may only suggest changes', async () => {
    const adminApi = await login(server, 'admin')
    await adminApi.json('/users', {
      method: 'POST',
      body: JSON.stringify({
        username: 'qianjiaoshou',
        displayName: '钱教授（农业大学）',
        role: 'commenter',
        password: 'qian-initial-1',
      }),
      expect: 201,
    })
    const commenterApi = await login(server, 'qianjiaoshou', 'qian-initial-1')

    const convener = await signedInPage(await login(server, 'zuzhang'), '/')
    await convener.getByTestId('user-menu-button').filter({ hasText: '组长' }).waitFor()
    const sample = convener.getByTestId('document-row').filter({ hasText: SAMPLE_TITLE })
    await sample.getByRole('button', { name: '征求意见' }).click()
    const dialog = convener.getByTestId('invitations-dialog')
    // The demo already invited zhengqiu, without an end date.
    await dialog.locator('[data-testid="invitation"][data-username="zhengqiu"]').filter({ hasText: '不限期' }).waitFor()
    const until = daysFromNow(30)
    await dialog.getByLabel('用户名').fill('qianjiaoshou')
    await dialog.getByLabel('截止日期（可选）').fill(until)
    await dialog.getByRole('button', { name: '邀请', exact: true }).click()
    const invitation = dialog.locator('[data-testid="invitation"][data-username="qianjiaoshou"]')
    await invitation.filter({ hasText: '钱教授（农业大学）' }).filter({ hasText: '含当日' }).waitFor()

    // The commenter sees exactly the invited draft, marked read-only, and can only propose changes (修订).
    const commenter = await signedInPage(commenterApi, '/')
    const list = commenter.getByTestId('document-list')
    await list.getByRole('link', { name: SAMPLE_TITLE }).waitFor()
    expect(await commenter.getByTestId('document-row').count()).toBe(1)
    await commenter.getByTestId('document-row').getByText('只读').waitFor()
    await list.getByRole('link', { name: SAMPLE_TITLE }).click()
    await commenter.getByTestId('read-only').waitFor()
    const content = commenter.getByTestId('editor-content')
    await content.getByText('基本情况').waitFor()
    await commenter.getByTestId('mode-badge').waitFor()

    // Revoking closes the commenter's open editor.
    await invitation.getByRole('button', { name: '撤销' }).click()
    await invitation.getByRole('button', { name: '确认撤销' }).click()
    await invitation.waitFor({ state: 'detached' })
    const refused = commenter.getByTestId('document-refused')
    await refused.waitFor()
    expect(await refused.getAttribute('data-code')).toBe('4404')
    expect(browser.pageErrors).toEqual([])
  })
})

/**
 * Members argue over wording in comment threads, in real browsers: a thread opened on selected
 * words appears, highlighted, in every open editor at once; replies travel back; bodies are plain
 * text; and the chair, who may not edit, still selects words and comments on them.
 */
import { type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDraft, login, type Session } from '../helpers/accounts.js'
import { launchBrowserFor, selectWithMouse, type ServerBrowser, WAIT_MS } from '../helpers/browser.js'
import { startServer, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let convener: Session

beforeAll(async () => {
  // The demo group: convener zuzhang (王组长), members chengyuan1 (李委员) and chengyuan2 (张委员), chair zhuxi (陈主席).
  server = await startServer({ args: ['--demo'] })
  convener = await login(server, 'zuzhang')
  // An alert, confirm or prompt fails the test too: a comment body that ran as markup would open one.
  browser = await launchBrowserFor(server, { viewport: { width: 1360, height: 860 }, failOnDialogs: true })
})

afterEach(async () => {
  await browser?.closeContexts()
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

/** The draft opened by `username`, signed in with the API's cookie, caret colour already chosen. */
async function openDraft(username: string, docId: string): Promise<{ page: Page; userId: string }> {
  const session = await login(server, username)
  const page = await browser.openPage(await browser.signedInContext(session, '#2471a3'), `/d/${docId}`)
  await page.getByTestId('connection-status').filter({ hasText: '已连接' }).waitFor()
  // The sidebar has loaded the threads (and who may be mentioned).
  await page.getByTestId('open-count').waitFor()
  return { page, userId: session.userId }
}

async function typeParagraph(page: Page, text: string): Promise<void> {
  await page.locator('[data-testid="editor-content"][contenteditable="true"]').waitFor()
  await page.getByTestId('editor-content').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(text)
}

/** Comments on the selected words through the 评论 button and returns the new thread's card. */
async function commentOnSelection(page: Page, body: string) {
  const button = page.getByTestId('comment-button')
  await expect.poll(() => button.isEnabled(), { timeout: WAIT_MS }).toBe(true)
  await button.click()
  const composer = page.getByTestId('new-thread-composer')
  await composer.getByRole('combobox').fill(body)
  await composer.getByRole('button', { name: '发表' }).click()
  await page.getByTestId('new-thread').waitFor({ state: 'detached' })
}

/** The editor's text as written: the others' caret labels are in the DOM but not in the document. */
const textWithoutCarets = (page: Page) =>
  page.getByTestId('editor-content').evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove()
    return copy.textContent ?? ''
  })
/** The words the threads' highlights cover, in order (a caret inside splits a highlight into several spans). */
const highlightedText = (page: Page) =>
  page.getByTestId('editor-content').evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove()
    return [...copy.querySelectorAll('.comment-highlight')].map((span) => span.textContent).join('')
  })
const threadCard = (page: Page, text: string) => page.getByTestId('thread').filter({ hasText: text })
const highlight = (page: Page, words: string) =>
  page.getByTestId('editor-content').locator('.comment-highlight', { hasText: words })

describe('comment threads in two browsers', () => {
  it('shows a thread opened on selected words, highlighted, to the other member at once; the reply travels back', async () => {
    const docId = await createDraft(convener, '关于加强我市高标准农田建设的建议案')
    const li = await openDraft('chengyuan1', docId)
    const sentence = '粮食安全是国之大者，高标准农田是粮食安全的根基。'
    await typeParagraph(li.page, sentence)
    const zhang = await openDraft('chengyuan2', docId)
    await zhang.page.getByTestId('editor-content').getByText(sentence).waitFor()

    // 李委员 selects 高标准农田, presses Ctrl+Alt+M and mentions 张委员 through the autocomplete.
    await selectWithMouse(li.page, '高标准农田')
    await li.page.keyboard.press('Control+Alt+KeyM')
    const box = li.page.getByTestId('new-thread-composer').getByRole('combobox')
    await box.pressSequentially('建议补充建成面积的具体数据，请 @cheng')
    const options = li.page.getByTestId('mention-list').getByRole('option')
    await options.filter({ hasText: '张委员' }).click()
    await expect.poll(() => box.inputValue()).toBe('建议补充建成面积的具体数据，请 @chengyuan2 ')
    await box.press('Control+Enter')
    await li.page.getByTestId('new-thread').waitFor({ state: 'detached' })

    // Both see the words highlighted and the thread in the sidebar, 张委员 without reloading, both
    // in the same colour: 李委员's, the colour of his thread's card.
    const colours: string[] = []
    for (const { page } of [li, zhang]) {
      await highlight(page, '高标准农田').waitFor()
      await threadCard(page, '建议补充建成面积的具体数据').waitFor()
      const colour = await highlight(page, '高标准农田').evaluate((element) =>
        getComputedStyle(element).getPropertyValue('--comment-color'),
      )
      expect(colour).toMatch(/^#[0-9a-f]{6}$/)
      expect(
        await threadCard(page, '建议补充建成面积的具体数据').evaluate((element) =>
          getComputedStyle(element).getPropertyValue('--comment-color'),
        ),
      ).toBe(colour)
      colours.push(colour)
    }
    expect(colours[1]).toBe(colours[0])
    await expect.poll(() => zhang.page.getByTestId('open-count').textContent()).toBe('1 条未解决')

    // Typing just before and just after the words leaves them as they were; typing inside widens them.
    for (const [where, text] of [
      ['after', '的'],
      ['before', '和'],
      ['inside', '地'],
    ] as const) {
      await li.page.getByTestId('editor-content').evaluate((root, where) => {
        ;(root as HTMLElement).focus()
        const words = root.querySelector('.comment-highlight')!
        const range = document.createRange()
        if (where === 'after') range.setStartAfter(words)
        else if (where === 'before') range.setStartBefore(words)
        else range.setStart(words.firstChild!, 3)
        range.collapse(true)
        getSelection()!.removeAllRanges()
        getSelection()!.addRange(range)
      }, where)
      await li.page.keyboard.type(text)
    }
    for (const { page } of [li, zhang]) {
      await expect.poll(() => textWithoutCarets(page)).toContain('和高标准地农田的')
      await expect.poll(() => highlightedText(page)).toBe('高标准地农田')
    }

    // The mention shows the name, marked for the one mentioned, and unread until the thread is opened.
    const card = threadCard(zhang.page, '建议补充建成面积的具体数据')
    expect(await card.getByTestId('mention').textContent()).toBe('@张委员')
    await card.getByTestId('thread-unread').waitFor()
    await zhang.page.getByTestId('unread-count').waitFor()
    // Another member's comment offers no edit or delete.
    expect(await card.getByTestId('comment-edit').count()).toBe(0)
    await card.click()
    await card.getByTestId('thread-unread').waitFor({ state: 'detached' })

    // 张委员 replies; 李委员 sees the reply without reloading.
    const reply = '同意，建议同时写明占耕地面积的比例。'
    await card.getByTestId('reply-composer').getByRole('combobox').fill(reply)
    await card.getByTestId('reply-composer').getByRole('button', { name: '回复' }).click()
    await threadCard(li.page, '建议补充建成面积的具体数据').getByText(reply).waitFor()

    // Clicking the highlighted words opens the thread in the sidebar.
    await highlight(li.page, '高标准').first().click()
    await threadCard(li.page, '建议补充建成面积的具体数据').and(li.page.locator('.thread--active')).waitFor()

    expect(browser.pageErrors).toEqual([])
  })

  it('shows a comment body as the characters typed: markup in it runs nothing', async () => {
    const docId = await createDraft(convener, '关于推进数字乡村建设的建议案')
    const li = await openDraft('chengyuan1', docId)
    await typeParagraph(li.page, '数字乡村是乡村振兴的战略方向。')
    const zhang = await openDraft('chengyuan2', docId)
    await zhang.page.getByTestId('editor-content').getByText('数字乡村是乡村振兴的战略方向。').waitFor()

    const markup = '<img src=x onerror=alert(1)>'
    // The very first words of the document (ProseMirror position 1, a corner case of y-tiptap's resolution).
    await selectWithMouse(li.page, '数字乡村')
    await commentOnSelection(li.page, markup)

    for (const { page } of [li, zhang]) {
      const body = threadCard(page, markup).getByTestId('comment-body')
      await body.waitFor()
      expect(await body.textContent()).toBe(markup)
      expect(await page.getByTestId('comments-sidebar').locator('img').count()).toBe(0)
      await highlight(page, '数字乡村').waitFor()
    }
    expect(browser.pageErrors).toEqual([])
  })

  it('lets the chair, who may not edit, select words and comment on them; the member sees it', async () => {
    const docId = await createDraft(convener, '关于健全建后管护长效机制的建议案')
    const li = await openDraft('chengyuan1', docId)
    const sentence = '建议明确县级政府管护主体责任，落实管护经费。'
    await typeParagraph(li.page, sentence)

    const chair = await openDraft('zhuxi', docId)
    await chair.page.getByTestId('read-only').waitFor()
    await chair.page.getByTestId('editor-content').getByText(sentence).waitFor()
    // The chair changes no text: her editor only proposes changes (修订).
    await chair.page.getByTestId('mode-badge').waitFor()

    await selectWithMouse(chair.page, '管护主体责任')
    await commentOnSelection(chair.page, '此处应写明考核办法。')

    await highlight(li.page, '管护主体责任').waitFor()
    await threadCard(li.page, '此处应写明考核办法。').waitFor()
    expect(browser.pageErrors).toEqual([])
  })

  it('keeps a thread whose words were deleted, with its quote; records 意见处理; edits, deletes and resolves', async () => {
    const docId = await createDraft(convener, '关于完善农业社会化服务体系的建议案')
    const li = await openDraft('chengyuan1', docId)
    await typeParagraph(li.page, '培育农业服务组织。这一句表述重复，建议删去。')
    const wang = await openDraft('zuzhang', docId)

    await selectWithMouse(li.page, '这一句表述重复')
    await commentOnSelection(li.page, '此句与上文重复。')
    const card = threadCard(wang.page, '此句与上文重复。')
    await card.click()

    // The convener records how the opinion was handled; the member sees it.
    await card.getByTestId('thread-dispose').click()
    const form = wang.page.getByTestId('disposition-form')
    await form.getByLabel('采纳', { exact: true }).check()
    await form.getByRole('textbox').fill('已删去重复表述。')
    await form.getByRole('button', { name: '保存' }).click()
    const disposition = threadCard(li.page, '此句与上文重复。').getByTestId('disposition')
    await disposition.getByText('已删去重复表述。').waitFor()
    expect(await threadCard(li.page, '此句与上文重复。').getByTestId('thread-disposition').textContent()).toBe('采纳')

    // The member deletes the words: the thread stays, marked, with what it was about.
    await selectWithMouse(li.page, '这一句表述重复，建议删去。')
    await li.page.keyboard.press('Backspace')
    await card.getByTestId('thread-detached').waitFor()
    expect(await card.locator('.thread__quote').textContent()).toBe('这一句表述重复')

    // Authors edit and delete their own comments; the others see the edit, then a tombstone.
    // While the comment is being edited its text is in a text box: find the card by its thread's id.
    const threadId = await threadCard(li.page, '此句与上文重复。').getAttribute('data-thread-id')
    const own = li.page.locator(`[data-testid="thread"][data-thread-id="${threadId}"]`)
    await own.getByTestId('comment-edit').click()
    await own.getByTestId('edit-composer').getByRole('combobox').fill('此句与上文重复，已无必要。')
    await own.getByTestId('edit-composer').getByRole('button', { name: '保存' }).click()
    await threadCard(wang.page, '此句与上文重复，已无必要。').getByText('（已编辑）').waitFor()
    await own.getByTestId('comment-delete').click()
    await own.getByTestId('comment-delete-confirm').click()
    await wang.page.getByTestId('thread').getByTestId('comment-deleted').filter({ hasText: '评论已删除' }).waitFor()

    // The convener resolves it; the member, who has it open, sees it resolved, and no open thread is left.
    await wang.page.getByTestId('thread-resolve').click()
    await own.getByText('已解决', { exact: true }).waitFor()
    await expect.poll(() => li.page.getByTestId('open-count').textContent()).toBe('0 条未解决')
    expect(browser.pageErrors).toEqual([])
  })

  it('opens a commented draft afresh with its words highlighted and its threads listed, asking the list once', async () => {
    const docId = await createDraft(convener, '关于推进农村人居环境整治的建议案')
    const li = await openDraft('chengyuan1', docId)
    await typeParagraph(li.page, '农村人居环境整治要因地制宜，分类推进。')
    await selectWithMouse(li.page, '因地制宜')
    await commentOnSelection(li.page, '请补充各县区的推进时间表。')

    // 张委员 opens the draft in a new tab: the list asked at start-up (beside the account and the
    // socket) serves the highlights, the sidebar and the workflow bar's names alike.
    const context = await browser.signedInContext('chengyuan2', '#2471a3')
    const asked: string[] = []
    context.on('request', (request) => {
      if (new URL(request.url()).pathname === `/api/documents/${docId}/threads`) asked.push(request.method())
    })
    const page = await browser.openPage(context, `/d/${docId}`)
    await highlight(page, '因地制宜').waitFor()
    await threadCard(page, '请补充各县区的推进时间表。').waitFor()
    await expect.poll(() => page.getByTestId('open-count').textContent()).toBe('1 条未解决')
    expect(asked).toEqual(['GET'])

    // A link to the thread (搜索, a mention) opens the draft with the thread open in the sidebar.
    const threadId = await threadCard(page, '请补充各县区的推进时间表。').getAttribute('data-thread-id')
    const linked = await browser.openPage(
      await browser.signedInContext('chengyuan2', '#2471a3'),
      `/d/${docId}?thread=${threadId}`,
    )
    await linked.locator(`[data-testid="thread"][data-thread-id="${threadId}"][aria-current="true"]`).waitFor()
    await highlight(linked, '因地制宜').waitFor()
    expect(browser.pageErrors).toEqual([])
  })
})

/**
 * Writing on when the network is gone: the page says 离线编辑，恢复连接后自动同步, keeps what is
 * typed (in the Y.Doc and in IndexedDB, per user), and sends it as soon as the network is back, also
 * when the page was closed in between. Real Chromium, real server, an official y-websocket peer
 * watching what the server has.
 */
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap'
import { type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { contentField } from '../../shared/editor/schema.js'
import { plainText, type JsonNode } from '../../shared/editor/text.js'
import { demoGroup, login, type Session } from '../helpers/accounts.js'
import { connectPeer, waitSynced, type Peer } from '../helpers/peers.js'
import { launchBrowserFor, waitEditable, WAIT_MS, type ServerBrowser } from '../helpers/browser.js'
import { startServer, waitFor, type RunningServer } from '../helpers/server.js'

let server: RunningServer
let browser: ServerBrowser
let convener: Session
const cleanups: (() => unknown)[] = []

beforeAll(async () => {
  server = await startServer({ args: ['--demo'] })
  convener = await login(server, 'zuzhang')
  browser = await launchBrowserFor(server, { viewport: { width: 1280, height: 900 } })
})

afterEach(async () => {
  await browser?.closeContexts()
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

afterAll(async () => {
  await browser?.close()
  await server?.kill()
})

/** A draft made from the 建议案 template, as the convener creates it. */
async function templatedDraft(title: string): Promise<string> {
  const { groupId } = await demoGroup(convener)
  const doc = await convener.json<{ id: string }>('/documents', {
    method: 'POST',
    body: JSON.stringify({ title, groupId, template: 'jianyian' }),
    expect: 201,
  })
  return doc.id
}

/** A browser profile of its own, signed in as `username`, caret colour chosen, with the user's id. */
async function signedInContext(username: string, color: string): Promise<{ context: BrowserContext; userId: string }> {
  const session = await login(server, username)
  return { context: await browser.signedInContext(session, color), userId: session.userId }
}

async function openEditor(context: BrowserContext, docId: string): Promise<Page> {
  const page = await browser.openPage(context, `/d/${docId}`)
  await waitEditable(page)
  return page
}

/** An official y-websocket client as a third member: what it holds is what the server relayed. */
function observer(docId: string): Peer {
  const peer = connectPeer(server.wsUrl, docId, { headers: { cookie: convener.cookie } })
  cleanups.push(() => peer.destroy())
  return peer
}

const textOf = (peer: Peer) =>
  plainText(yXmlFragmentToProsemirrorJSON(peer.doc.getXmlFragment(contentField)) as JsonNode)

/** Types at the end of the first paragraph (the prompt under 一、基本情况). */
async function typeInFirstParagraph(page: Page, text: string): Promise<void> {
  await page.getByTestId('editor-content').locator('p').first().click()
  await page.keyboard.press('End')
  await page.keyboard.type(text)
}

/** How many updates the page's local copy of the document holds in IndexedDB. */
function storedUpdates(page: Page, name: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const request = indexedDB.open(name)
        request.onerror = () => reject(request.error)
        request.onsuccess = () => {
          const db = request.result
          const count = db.transaction('updates').objectStore('updates').count()
          count.onsuccess = () => {
            resolve(count.result)
            db.close()
          }
          count.onerror = () => reject(count.error)
        }
      }),
    name,
  )
}

describe('editing offline', () => {
  it('keeps typing while offline, says so, and the others receive the text once the network is back', async () => {
    const docId = await templatedDraft('关于推进数字乡村建设的建议案')
    const watcher = observer(docId)
    await waitSynced([watcher])

    const li = await signedInContext('chengyuan1', '#2471a3')
    const zhang = await signedInContext('chengyuan2', '#1e8449')
    const liPage = await openEditor(li.context, docId)
    const zhangPage = await openEditor(zhang.context, docId)
    await zhangPage.getByTestId('presence-list').getByText('李委员').waitFor()
    // The template's sections are numbered by the editor, not typed.
    await expect
      .poll(() => liPage.locator('h1').first().getAttribute('data-heading-number'), { timeout: WAIT_MS })
      .toBe('一、')

    await li.context.setOffline(true)
    const status = liPage.getByTestId('connection-status')
    await status.filter({ hasText: '离线' }).waitFor()
    expect(await status.getAttribute('data-state')).toBe('offline')
    await liPage.getByTestId('offline-notice').filter({ hasText: '离线编辑，恢复连接后自动同步' }).waitFor()
    // The provider really let go of its socket: it forgot the others who were here (and, below, nothing it types arrives).
    await expect
      .poll(() => liPage.getByTestId('presence-list').getByText('张委员').count(), { timeout: WAIT_MS })
      .toBe(0)

    const offlineText = '离线时补充：已建成高标准农田48.6万亩。'
    await typeInFirstParagraph(liPage, offlineText)
    await liPage.getByTestId('editor-content').getByText(offlineText, { exact: false }).waitFor()

    // 张委员 writes meanwhile; once the server relayed that, it would have relayed 李委员's text too, had it been sent.
    const onlineText = '在线时补充：管护经费已纳入预算。'
    await zhangPage.getByTestId('editor-content').locator('p').nth(1).click()
    await zhangPage.keyboard.press('End')
    await zhangPage.keyboard.type(onlineText)
    await waitFor(() => textOf(watcher).includes(onlineText), 'the observer to receive the online text', WAIT_MS)
    expect(textOf(watcher)).not.toContain(offlineText)
    expect(await zhangPage.getByTestId('editor-content').textContent()).not.toContain(offlineText)
    expect(await liPage.getByTestId('editor-content').textContent()).not.toContain(onlineText)

    await li.context.setOffline(false)
    await status.filter({ hasText: '已连接' }).waitFor()
    await zhangPage.getByTestId('editor-content').getByText(offlineText, { exact: false }).waitFor()
    await liPage.getByTestId('editor-content').getByText(onlineText, { exact: false }).waitFor()
    await waitFor(() => textOf(watcher).includes(offlineText), 'the observer to receive the offline text', WAIT_MS)
    expect(await liPage.getByTestId('offline-notice').count()).toBe(0)
    expect(browser.pageErrors).toEqual([])
  })

  it('keeps what was typed offline in this browser, per user, and sends it when the draft is opened again online', async () => {
    const docId = await templatedDraft('关于加强耕地保护的建议案')
    const watcher = observer(docId)
    await waitSynced([watcher])
    const li = await signedInContext('chengyuan1', '#2471a3')
    const page = await openEditor(li.context, docId)
    const localCopy = `jianyi:${li.userId}:${docId}`
    await expect
      .poll(() => page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name)), { timeout: WAIT_MS })
      .toContain(localCopy)

    await li.context.setOffline(true)
    await page.getByTestId('offline-notice').waitFor()
    const before = await storedUpdates(page, localCopy)
    const offlineText = '关闭页面前写下的内容。'
    await typeInFirstParagraph(page, offlineText)
    // Every keystroke is one more update in IndexedDB; the last one is written once the count stops short of none.
    await expect
      .poll(() => storedUpdates(page, localCopy), { timeout: WAIT_MS })
      .toBeGreaterThanOrEqual(before + offlineText.length)
    await page.close()
    expect(textOf(watcher)).not.toContain(offlineText)

    await li.context.setOffline(false)
    const reopened = await openEditor(li.context, docId)
    await reopened.getByTestId('editor-content').getByText(offlineText, { exact: false }).waitFor()
    await waitFor(
      () => textOf(watcher).includes(offlineText),
      'the observer to receive the text typed offline',
      WAIT_MS,
    )

    // Another account in the same browser has a copy of its own.
    const names = await reopened.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''))
    expect(names.filter((name) => name.endsWith(`:${docId}`))).toEqual([localCopy])
    expect(browser.pageErrors).toEqual([])
  })
})

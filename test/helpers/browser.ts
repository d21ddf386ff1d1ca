/**
 * Debian's Chromium through playwright-core, for the browser tests; never a downloaded browser. Also
 * the steps every browser test repeats: a profile for the test server, signed in or not, a page
 * whose errors are recorded, an editor that may be typed in.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { colorStorageKey } from '../../client/collab/identity.js'
import { ensureClientBuilt } from '../../server/builds.js'
import { demoPassword, login, type Session } from './accounts.js'
import type { RunningServer } from './server.js'

export const CHROMIUM = '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Upper bound for any one awaited condition; every wait polls, none sleeps. */
export const WAIT_MS = 15_000

/**
 * Makes sure the client is built and starts Chromium. A missing browser fails loudly: skipping
 * would let CI pass without testing the UI.
 */
async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is required for the browser tests but ${CHROMIUM} does not exist (apt-get install chromium)`,
    )
  }
  await ensureClientBuilt()
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
}

export interface ServerBrowserOptions {
  /** Each suite keeps the window its layout (and its mouse positions) was written for. */
  viewport: { width: number; height: number }
  acceptDownloads?: boolean
  /** Also records every alert, confirm or prompt in `pageErrors`: the app asks in dialogs of its own. */
  failOnDialogs?: boolean
  /** The browser's own time zone (an IANA name), for a reader abroad; unset: the machine's. */
  timezoneId?: string
}

/** Chromium pointed at one test server: the profiles and pages a suite opens there, and what went wrong on them. */
export class ServerBrowser {
  /**
   * Uncaught errors of every page opened through `openPage`, for each test to expect empty at its
   * end: a test that passes while React throws is not passing.
   */
  readonly pageErrors: string[] = []
  private readonly contexts: BrowserContext[] = []

  constructor(
    private readonly browser: Browser,
    private readonly server: RunningServer,
    private readonly options: ServerBrowserOptions,
  ) {}

  /** A browser profile of its own (its own cookies and localStorage) whose relative URLs go to the server. */
  async newContext(): Promise<BrowserContext> {
    const { viewport, acceptDownloads, timezoneId } = this.options
    const context = await this.browser.newContext({ baseURL: this.server.url, viewport, acceptDownloads, timezoneId })
    context.setDefaultTimeout(WAIT_MS)
    this.contexts.push(context)
    return context
  }

  /**
   * A profile already signed in as `user` (a username of the demo password, or a session), with the
   * session's cookie from the API and the caret colour already chosen, so that neither the login
   * form nor the first-visit colour question stands in the way.
   */
  async signedInContext(user: string | Session, color: string): Promise<BrowserContext> {
    const session = typeof user === 'string' ? await login(this.server, user) : user
    const context = await this.newContext()
    const [name, value] = session.cookie.split('=')
    await context.addCookies([{ name, value, url: this.server.url }])
    await context.addInitScript(({ key, value }) => localStorage.setItem(key, value), {
      key: colorStorageKey(session.userId),
      value: color,
    })
    return context
  }

  /** Opens `path` in a new page of `context`, having set it to record its errors first. */
  async openPage(context: BrowserContext, path: string): Promise<Page> {
    const page = await context.newPage()
    page.on('pageerror', (error) => this.pageErrors.push(`${page.url()}: ${error.message}`))
    if (this.options.failOnDialogs) {
      page.on('dialog', (dialog) => {
        this.pageErrors.push(`${page.url()}: a ${dialog.type()} opened: ${dialog.message()}`)
        void dialog.dismiss()
      })
    }
    await page.goto(path)
    return page
  }

  /** Closes every profile opened so far, so that one test's open editors do not linger into the next. */
  async closeContexts(): Promise<void> {
    for (const context of this.contexts.splice(0)) await context.close()
  }

  async close(): Promise<void> {
    await this.browser.close()
  }
}

/** Starts Chromium (see `launchBrowser`) for the pages of one test server. */
export async function launchBrowserFor(server: RunningServer, options: ServerBrowserOptions): Promise<ServerBrowser> {
  return new ServerBrowser(await launchBrowser(), server, options)
}

/** Fills in and submits the login form that a signed-out page shows. */
export async function submitLoginForm(page: Page, username: string, password = demoPassword): Promise<void> {
  const form = page.getByTestId('login-form')
  await form.getByRole('textbox', { name: '用户名' }).fill(username)
  await form.getByLabel('密码').fill(password)
  await form.getByRole('button', { name: '登录' }).click()
}

/** Waits until the page is connected and the server has said that this user may type. */
export async function waitEditable(page: Page): Promise<void> {
  await page.getByTestId('connection-status').filter({ hasText: '已连接' }).waitFor()
  await page.locator('[data-testid="editor-content"][contenteditable="true"]').waitFor()
}

/**
 * Types `text` into the focused field as a Chinese input method does: a composition first (the
 * pinyin being chosen), then the chosen characters committed, through Chromium's own input
 * pipeline (CDP), so the page sees the composition events a person's typing brings.
 */
export async function typeWithInputMethod(page: Page, text: string, pinyin = 'zhongwen'): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  try {
    for (let i = 1; i <= pinyin.length; i++) {
      const composing = pinyin.slice(0, i)
      await cdp.send('Input.imeSetComposition', {
        text: composing,
        selectionStart: composing.length,
        selectionEnd: composing.length,
      })
    }
    await cdp.send('Input.insertText', { text })
  } finally {
    await cdp.detach()
  }
}

/** Selects `text` in the editor with the mouse, as a person would: press before its first character, release after its last. */
export async function selectWithMouse(page: Page, text: string): Promise<void> {
  const content = page.getByTestId('editor-content')
  await content.getByText(text, { exact: false }).first().waitFor()
  const box = await content.evaluate((root, wanted) => {
    // The words may run over several text nodes (highlights of other threads split them).
    const nodes: { node: Text; start: number }[] = []
    let text = ''
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push({ node: node as Text, start: text.length })
      text += node.textContent
    }
    const at = text.indexOf(wanted)
    if (at < 0) return null
    // Mouse events reach only what is on screen.
    nodes.findLast((n) => n.start <= at)!.node.parentElement!.scrollIntoView({ block: 'center' })
    const charRect = (index: number) => {
      const { node, start } = nodes.findLast((n) => n.start <= index)!
      const range = document.createRange()
      range.setStart(node, index - start)
      range.setEnd(node, index - start + 1)
      return range.getBoundingClientRect()
    }
    const first = charRect(at)
    const last = charRect(at + wanted.length - 1)
    return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 }
  }, text)
  if (!box) throw new Error(`"${text}" is not in the editor`)
  await page.mouse.move(box.x1, box.y1)
  await page.mouse.down()
  await page.mouse.move(box.x2, box.y2, { steps: 5 })
  await page.mouse.up()
  const selected = await page.evaluate(() => getSelection()?.toString())
  if (selected !== text) throw new Error(`selected "${selected}" instead of "${text}"`)
}

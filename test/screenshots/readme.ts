/**
 * `npx tsx test/screenshots/readme.ts`: the README's picture (docs/screenshot.png), taken from the
 * app as it is: a demo server, two members of the research group editing the sample draft side by
 * side, each seeing the other's caret. Run it again whenever the editor page changes.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { launchBrowserFor, waitEditable } from '../helpers/browser.js'
import { login, demoGroup } from '../helpers/accounts.js'
import { repoRoot, startServer } from '../helpers/server.js'

const half = { width: 960, height: 860 }

const server = await startServer({ args: ['--demo'] })
const browser = await launchBrowserFor(server, { viewport: half })
try {
  const convener = await login(server, 'zuzhang')
  const { sampleDocId } = await demoGroup(convener)
  const pages = []
  for (const [user, color] of [
    ['chengyuan1', '#1a7f5a'],
    ['zuzhang', '#d35400'],
  ] as const) {
    const page = await browser.openPage(await browser.signedInContext(user, color), `/d/${sampleDocId}`)
    await waitEditable(page)
    pages.push(page)
  }
  // Each puts the caret somewhere in the text, so that the other sees a named caret there.
  const [left, right] = pages
  await left.locator('[data-testid="editor-content"] h2').nth(0).click()
  await left.keyboard.press('End')
  await right.locator('[data-testid="editor-content"] p').nth(1).click()
  await right.keyboard.press('End')
  for (const page of pages) await page.locator('.collaboration-carets__caret').first().waitFor()
  const shots = await Promise.all(pages.map((page) => page.screenshot()))
  // Side by side, with a rule between them, as one image.
  const board = await browser.openPage(await browser.newContext(), '/')
  await board.setViewportSize({ width: half.width * 2 + 2, height: half.height })
  await board.setContent(
    `<body style="margin:0;display:flex;gap:2px;background:#444">${shots
      .map((png) => `<img src="data:image/png;base64,${png.toString('base64')}" width="${half.width}">`)
      .join('')}</body>`,
  )
  await board.waitForFunction(() => [...document.images].every((img) => img.complete))
  const out = join(repoRoot, 'docs', 'screenshot.png')
  writeFileSync(out, await board.screenshot())
  console.log(`wrote ${out}`)
  if (browser.pageErrors.length > 0) throw new Error(`errors on the pages: ${browser.pageErrors.join('\n')}`)
} finally {
  await browser.close()
  await server.kill()
}

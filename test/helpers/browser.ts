/** Debian's Chromium through playwright-core, for the browser tests; never a downloaded browser. */
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'
import { ensureClientBuilt } from '../../server/client-build.js'

export const CHROMIUM = '/usr/bin/chromium'
const CHROMIUM_ARGS = [
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
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is required for the browser tests but ${CHROMIUM} does not exist (apt-get install chromium)`)
  }
  await ensureClientBuilt()
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
}

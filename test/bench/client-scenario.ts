/**
 * `npm run bench -- --scenario client`: the editor page against a bare React + TipTap + Yjs app
 * (bare-app/), both built in this run with the same Vite and served by our server (the same
 * precompressed files, the same collaboration socket), on the same 100,000-character draft in
 * headless Chromium. Measured from the browser: the JavaScript downloaded to open the draft
 * (compressed bytes on the wire, from the network events), navigation → draft fully shown,
 * keystroke → next frame at the end of the draft, remote edit → DOM, and the JS heap after load;
 * then, on ours, keystroke → next frame in 修订 against 编辑 mode with 200 open suggestions (issue 15).
 * Reported as ours / bare against the targets of issue 14; never a timed assertion.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core'
import * as Y from 'yjs'
import { colorStorageKey } from '../../client/collab/identity.js'
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/browser.js'
import { waitSynced, type Peer } from '../helpers/peers.js'
import { api } from './api.js'
import type { Cleanup } from './cleanup.js'
import { buildClients, type ClientBuild } from './client-builds.js'
import { installProbes, type PageBench, type ShownCondition } from './client-probes.js'
import {
  createDemoDraft,
  paragraphsOf,
  signInDemo,
  startDemoServer,
  writeBlocks,
  type DraftBlock,
} from './demo-draft.js'
import type { BenchFlags } from './flags.js'
import { setNiceness } from './niceness.js'
import { met, ms, percentile, ratio } from './report.js'
import type { OurInstance } from './targets.js'

/** The draft of issue 14: 300 blocks (every tenth a heading), 100,000 characters, 200 threads on ours. */
const BLOCKS = 300
const CHARS = 100_000
const HEADING_CHARS = 20
const THREADS = 200
const VIEWPORT = { width: 1280, height: 900 }
const KEY_WARMUP = 20
const REMOTE_WARMUP = 10
/** Keystrokes and remote edits are taken in slices, the two apps in turn, so a busy spell hits both. */
const SLICE = 20

/** ours / bare at most, per row (issue 14). */
const targets = { js: 1.15, shown: 1.2, keyP50: 1.15, keyP95: 1.15, remoteP95: 1.2, heap: 2 }

declare global {
  interface Window {
    __bench: PageBench
    __benchColor?: string
  }
}

const comments = [
  '这里的表述需要再斟酌，建议补充近三年的具体数据。',
  '同意，建议与财政局的口径保持一致。',
  '此处数据来源请注明，是否为统计年鉴口径？',
  '建议改为“稳步提升”，避免绝对化表述。',
]

/** Markers a remote edit appends: two 汉字, different for every edit of a run. */
const markerChars = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥'
const marker = (n: number) =>
  markerChars[Math.floor(n / markerChars.length) % markerChars.length] + markerChars[n % markerChars.length]

/**
 * The blocks of the draft: a heading (level 1 every thirtieth block, else 2) every tenth block, the
 * rest paragraphs that make up 100,000 characters; every ninth paragraph has one half-width comma
 * among its 汉字, which proofreading underlines.
 */
export function draftBlocks(): DraftBlock[] {
  const headings = BLOCKS / 10
  const paragraphs = BLOCKS - headings
  const body = CHARS - headings * HEADING_CHARS
  const base = Math.floor(body / paragraphs)
  const longer = body - base * paragraphs
  const headingTexts = paragraphsOf(headings, HEADING_CHARS, 7)
  const longTexts = paragraphsOf(paragraphs, base + 1, 3)
  const blocks: DraftBlock[] = []
  let p = 0
  for (let i = 0; i < BLOCKS; i++) {
    if (i % 10 === 0) {
      blocks.push({ text: headingTexts[i / 10], level: i % 30 === 0 ? 1 : 2 })
      continue
    }
    let text = longTexts[p].slice(0, p < longer ? base + 1 : base)
    if (p % 9 === 4) text = `${text.slice(0, 50)},${text.slice(51)}`
    blocks.push({ text })
    p++
  }
  return blocks
}

/** Anchor over characters `from`–`to` of a block's text, as the editor makes one. */
function anchor(text: Y.XmlText, from: number, to: number): { start: string; end: string } {
  const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64')
  return {
    start: encode(Y.createRelativePositionFromTypeIndex(text, from, 0)),
    end: encode(Y.createRelativePositionFromTypeIndex(text, to, -1)),
  }
}

interface App {
  name: 'bare' | 'ours'
  build: ClientBuild
  instance: OurInstance
  docId: string
  /** The reader's session cookie (chengyuan1), and their user id (ours asks for a caret colour per user). */
  cookie: string
  userId: string
  condition: ShownCondition
  /** A peer of another member on the draft, which makes the remote edits. */
  peer?: Peer
  /** Sessions of two other people, who propose the suggestions (修订) on ours. */
  suggesters: string[]
}

interface Load {
  shownMs: number
  /** Scripts fetched until the page was shown and idle: URL path and bytes on the wire (headers included). */
  scripts: { path: string; wireBytes: number; encoding: string }[]
  heapBytes: number
}

async function prepareApp(
  name: App['name'],
  build: ClientBuild,
  flags: BenchFlags,
  blocks: DraftBlock[],
  cleanup: Cleanup,
): Promise<App> {
  // With --profile, each server writes its own CPU profile at exit (ours-<pid>.cpuprofile): the
  // server's share of a load (the thread list's answer) is read there, cut by the timeline's clock.
  const instance = await startDemoServer(
    { nice: flags.nice, env: { CLIENT_DIR: build.dir }, profileDir: flags.profileDir },
    cleanup,
  )
  const [convener, member1, member2] = await Promise.all(
    ['zuzhang', 'chengyuan1', 'chengyuan2'].map((u) => signInDemo(instance, u)),
  )
  const docId = await createDemoDraft(instance, convener, '关于完善高标准农田建后管护机制的建议案')
  const writer = await writeBlocks(instance, docId, member2, blocks, cleanup)
  let threads = 0
  if (name === 'ours') {
    const fragment = writer.doc.getXmlFragment('default')
    const paragraphs = fragment.toArray().filter((el) => el instanceof Y.XmlElement && el.nodeName === 'paragraph')
    const authors = [member1, member2, convener]
    for (let i = 0; i < THREADS; i += 4) {
      await Promise.all(
        [0, 1, 2, 3].map(async (k) => {
          const n = i + k
          const text = (paragraphs[Math.floor((n * paragraphs.length) / THREADS)] as Y.XmlElement).get(0) as Y.XmlText
          const body = { anchor: anchor(text, 10, 14 + (n % 6)), body: comments[n % comments.length] }
          await api(instance.server, 'POST', `/documents/${docId}/threads`, body, 201, authors[n % 3])
        }),
      )
    }
    threads = THREADS
  }
  const { body: me } = await api<{ user: { id: string } }>(instance.server, 'GET', '/auth/me', undefined, 200, member1)
  const peer = writer
  await waitSynced([peer])
  return {
    name,
    build,
    instance,
    docId,
    cookie: member1,
    userId: me.user.id,
    condition: { blocks: blocks.length, lastText: blocks.at(-1)!.text, highlights: threads },
    peer,
    suggesters: [member2, convener],
  }
}

/** A fresh browser profile (empty cache and IndexedDB) signed in to the app's server. */
async function contextFor(browser: Browser, app: App): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: app.instance.server.url, viewport: VIEWPORT })
  const [name, value] = app.cookie.split('=')
  await context.addCookies([{ name, value, url: app.instance.server.url }])
  // Ours asks a first-time visitor for a caret colour: answered beforehand, as a returning member would have.
  await context.addInitScript(({ key, value }) => localStorage.setItem(key, value), {
    key: colorStorageKey(app.userId),
    value: '#1f6feb',
  })
  // tsx names functions with a __name helper that the page does not have: the source is wrapped with one.
  await context.addInitScript({
    content: `(() => { const __name = (f) => f; (${installProbes.toString()})(${JSON.stringify(app.condition)}) })()`,
  })
  return context
}

/**
 * Opens the draft in a fresh profile and measures the load; the page stays open. With `trace`, a
 * CPU profile of the load is written there (.cpuprofile) and a timeline of its requests and
 * socket frames (.txt): where the time between navigation and the draft shown goes.
 */
async function openDraft(
  browser: Browser,
  app: App,
  trace?: string,
): Promise<{ page: Page; cdp: CDPSession; load: Load }> {
  const context = await contextFor(browser, app)
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  const timeline: { at: number; what: string }[] = []
  if (trace) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    await cdp.send('Profiler.start')
    const note = (at: number, what: string) => timeline.push({ at: at * 1000, what })
    const urls = new Map<string, string>()
    cdp.on('Network.requestWillBeSent', ({ requestId, timestamp, request }) => {
      urls.set(requestId, new URL(request.url).pathname)
      note(timestamp, `request ${new URL(request.url).pathname}`)
    })
    cdp.on('Network.responseReceived', ({ requestId, timestamp }) => note(timestamp, `response ${urls.get(requestId)}`))
    cdp.on('Network.loadingFinished', ({ requestId, timestamp, encodedDataLength }) =>
      note(timestamp, `finished ${urls.get(requestId)} ${encodedDataLength} B`),
    )
    cdp.on('Network.webSocketCreated', ({ url }) => timeline.push({ at: NaN, what: `socket created ${url}` }))
    cdp.on('Network.webSocketHandshakeResponseReceived', ({ timestamp }) => note(timestamp, 'socket open'))
    cdp.on('Network.webSocketFrameSent', ({ timestamp, response }) =>
      note(timestamp, `socket sent ${response.payloadData.length} chars`),
    )
    cdp.on('Network.webSocketFrameReceived', ({ timestamp, response }) =>
      note(timestamp, `socket received ${response.payloadData.length} chars`),
    )
  }
  const requests = new Map<string, { path: string; encoding: string }>()
  const finished: Load['scripts'] = []
  cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
    if (type !== 'Script') return
    const encoding = Object.entries(response.headers).find(([h]) => h.toLowerCase() === 'content-encoding')?.[1]
    requests.set(requestId, { path: new URL(response.url).pathname, encoding: encoding ?? 'identity' })
  })
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const request = requests.get(requestId)
    if (request) finished.push({ ...request, wireBytes: encodedDataLength })
  })
  await page.goto(`/d/${app.docId}`)
  const shownMs = await page.evaluate(() => window.__bench.shown())
  if (trace) {
    const { profile } = await cdp.send('Profiler.stop')
    writeFileSync(`${trace}.cpuprofile`, JSON.stringify(profile))
    const first = Math.min(...timeline.map((e) => e.at).filter((at) => !Number.isNaN(at)))
    const lines = timeline.map(
      (e) => `${Number.isNaN(e.at) ? '?' : (e.at - first).toFixed(1).padStart(8)} ms  ${e.what}`,
    )
    // CDP's timestamps and a V8 CPU profile's are both the machine's monotonic clock: the server's
    // profile (ours-<pid>.cpuprofile) is cut at this instant to line it up with the timeline.
    const clock = `navigation start at ${(first * 1000).toFixed(0)} µs of the monotonic clock (server ${app.instance.pid})`
    writeFileSync(
      `${trace}.txt`,
      [clock, ...lines, `shown at ${shownMs.toFixed(1)} ms after navigation start`].join('\n'),
    )
  }
  await page.evaluate(() => window.__bench.idle())
  await page.evaluate(() => window.__bench.idle())
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  return { page, cdp, load: { shownMs, scripts: [...finished], heapBytes: usedSize } }
}

const median = (values: number[]) => percentile(values, 50)
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

/** Puts the caret at the end of the draft once the page may be typed in. */
async function caretAtEnd(page: Page): Promise<void> {
  await page.locator('.ProseMirror[contenteditable="true"]').waitFor({ timeout: 30_000 })
  await page.waitForFunction(() => window.__jianyi !== undefined)
  await page.evaluate(() => window.__jianyi!.editor.commands.focus('end'))
  await page.evaluate(() => window.__bench.idle())
}

/** Types `count` letters at the caret, one at a time from an idle page; the samples in ms. */
async function typeKeys(page: Page, count: number): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < count; i++) {
    const n = await page.evaluate(() => window.__bench.keys.length)
    await page.keyboard.press('KeyA')
    samples.push(await page.evaluate((k) => window.__bench.key(k), n))
    await page.evaluate(() => window.__bench.idle())
  }
  return samples
}

/** Open suggestions (修订) on ours for the 修订 / 编辑 comparison (issue 15). */
const SUGGESTIONS = 200

/**
 * Keystroke → next frame on ours in 编辑 and in 修订 mode, with SUGGESTIONS open suggestions by two
 * other people painted in the draft: slices of keys taken in turn, each from the end of the draft.
 * In 修订 the keys grow one suggestion of the reader's, as a person typing a proposal does.
 */
async function suggestingKeys(page: Page, app: App, keys: number): Promise<{ edit: number[]; suggest: number[] }> {
  const fragment = app.peer!.doc.getXmlFragment('default')
  const paragraphs = fragment.toArray().filter((el) => el instanceof Y.XmlElement && el.nodeName === 'paragraph')
  for (let i = 0; i < SUGGESTIONS; i += 4) {
    await Promise.all(
      [0, 1, 2, 3].map(async (k) => {
        const n = i + k
        const text = (paragraphs[Math.floor((n * paragraphs.length) / SUGGESTIONS)] as Y.XmlElement).get(0) as Y.XmlText
        const body = { anchor: anchor(text, 20, 24), insert: '进一步' }
        await api(app.instance.server, 'POST', `/documents/${app.docId}/suggestions`, body, 201, app.suggesters[n % 2])
      }),
    )
  }
  await page.waitForFunction(
    (count) => document.querySelectorAll('.ProseMirror [class*="suggestion"]').length >= count,
    SUGGESTIONS,
    { timeout: 60_000 },
  )
  const samples = { edit: [] as number[], suggest: [] as number[] }
  const typeIn = async (mode: 'edit' | 'suggest', count: number) => {
    await page.evaluate((m) => window.__jianyi!.setMode(m), mode)
    await caretAtEnd(page)
    return typeKeys(page, count)
  }
  await typeIn('edit', KEY_WARMUP)
  await typeIn('suggest', KEY_WARMUP)
  for (let done = 0, round = 0; done < keys; done += SLICE, round++) {
    const count = Math.min(SLICE, keys - done)
    const order: ('edit' | 'suggest')[] = round % 2 === 0 ? ['edit', 'suggest'] : ['suggest', 'edit']
    for (const mode of order) samples[mode].push(...(await typeIn(mode, count)))
  }
  await page.evaluate(() => window.__jianyi!.setMode('edit'))
  return samples
}

/** `count` remote edits through the app's peer, each two 汉字 at the end of the draft; latencies in ms. */
async function remoteEdits(page: Page, app: App, first: number, count: number): Promise<number[]> {
  const fragment = app.peer!.doc.getXmlFragment('default')
  const latencies: number[] = []
  for (let i = first; i < first + count; i++) {
    const text = (fragment.get(fragment.length - 1) as Y.XmlElement).get(0) as Y.XmlText
    const mark = marker(i)
    await page.evaluate((m) => window.__bench.armRemote(m), mark)
    const sent = performance.timeOrigin + performance.now()
    text.insert(text.length, mark)
    const seen = await page.evaluate(() => window.__bench.remoteSeen())
    latencies.push(seen - sent)
    await page.evaluate(() => window.__bench.idle())
  }
  return latencies
}

/** Every process below this one (the servers, Chromium and its helpers): /proc's parent links. */
function descendants(root: number): number[] {
  const parents = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      // The process ended meanwhile.
    }
  }
  const found: number[] = []
  const visit = (pid: number) => {
    for (const [child, parent] of parents) {
      if (parent === pid) {
        found.push(child)
        visit(child)
      }
    }
  }
  visit(root)
  return found
}

function renice(nice: number | undefined): void {
  if (nice === undefined) return
  for (const pid of [process.pid, ...descendants(process.pid)]) {
    try {
      setNiceness(pid, nice)
    } catch {
      // A helper process that ended meanwhile.
    }
  }
}

async function profileWhile<T>(cdp: CDPSession, file: string | null, run: () => Promise<T>): Promise<T> {
  if (!file) return run()
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.start')
  try {
    return await run()
  } finally {
    const { profile } = await cdp.send('Profiler.stop')
    writeFileSync(file, JSON.stringify(profile))
  }
}

export async function clientScenario(flags: BenchFlags, cleanup: Cleanup): Promise<void> {
  console.log(
    `bench client: Jianyi's editor page against a bare React + TipTap + Yjs app, both built now with the same Vite` +
      ` and served by our server; a draft of ${BLOCKS} blocks, ${CHARS} characters (${THREADS} comment threads on ours);` +
      ` ${flags.loads} loads, ${flags.keys} keystrokes and ${flags.remoteEdits} remote edits per app, headless Chromium`,
  )
  const builds = await buildClients(cleanup)
  for (const [name, build] of Object.entries(builds)) {
    console.log(
      `built ${name}: ${build.scripts.length} scripts, ${kB(sum(build.scripts.map((s) => s.bytes)))}` +
        ` (${kB(sum(build.scripts.map((s) => s.brotliBytes)))} brotli) in all`,
    )
  }
  const blocks = draftBlocks()
  const bare = await prepareApp('bare', builds.bare, flags, blocks, cleanup)
  const ours = await prepareApp('ours', builds.ours, flags, blocks, cleanup)
  const apps = [bare, ours]
  console.log(`servers: bare on ${bare.instance.server.url}, ours on ${ours.instance.server.url}; drafts written`)

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  cleanup.add('closing Chromium', () => browser.close())
  renice(flags.nice)
  if (flags.nice !== undefined) console.log(`servers, Chromium and the bench run at niceness ${flags.nice}`)
  const profileDir = flags.profileDir ? resolve(flags.profileDir) : null
  if (profileDir) mkdirSync(profileDir, { recursive: true })

  // One unmeasured load each warms the servers (the rooms are opened from disk) and the browser.
  for (const app of apps) await (await openDraft(browser, app)).page.context().close()
  if (profileDir) {
    for (const app of apps)
      await (await openDraft(browser, app, join(profileDir, `client-load-${app.name}`))).page.context().close()
  }
  const loads = new Map<App, Load[]>(apps.map((a) => [a, []]))
  for (let round = 0; round < flags.loads; round++) {
    const order = round % 2 === 0 ? apps : [...apps].reverse()
    for (const app of order) {
      const { page, load } = await openDraft(browser, app)
      await page.context().close()
      loads.get(app)!.push(load)
    }
  }

  // Typing and remote edits on one open page per app, in slices taken in turn.
  const pages = new Map<App, { page: Page; cdp: CDPSession }>()
  for (const app of apps) {
    const opened = await openDraft(browser, app)
    renice(flags.nice)
    await caretAtEnd(opened.page)
    pages.set(app, opened)
  }
  const keys = new Map<App, number[]>(apps.map((a) => [a, []]))
  for (const app of apps) await typeKeys(pages.get(app)!.page, KEY_WARMUP)
  for (let done = 0, round = 0; done < flags.keys; done += SLICE, round++) {
    const order = round % 2 === 0 ? apps : [...apps].reverse()
    for (const app of order) {
      const { page, cdp } = pages.get(app)!
      const file = profileDir && done === 0 ? join(profileDir, `client-keys-${app.name}.cpuprofile`) : null
      keys.get(app)!.push(...(await profileWhile(cdp, file, () => typeKeys(page, Math.min(SLICE, flags.keys - done)))))
    }
  }
  const remote = new Map<App, number[]>(apps.map((a) => [a, []]))
  for (const app of apps) await remoteEdits(pages.get(app)!.page, app, 0, REMOTE_WARMUP)
  for (let done = 0, round = 0; done < flags.remoteEdits; done += SLICE, round++) {
    const order = round % 2 === 0 ? apps : [...apps].reverse()
    for (const app of order) {
      const count = Math.min(SLICE, flags.remoteEdits - done)
      const { page, cdp } = pages.get(app)!
      const file = profileDir && done === 0 ? join(profileDir, `client-remote-${app.name}.cpuprofile`) : null
      remote
        .get(app)!
        .push(...(await profileWhile(cdp, file, () => remoteEdits(page, app, REMOTE_WARMUP + done, count))))
    }
  }
  const suggesting = await suggestingKeys(pages.get(ours)!.page, ours, flags.keys)
  for (const app of apps) {
    app.peer?.destroy()
    if (!app.instance.running()) throw new Error(`the ${app.name} server exited:\n${app.instance.server.output()}`)
  }

  const figures = (app: App) => {
    const appLoads = loads.get(app)!
    const jsBytes = appLoads.map((l) => sum(l.scripts.map((s) => s.wireBytes)))
    return {
      js: median(jsBytes),
      scripts: appLoads.at(-1)!.scripts,
      shown: median(appLoads.map((l) => l.shownMs)),
      heap: median(appLoads.map((l) => l.heapBytes)),
      keyP50: percentile(keys.get(app)!, 50),
      keyP95: percentile(keys.get(app)!, 95),
      remoteP50: percentile(remote.get(app)!, 50),
      remoteP95: percentile(remote.get(app)!, 95),
    }
  }
  const b = figures(bare)
  const o = figures(ours)
  for (const [name, f] of [
    ['bare', b],
    ['ours', o],
  ] as const) {
    console.log(
      `\n${name}: scripts on opening the draft: ` +
        f.scripts.map((s) => `${s.path.replace(/^\/assets\//, '')} ${kB(s.wireBytes)} (${s.encoding})`).join(', '),
    )
  }
  const row = (label: string, bv: number, ov: number, show: (n: number) => string, target: number | null) =>
    `| ${label} | ${show(bv)} | ${show(ov)} | ${ratio(ov, bv)} | ${target === null ? '—' : `≤ ${target}`} | ${target === null ? '—' : met(ov / bv <= target)} |`
  console.log(
    [
      '',
      `| measure (loads: median of ${flags.loads}; ${flags.keys} keystrokes, ${flags.remoteEdits} remote edits) | bare | ours | ours / bare | target | met |`,
      '| --- | ---: | ---: | ---: | ---: | :---: |',
      row('initial JavaScript, compressed on the wire', b.js, o.js, kB, targets.js),
      row('navigation → draft fully shown (ms)', b.shown, o.shown, ms, targets.shown),
      row('keystroke → next frame p50 (ms)', b.keyP50, o.keyP50, ms, targets.keyP50),
      row('keystroke → next frame p95 (ms)', b.keyP95, o.keyP95, ms, targets.keyP95),
      row('remote edit → DOM p50 (ms)', b.remoteP50, o.remoteP50, ms, null),
      row('remote edit → DOM p95 (ms)', b.remoteP95, o.remoteP95, ms, targets.remoteP95),
      row('JS heap after load, after GC', b.heap, o.heap, (n) => `${(n / 1024 / 1024).toFixed(1)} MB`, targets.heap),
    ].join('\n'),
  )
  const [e50, s50, e95, s95] = [
    percentile(suggesting.edit, 50),
    percentile(suggesting.suggest, 50),
    percentile(suggesting.edit, 95),
    percentile(suggesting.suggest, 95),
  ]
  console.log(
    [
      '',
      `| ours with ${SUGGESTIONS} open suggestions (${flags.keys} keystrokes per mode, slices taken in turn) | 编辑 | 修订 | 修订 / 编辑 | target | met |`,
      '| --- | ---: | ---: | ---: | ---: | :---: |',
      `| keystroke → next frame p50 (ms) | ${ms(e50)} | ${ms(s50)} | ${ratio(s50, e50)} | ≤ 1.2 | ${met(s50 / e50 <= 1.2)} |`,
      `| keystroke → next frame p95 (ms) | ${ms(e95)} | ${ms(s95)} | ${ratio(s95, e95)} | ≤ 1.2 | ${met(s95 / e95 <= 1.2)} |`,
    ].join('\n'),
  )
  if (profileDir)
    console.log(
      `\nCPU profiles of the first slice of keystrokes and of remote edits of each page: ${profileDir}/client-{keys,remote}-*.cpuprofile;` +
        ` of an unmeasured load of each app, with its timeline of requests and socket frames: ${profileDir}/client-load-*.{cpuprofile,txt}`,
    )
}

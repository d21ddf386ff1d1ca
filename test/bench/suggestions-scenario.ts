/**
 * `npm run bench -- --scenario suggestions`: the server's side of 修订. A draft of `--chars`
 * characters gets `--threads` comment threads and as many open suggestions through the real API,
 * with `--clients` official y-websocket peers connected. Then, interleaved request by request:
 * - accepting a suggestion (one server transaction on the live document) until every peer holds
 *   the accepted words, against posting a reply (stored and pushed to the same peers as an event)
 *   until every peer has received the event;
 * - GET …/threads (every thread and suggestion in one response) against GET /api/documents/:id.
 */
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type { Cleanup } from './cleanup.js'
import { createDemoDraft, openPeer, paragraphsOf, signInDemo, startDemoServer, writeParagraphs } from './demo-draft.js'
import type { BenchFlags } from './flags.js'
import { api } from './api.js'
import { ms, percentile, ratio } from './report.js'
import type { OurInstance } from './targets.js'
import { waitSynced, type Peer } from '../helpers/peers.js'

const PARAGRAPH_CHARS = 330
const CONCURRENCY = 4
const WARMUP = 3
/** The message type of pushed events (shared/collab-events.ts EVENT_MESSAGE_TYPE). */
const EVENT_MESSAGE = 100

const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64')
const range = (text: Y.XmlText, from: number, to: number) => ({
  start: encode(Y.createRelativePositionFromTypeIndex(text, from, 0)),
  end: encode(Y.createRelativePositionFromTypeIndex(text, to, -1)),
})

async function inPool(count: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < count) await task(next++)
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker))
}

/** Waits for `check`, looking every millisecond: the latencies measured are a few milliseconds. */
async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}

async function timedGet(instance: OurInstance, path: string, cookie: string): Promise<number> {
  const start = performance.now()
  const response = await fetch(`${instance.server.url}/api${path}`, { headers: { cookie } })
  await response.arrayBuffer()
  if (response.status !== 200) throw new Error(`GET /api${path} answered ${response.status}`)
  return performance.now() - start
}

/** Counts the pushed events each peer receives, so a write can wait until all have it. */
function countEvents(peers: Peer[]): number[] {
  const counts = peers.map(() => 0)
  peers.forEach((peer, i) => {
    peer.provider.messageHandlers[EVENT_MESSAGE] = () => {
      counts[i]++
    }
  })
  return counts
}

export async function suggestionsScenario(flags: BenchFlags, cleanup: Cleanup): Promise<void> {
  const paragraphCount = Math.ceil(flags.chars / PARAGRAPH_CHARS)
  const suggestions = flags.threads
  const accepts = Math.min(flags.requests, suggestions)
  console.log(
    `bench suggestions: a draft of ${paragraphCount * PARAGRAPH_CHARS} characters with ${flags.threads} threads and` +
      ` ${suggestions} open suggestions, ${flags.clients} peers connected; ${accepts} accepts against as many replies,` +
      ` ${flags.requests} GETs of each kind, embedded store`,
  )
  const instance = await startDemoServer({ profileDir: flags.profileDir, nice: flags.nice }, cleanup)
  const [convener, member1, member2] = await Promise.all(
    ['zuzhang', 'chengyuan1', 'chengyuan2'].map((u) => signInDemo(instance, u)),
  )
  const docId = await createDemoDraft(instance, convener, '关于完善高标准农田建后管护机制的建议案')
  const writer = await writeParagraphs(instance, docId, member1, paragraphsOf(paragraphCount, PARAGRAPH_CHARS), cleanup)
  const fragment = writer.doc.getXmlFragment('default')
  const textOf = (i: number) => (fragment.get(i % paragraphCount) as Y.XmlElement).get(0) as Y.XmlText

  const threadIds: string[] = []
  await inPool(flags.threads, async (i) => {
    const from = 10 + Math.floor(i / paragraphCount) * 40
    const { body } = await api<{ id: string }>(
      instance.server,
      'POST',
      `/documents/${docId}/threads`,
      { anchor: range(textOf(i), from, from + 6), body: '建议补充近三年的具体数据。' },
      201,
      i % 2 ? member1 : member2,
    )
    threadIds[i] = body.id
  })
  // Each suggestion replaces four characters with words of its own, so that a peer can tell it arrived.
  const suggestionIds: string[] = []
  const marks: string[] = []
  await inPool(suggestions, async (i) => {
    const from = 25 + Math.floor(i / paragraphCount) * 40
    marks[i] = `〔修订${i}〕`
    const { body } = await api<{ id: string }>(
      instance.server,
      'POST',
      `/documents/${docId}/suggestions`,
      { anchor: range(textOf(i), from, from + 4), insert: marks[i] },
      201,
      i % 2 ? member2 : member1,
    )
    suggestionIds[i] = body.id
  })

  const peers = Array.from({ length: flags.clients }, () => openPeer(instance, docId, member1, cleanup))
  await waitSynced(peers, 60_000)
  const events = countEvents(peers)
  // Only the paragraph the suggestion is in is read, so that checking 50 peers stays cheap.
  const holdsAll = (i: number) =>
    peers.every((peer) =>
      (peer.doc.getXmlFragment('default').get(i % paragraphCount) as Y.XmlElement).toString().includes(marks[i]),
    )

  const accept = async (i: number) => {
    const start = performance.now()
    await api(
      instance.server,
      'POST',
      `/documents/${docId}/suggestions/${suggestionIds[i]}/decision`,
      { decision: 'accept' },
      200,
      convener,
    )
    const answered = performance.now() - start
    await until(() => holdsAll(i), `every peer to hold ${marks[i]}`)
    return { answered, everywhere: performance.now() - start }
  }
  const replyTo = async (i: number) => {
    const before = events.map((n) => n)
    const start = performance.now()
    await api(
      instance.server,
      'POST',
      `/documents/${docId}/threads/${threadIds[i]}/comments`,
      { body: '同意，已与财政局核对口径。' },
      201,
      convener,
    )
    const answered = performance.now() - start
    await until(() => events.every((n, p) => n > before[p]), 'every peer to receive the reply')
    return { answered, everywhere: performance.now() - start }
  }

  for (let i = 0; i < WARMUP; i++) {
    await accept(i)
    await replyTo(i)
  }
  const accepted: { answered: number; everywhere: number }[] = []
  const replied: { answered: number; everywhere: number }[] = []
  for (let i = WARMUP; i < WARMUP + accepts && i < suggestions; i++) {
    // ABBA…: neither kind of write always runs first.
    if (i % 2 === 0) {
      accepted.push(await accept(i))
      replied.push(await replyTo(i))
    } else {
      replied.push(await replyTo(i))
      accepted.push(await accept(i))
    }
  }

  const threadsPath = `/documents/${docId}/threads`
  const documentPath = `/documents/${docId}`
  const listed = await api<{ threads: { suggestion?: unknown }[] }>(
    instance.server,
    'GET',
    threadsPath,
    undefined,
    200,
    member1,
  )
  const listedSuggestions = listed.body.threads.filter((t) => t.suggestion).length
  if (listed.body.threads.length !== flags.threads + suggestions || listedSuggestions !== suggestions)
    throw new Error(
      `GET …/threads listed ${listed.body.threads.length} entries, ${listedSuggestions} of them suggestions`,
    )
  for (let i = 0; i < WARMUP; i++) {
    await timedGet(instance, threadsPath, member1)
    await timedGet(instance, documentPath, member1)
  }
  const list: number[] = []
  const single: number[] = []
  for (let i = 0; i < flags.requests; i++) {
    if (i % 2 === 0) {
      list.push(await timedGet(instance, threadsPath, member1))
      single.push(await timedGet(instance, documentPath, member1))
    } else {
      single.push(await timedGet(instance, documentPath, member1))
      list.push(await timedGet(instance, threadsPath, member1))
    }
  }
  for (const peer of peers) peer.destroy()
  writer.destroy()
  if (!instance.running()) throw new Error(`our server exited during the run:\n${instance.server.output()}`)

  const p = (values: number[], q: number) => percentile(values, q)
  const a = accepted.map((x) => x.everywhere)
  const r = replied.map((x) => x.everywhere)
  const aa = accepted.map((x) => x.answered)
  const ra = replied.map((x) => x.answered)
  console.log(
    [
      '',
      `| metric | suggestions | reference | ratio |`,
      '| --- | ---: | ---: | ---: |',
      `| accept → all ${flags.clients} peers hold the words, median (ms) vs a reply → all have the event | ${ms(p(a, 50))} | ${ms(p(r, 50))} | ${ratio(p(a, 50), p(r, 50))} |`,
      `| same, p95 (ms) | ${ms(p(a, 95))} | ${ms(p(r, 95))} | ${ratio(p(a, 95), p(r, 95))} |`,
      `| accept answered, median (ms) vs reply answered | ${ms(p(aa, 50))} | ${ms(p(ra, 50))} | ${ratio(p(aa, 50), p(ra, 50))} |`,
      `| GET …/threads (${flags.threads} threads + ${suggestions} suggestions) median (ms) vs GET /api/documents/:id | ${ms(p(list, 50))} | ${ms(p(single, 50))} | ${ratio(p(list, 50), p(single, 50))} |`,
      `| same, p95 (ms) | ${ms(p(list, 95))} | ${ms(p(single, 95))} | ${ratio(p(list, 95), p(single, 95))} |`,
    ].join('\n'),
  )
}

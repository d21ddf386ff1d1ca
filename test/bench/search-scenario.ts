/**
 * `npm run bench -- --scenario search`: 搜索 over `--documents` drafts (default 200) of `--chars`
 * characters each (default 20,000) in the demo group, through GET /api/search on our server as
 * `npm start` runs it (embedded store). Printed: the first search (every draft's stored updates read
 * and decoded in the worker pool), then p50/p95 of `--requests` searches of each kind — a phrase
 * in every draft, a phrase in one draft, words in none — once the decoded texts are cached, the
 * same after one edit to each of ten drafts (their texts decoded again), and what the cache costs:
 * the server's resident memory after the searches against before them, beside the characters held.
 * There is no separate index to build or store (server/domain/search.ts says why).
 *
 * For scale, the same three phrases found by String.prototype.indexOf in this process over the
 * same texts already in memory: the floor any substring search of these texts has.
 */
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { waitSynced } from '../helpers/peers.js'
import { waitFor } from '../helpers/server.js'
import { api } from './api.js'
import type { Cleanup } from './cleanup.js'
import { createDemoDraft, openPeer, paragraphsOf, signInDemo, startDemoServer, writeParagraphs } from './demo-draft.js'
import type { BenchFlags } from './flags.js'
import { ms, percentile } from './report.js'

const PARAGRAPH_CHARS = 500

interface Results {
  results: { documentId: string; textCount: number }[]
  skipped: number
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))
  if (!line) throw new Error(`no VmRSS for pid ${pid}`)
  return Number(line.split(/\s+/)[1]) / 1024
}

/** A sentence found in exactly one draft: its number spelled into it. */
const markerOf = (i: number) => `第${i + 1}号调研点的群众反映`

export async function searchScenario(flags: BenchFlags, cleanup: Cleanup): Promise<void> {
  const count = flags.documents
  const paragraphCount = Math.max(1, Math.round(flags.chars / PARAGRAPH_CHARS))
  console.log(
    `bench search: ${count} drafts of ${paragraphCount * PARAGRAPH_CHARS} characters ` +
      `(${paragraphCount} paragraphs), ${flags.requests} searches per kind, embedded store`,
  )

  // Every y-websocket provider listens for the process's exit.
  process.setMaxListeners(count + 50)
  const instance = await startDemoServer({ profileDir: flags.profileDir, nice: flags.nice }, cleanup)
  const convener = await signInDemo(instance, 'zuzhang')
  const find = async (q: string): Promise<Results> =>
    (await api<Results>(instance.server, 'GET', `/search?q=${encodeURIComponent(q)}`, undefined, 200, convener)).body
  // One search over the demo's own drafts first: the worker pool starts then, not in what is measured.
  await find('建议')
  const texts: string[] = []
  const ids: string[] = []
  const setupStart = performance.now()
  for (let i = 0; i < count; i++) {
    const id = await createDemoDraft(instance, convener, `关于第${i + 1}个专题的建议案`)
    const paragraphs = paragraphsOf(paragraphCount, PARAGRAPH_CHARS, i + 1)
    const middle = Math.floor(paragraphs.length / 2)
    paragraphs[middle] = markerOf(i) + paragraphs[middle].slice(markerOf(i).length)
    const writer = await writeParagraphs(instance, id, convener, paragraphs, cleanup)
    writer.destroy()
    texts.push(paragraphs.join('\n'))
    ids.push(id)
  }
  console.log(`setup: ${count} drafts written in ${ms(performance.now() - setupStart)} ms`)

  const rare = markerOf(Math.floor(count / 2))
  const queries = { common: '高标准农田', rare, absent: '量子计算产业园' }
  const rssBefore = rssMb(instance.pid)
  const coldStart = performance.now()
  const cold = await find(queries.common)
  const coldMs = performance.now() - coldStart
  if (cold.skipped > 0) console.log(`note: the first search left out ${cold.skipped} drafts it could not read in time`)
  // Honest answers, not just fast ones: the rare sentence is found in its one draft only.
  const rareAnswer = await find(queries.rare)
  if (rareAnswer.results.length !== 1 || rareAnswer.results[0].documentId !== ids[Math.floor(count / 2)]) {
    throw new Error(`searching ${queries.rare} found ${rareAnswer.results.length} drafts, not the one that holds it`)
  }

  const timed = async (q: string) => {
    const times: number[] = []
    for (let i = 0; i < flags.requests; i++) {
      const start = performance.now()
      await find(q)
      times.push(performance.now() - start)
    }
    return times.sort((a, b) => a - b)
  }
  const warm = {
    common: await timed(queries.common),
    rare: await timed(queries.rare),
    absent: await timed(queries.absent),
  }
  const rssAfter = rssMb(instance.pid)

  // Ten drafts change: each gets one paragraph through a peer, so their cached text is stale.
  // The peers stay open until the search finds their edits.
  const edited = ids.slice(0, 10)
  const peers = []
  for (const id of edited) {
    const peer = openPeer(instance, id, convener, cleanup)
    await waitSynced([peer], 30_000)
    const fragment = peer.doc.getXmlFragment('default')
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('会后补充的一段意见。')])
    fragment.insert(fragment.length, [paragraph])
    peers.push(peer)
  }
  const afterEditStart = performance.now()
  await waitFor(
    async () => (await find('会后补充的一段意见')).results.length === edited.length,
    'a search to find the ten edits',
    30_000,
  )
  const afterEditMs = performance.now() - afterEditStart
  for (const peer of peers) peer.destroy()

  // The floor: indexOf over the same texts, already decoded, in this process.
  const floor = (q: string) => {
    const times: number[] = []
    for (let r = 0; r < flags.requests; r++) {
      const start = performance.now()
      let found = 0
      for (const text of texts) {
        for (let at = text.indexOf(q); at !== -1; at = text.indexOf(q, at + q.length)) found++
      }
      times.push(performance.now() - start)
      if (found < 0) throw new Error('unreachable')
    }
    return times.sort((a, b) => a - b)
  }

  const characters = texts.reduce((n, t) => n + t.length, 0)
  const row = (label: string, times: number[], floorTimes: number[]) =>
    console.log(
      `${label.padEnd(34)} p50 ${ms(percentile(times, 50)).padStart(7)} ms  p95 ${ms(percentile(times, 95)).padStart(7)} ms` +
        `   (indexOf alone p50 ${ms(percentile(floorTimes, 50))} ms)`,
    )
  console.log(`first search (reads and decodes all): ${ms(coldMs)} ms, ${cold.results.length} drafts in the answer`)
  row(`"${queries.common}" (in every draft)`, warm.common, floor(queries.common))
  row(`"${queries.rare}" (in one draft)`, warm.rare, floor(queries.rare))
  row(`"${queries.absent}" (in none)`, warm.absent, floor(queries.absent))
  console.log(`first search after ten drafts changed: ${ms(afterEditMs)} ms (until all ten edits are found)`)
  console.log(
    `index: none stored; decoded texts cached in memory, ${(characters / 1e6).toFixed(1)}M characters ` +
      `(~${((characters * 3) / 1048576).toFixed(0)} MB as UTF-8); server resident memory ${rssBefore.toFixed(0)} MB ` +
      `before the first search, ${rssAfter.toFixed(0)} MB after (${(rssAfter - rssBefore).toFixed(0)} MB)`,
  )
}

/**
 * `npm run bench -- --scenario import`: 导入Word of a 100-page 建议案 (about 65,000 characters,
 * headings of four levels, tables) through POST /api/documents/import on our server as `npm start`
 * runs it: the time of each request (one worker already started), the server's CPU per import, and
 * the server's resident memory peak during the imports against before them (the kernel's VmHWM,
 * reset first through /proc/<pid>/clear_refs). Also the reader alone (server/import/word-draft.ts)
 * in this process, to show what of the request is reading the file, and the memory the reader holds
 * at its peak in a process of its own (import-memory-child.ts), against the .docx and against its
 * word/document.xml: what the reader adds to the upload, which the server holds anyway.
 */
import { unzipSync } from 'fflate'
import { fork } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { wordDraft } from '../../server/import/word-draft.js'
import { plainText } from '../../shared/editor/text.js'
import { longDraft } from '../fixtures/import/documents.js'
import { api } from './api.js'
import type { Cleanup } from './cleanup.js'
import { readProcessCpuMs } from './cpu-time.js'
import { createDemoDraft, paragraphsOf, signInDemo, startDemoServer } from './demo-draft.js'
import type { BenchFlags } from './flags.js'
import type { ImportMemoryRun } from './import-memory-child.js'
import { setNiceness } from './niceness.js'
import { ms, percentile } from './report.js'

const PAGES = 100

/** VmRSS or VmHWM (the peak since the last reset) of a process, MB. */
export function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`))
  if (!line) throw new Error(`no ${field} for pid ${pid}`)
  return Number(line.split(/\s+/)[1]) / 1024
}

/** Resets the kernel's record of the process's resident peak (Linux ≥ 4.0); false when not allowed. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

/**
 * Node flags of the memory child: every collection a full one, at least one every megabyte
 * allocated, ArrayBuffers freed within it, no helper threads (import-memory-child.ts says why).
 */
const memoryFlags = [
  '--expose-gc',
  '--gc-global',
  '--max-semi-space-size=1',
  '--no-concurrent-array-buffer-sweeping',
  '--single-threaded',
]

/** The reader's memory, `runs` readings of `bytes` in a fresh child process. */
function importMemory(bytes: Uint8Array, runs: number, nice: number | undefined): Promise<ImportMemoryRun[]> {
  const dir = mkdtempSync(join(tmpdir(), 'jianyi-import-memory-'))
  const file = join(dir, 'draft.docx')
  writeFileSync(file, bytes)
  return new Promise<ImportMemoryRun[]>((resolveRuns, reject) => {
    const child = fork(resolve(import.meta.dirname, 'import-memory-child.ts'), [file, String(runs)], {
      execArgv: ['--import', 'tsx', ...memoryFlags],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    if (nice !== undefined) setNiceness(child.pid!, nice)
    let results: ImportMemoryRun[] | undefined
    child.on('message', (message: { results?: ImportMemoryRun[] }) => {
      results = message.results
    })
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      if (results) resolveRuns(results)
      else reject(new Error(`the memory child exited with ${signal ?? code} without a result`))
    })
  }).finally(() => rmSync(dir, { recursive: true, force: true }))
}

/** One line on the reader's memory for `bytes`: its peak above the upload, against word/document.xml and the .docx. */
async function describeMemory(label: string, bytes: Uint8Array, nice: number | undefined): Promise<string> {
  const documentXml = unzipSync(bytes, { filter: (file) => file.name === 'word/document.xml' })['word/document.xml']
  const runs = await importMemory(bytes, 3, nice)
  /** The lowest and the highest of `values` / `divisor`, or one number when they print alike. */
  const range = (values: number[], divisor: number, digits: number) => {
    const [low, high] = [Math.min(...values), Math.max(...values)].map((n) => (n / divisor).toFixed(digits))
    return low === high ? low : `${low}–${high}`
  }
  const MB = 1048576
  const peaks = runs.map((run) => run.peak)
  const results = runs.map((run) => run.result)
  const sizes = `word/document.xml ${(documentXml.length / MB).toFixed(2)} MB, .docx ${(bytes.length / MB).toFixed(2)} MB`
  return (
    `memory the reader holds at its peak, ${label} (${sizes}; ${runs.length} readings): ` +
    `${range(peaks, MB, 2)} MB above the upload = ${range(peaks, documentXml.length, 1)}× word/document.xml, ` +
    `${range(peaks, bytes.length, 1)}× the .docx; of it the draft given back ${range(results, MB, 2)} MB`
  )
}

export async function importScenario(flags: BenchFlags, cleanup: Cleanup): Promise<void> {
  // Varied prose (as a real text compresses), not one paragraph repeated.
  const prose = paragraphsOf(1000, 120)
  const bytes = await longDraft(PAGES, (i) => prose[i % prose.length])
  const parts = unzipSync(bytes)
  const unpacked = Object.values(parts).reduce((sum, part) => sum + part.length, 0)
  const documentXml = parts['word/document.xml'].length
  const reading = wordDraft(bytes)
  const chars = plainText(reading.content).length
  const [headings, tables] = [reading.report.headings, reading.report.tables]
  console.log(
    `bench import: a ${PAGES}-page .docx of ${(bytes.length / 1024).toFixed(0)} KB ` +
      `(${(unpacked / 1048576).toFixed(2)} MB unpacked, word/document.xml ${(documentXml / 1048576).toFixed(2)} MB), ` +
      `${chars} characters, ` +
      `headings ${headings.join('/')} per level, ${tables} tables; ${flags.requests} imports, embedded store`,
  )

  // The reader alone, in this process: the median of five after one to warm up.
  const alone: number[] = []
  for (let i = 0; i < 6; i++) {
    const start = performance.now()
    wordDraft(bytes)
    if (i > 0) alone.push(performance.now() - start)
  }

  // The reader's memory, in a child of its own: this file, and one ten times as long (where what
  // does not grow with the file weighs less).
  const longerProse = paragraphsOf(10 * prose.length, 120, 2)
  const longer = await longDraft(PAGES * 10, (i) => longerProse[i % longerProse.length])
  const memory = [
    await describeMemory(`${PAGES} pages`, bytes, flags.nice),
    await describeMemory(`${PAGES * 10} pages`, longer, flags.nice),
  ]

  const instance = await startDemoServer({ profileDir: flags.profileDir, nice: flags.nice }, cleanup)
  const convener = await signInDemo(instance, 'zuzhang')
  // A draft of the demo group tells its id.
  const sampleId = await createDemoDraft(instance, convener, '关于基准测试的建议案')
  const { body: sample } = await api<{ groupId: string }>(
    instance.server,
    'GET',
    `/documents/${sampleId}`,
    undefined,
    200,
    convener,
  )
  const upload = async () => {
    const form = new FormData()
    form.set('file', new Blob([new Uint8Array(bytes)]), '百页建议案.docx')
    form.set('groupId', sample.groupId)
    const response = await fetch(`${instance.server.url}/api/documents/import`, {
      method: 'POST',
      body: form,
      headers: { cookie: convener },
    })
    const text = await response.text()
    if (response.status !== 201) throw new Error(`POST /api/documents/import answered ${response.status}: ${text}`)
  }

  // One import first: the worker thread starts and loads its modules (TipTap, y-tiptap) then.
  const first = performance.now()
  await upload()
  const firstMs = performance.now() - first
  const { pid } = instance
  const rssBefore = memoryMb(pid, 'VmRSS')
  const peakReset = resetPeak(pid)
  const cpuBefore = readProcessCpuMs(pid)
  const times: number[] = []
  for (let i = 0; i < flags.requests; i++) {
    const start = performance.now()
    await upload()
    times.push(performance.now() - start)
  }
  const cpuMs = (readProcessCpuMs(pid) - cpuBefore) / flags.requests
  const peak = memoryMb(pid, 'VmHWM')

  times.sort((a, b) => a - b)
  alone.sort((a, b) => a - b)
  console.log(`reading the file alone (word-draft.ts, this process): ${ms(percentile(alone, 50))} median`)
  for (const line of memory) console.log(line)
  console.log(`first import (a worker thread starts and loads):        ${ms(firstMs)}`)
  console.log(
    `import of ${PAGES} pages, request to 201 (${flags.requests}):           ` +
      `${ms(percentile(times, 50))} median, ${ms(times[times.length - 1])} max`,
  )
  console.log(`server CPU per import (all threads):                  ${ms(cpuMs)}`)
  console.log(
    `server resident memory: ${rssBefore.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB during the imports` +
      (peakReset ? '' : ' (the peak could not be reset: it is the peak since the server started)') +
      ` — ${(peak - rssBefore).toFixed(0)} MB above, for a file of ${(bytes.length / 1048576).toFixed(2)} MB ` +
      `(${(unpacked / 1048576).toFixed(1)} MB unpacked)`,
  )
}

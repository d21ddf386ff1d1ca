/**
 * The memory one reading of a .docx holds (server/import/word-draft.ts, what the heavy-work thread
 * runs for 导入Word), in a fresh process of its own that import-scenario.ts starts with the flags
 * of `memoryFlags` there: every collection is a full one (--gc-global), one comes at least every
 * megabyte allocated (a 1 MB young generation), ArrayBuffers (fflate's Uint8Arrays) are freed within
 * the collection rather than later by a helper thread, and no helper thread compiles or collects
 * alongside (--single-threaded: the same figures run after run). So what V8 counts as in use right
 * after each collection — its heap and the memory outside it — is what the reading held at that
 * moment. Reading this way is several times slower: the times are the scenario's other figures.
 *
 * The file is read once to load and compile the code, then `runs` times, each after a full
 * collection with the input already in memory: the figures are what the reading adds to it.
 */
import { readFileSync } from 'node:fs'
import v8 from 'node:v8'
import { wordDraft } from '../../server/import/word-draft.js'

export interface ImportMemoryRun {
  /** Most held above the start, bytes: right after a collection during the reading, or at its end. */
  peak: number
  /** Still held once the reading returned and garbage was collected, bytes: the draft it gives back. */
  result: number
  /** Collections during the reading. */
  collections: number
}

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('import-memory-child.ts needs node --expose-gc')
/** V8's heap in use and the memory outside it (external counts the ArrayBuffers), after a full collection. */
const inUse = () => {
  gc()
  const { heapUsed, external } = process.memoryUsage()
  return heapUsed + external
}

/** What the reading of `bytes` held at most, and what it gives back: both taken while the draft is still held. */
function read(bytes: Uint8Array): { statistics: v8.GCProfilerResult['statistics']; end: number } {
  const profiler = new v8.GCProfiler()
  profiler.start()
  const draft = wordDraft(bytes)
  const { statistics } = profiler.stop()
  const end = inUse()
  if (!draft.content.content?.length) throw new Error('the reading gave no body')
  return { statistics, end }
}

function measure(bytes: Uint8Array): ImportMemoryRun {
  const start = inUse()
  const { statistics, end } = read(bytes)
  // The draft is no longer held here.
  const after = inUse()
  const held = statistics.map((s) => s.afterGC.heapStatistics.usedHeapSize + s.afterGC.heapStatistics.externalMemory)
  return { peak: Math.max(end, ...held) - start, result: end - after, collections: statistics.length }
}

const [file, runsArgument] = process.argv.slice(2)
const bytes = new Uint8Array(readFileSync(file))
wordDraft(bytes)
const results: ImportMemoryRun[] = []
for (let i = 0; i < Number(runsArgument ?? 3); i++) results.push(measure(bytes))
process.send!({ results })

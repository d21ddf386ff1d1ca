/**
 * Keeps the search text index (SearchTextStore: PostgreSQL's trigram table) current in the
 * background, so that the first search after editing does not have to decode every changed draft.
 *
 * A document is refreshed a little after its content is stored: once nothing was stored for it
 * for `quietMs` (the last edits before its room unloads included), or at the latest `maxWaitMs`
 * after the first change not yet indexed while someone keeps typing. Its text is decoded in the
 * heavy-work pool (never on the event loop, within the pool's size and time budgets) into the
 * search's own cache, and written to the index at the stamp read just before. One document at a
 * time, so editing many drafts at once costs one worker thread, not the pool.
 *
 * It only saves the search work: the search still checks every row's stamp against the content
 * and reads and indexes whatever is stale (an edit on an instance that stopped before its refresh,
 * a document over the budgets, a refresh that failed), so the answers are the same without it.
 */
import type { DocumentStore } from '../store/types.js'
import type { Deps } from './deps.js'
import { indexedText, liveBlocks } from './search.js'

/** Characters folded between two turns of the event loop: a long draft never holds it for long. */
const FOLD_SLICE_CHARS = 100_000

/** What the index keeps of `blocks` (search.ts indexedText), folded a slice at a time. */
async function foldedInSlices(blocks: string[]): Promise<string> {
  const parts: string[] = []
  for (let from = 0; from < blocks.length;) {
    let chars = 0
    let to = from
    while (to < blocks.length && (to === from || chars + blocks[to].length <= FOLD_SLICE_CHARS))
      chars += blocks[to++].length
    parts.push(indexedText(blocks.slice(from, to)))
    from = to
    if (from < blocks.length) await new Promise((resolve) => setImmediate(resolve))
  }
  return parts.join('\n')
}

export interface SearchRefreshOptions {
  /** Refresh once nothing was stored for the document this long. Default 2 s. */
  quietMs?: number
  /** … or this long after the first change not yet refreshed, while edits keep coming. Default 30 s. */
  maxWaitMs?: number
}

interface Due {
  first: number
  last: number
}

export class SearchRefresh {
  private deps: Deps | null = null
  private readonly quietMs: number
  private readonly maxWaitMs: number
  /** Documents stored since their last refresh, with when. */
  private readonly due = new Map<string, Due>()
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private idleWaiters: (() => void)[] = []
  private closed = false

  constructor(options: SearchRefreshOptions = {}) {
    this.quietMs = options.quietMs ?? 2000
    this.maxWaitMs = options.maxWaitMs ?? 30_000
  }

  /** Starts refreshing with `deps` (whose `content` should be the store `watch` returned). */
  start(deps: Deps): void {
    this.deps = deps
    this.schedule()
  }

  /**
   * The same document store, noting each document it stores updates of (after the append, and
   * without waiting: an append costs a map entry more) and forgetting a deleted one.
   */
  watch(store: DocumentStore): DocumentStore {
    return {
      load: (docId) => store.load(docId),
      append: async (docId, updates, options) => {
        const stored = await store.append(docId, updates, options)
        if (stored) this.stored(docId)
        return stored
      },
      delete: async (docId) => {
        this.due.delete(docId)
        await store.delete(docId)
      },
      flush: () => store.flush(),
      close: () => store.close(),
    }
  }

  /** Notes that the document's content was stored. No I/O, and at most one timer for all documents. */
  stored(docId: string): void {
    if (this.closed) return
    const now = Date.now()
    const due = this.due.get(docId)
    if (due) due.last = now
    else this.due.set(docId, { first: now, last: now })
    this.schedule()
  }

  /** Resolves once nothing is waiting to be refreshed (tests, the bench). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Stops refreshing; a refresh under way is waited for. What is still due is left to the searches. */
  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running
    this.due.clear()
    this.settle()
  }

  private dueAt(due: Due): number {
    return Math.min(due.last + this.quietMs, due.first + this.maxWaitMs)
  }

  private isIdle(): boolean {
    return this.closed || (this.due.size === 0 && this.running === null)
  }

  private settle(): void {
    if (!this.isIdle()) return
    for (const resolve of this.idleWaiters.splice(0)) resolve()
  }

  private schedule(): void {
    if (this.timer || this.running || this.closed || !this.deps || this.due.size === 0) return
    let next = Infinity
    for (const due of this.due.values()) next = Math.min(next, this.dueAt(due))
    this.timer = setTimeout(
      () => {
        this.timer = null
        this.running = this.refreshDue().finally(() => {
          this.running = null
          this.schedule()
          this.settle()
        })
      },
      Math.max(0, next - Date.now()),
    )
    // A pending refresh never keeps the process alive.
    this.timer.unref()
  }

  /** Refreshes, one after the other, the documents due now; those stored meanwhile wait for their turn. */
  private async refreshDue(): Promise<void> {
    const now = Date.now()
    const ready = [...this.due].filter(([, due]) => this.dueAt(due) <= now).map(([docId]) => docId)
    for (const docId of ready) {
      if (this.closed) return
      // Stored again since it was found due: its quiet period starts over.
      const due = this.due.get(docId)
      if (!due || this.dueAt(due) > Date.now()) continue
      this.due.delete(docId)
      await this.refresh(docId)
    }
  }

  private async refresh(docId: string): Promise<void> {
    const deps = this.deps!
    const index = deps.searchText
    if (!index) return
    try {
      // The stamp first, the content after: the text is at least as new as its stamp, so a row is
      // never taken for current when it is not (a newer text under an older stamp is only re-read).
      const stale = await index.staleStamp(docId)
      if (!stale) return
      const blocks = await liveBlocks(deps, docId)
      await index.put(docId, stale.groupId, await foldedInSlices(blocks), stale.stamp)
    } catch (error) {
      // Over the pool's budgets, or the database away: the next search reads it and says so.
      deps.log(`search: refreshing the text of ${docId} failed, left to the next search: ${(error as Error).message}`)
    }
  }
}

/**
 * Saves the suggestions being typed (修订): the first keystroke creates one (POST), the next ones
 * change it (PUT, at most every `debounceMs` while it grows), Backspace over the last proposed
 * character withdraws it (DELETE). The editor shows every keystroke at once; this only makes the
 * server catch up, one request at a time per suggestion, always with the latest words.
 */
import type { Anchor } from '../../shared/schema.js'
import { ApiError } from '../api/client.js'
import { errorMessage } from '../i18n/i18n.js'
import type { CommentsStore } from './comments-store.js'

/** A suggestion being typed here, as the editor has it. */
export interface DraftSuggestion {
  /** A local key, for as long as the editor shows it. */
  key: string
  /** The thread, once the server has it. */
  threadId: string | null
  anchor: Anchor
  insert: string
  /** Everything proposed was taken back (Backspace): shown no more, withdrawn once saved. */
  withdrawn: boolean
}

/** What the sync tells the editor. */
export interface SyncEvents {
  /** The server made the thread of draft `key`. */
  created(key: string, threadId: string): void
  /** The server has every change of draft `key`: the thread now shows what the draft shows. */
  settled(key: string): void
  /**
   * A request failed: `final` when the server refused it (the suggestion is gone, closed or not
   * allowed), else it is tried again.
   */
  failed(key: string, message: string, final: boolean): void
}

/** The server's idea of the words of a suggestion, compared with the draft's. */
const body = (draft: DraftSuggestion) => JSON.stringify([draft.anchor.start, draft.anchor.end, draft.insert])

interface Entry {
  latest: DraftSuggestion
  threadId: string | null
  /** `body` of what the server has. */
  saved: string | null
  /** The author Backspaced over everything proposed: withdraw it. */
  withdraw: boolean
  busy: boolean
  timer: ReturnType<typeof setTimeout> | undefined
  /** Delay of the next retry after a failure. */
  backoff: number
}

/** Refusals worth trying again: no answer, the server's trouble, or a position it does not know yet (409). */
const transient = (error: unknown) =>
  !(error instanceof ApiError) || error.status === 0 || error.status === 409 || error.status >= 500

export class SuggestionSync {
  private readonly entries = new Map<string, Entry>()
  private stopped = false

  constructor(
    private readonly store: CommentsStore,
    private readonly events: SyncEvents,
    private readonly debounceMs = 400,
  ) {}

  /** The draft changed; a new one is created at once, a known one changed after a pause. */
  change(draft: DraftSuggestion): void {
    const entry = this.entries.get(draft.key) ?? this.add(draft)
    entry.latest = draft
    entry.withdraw = false
    if (entry.threadId === null) this.send(entry)
    else this.schedule(entry, this.debounceMs)
  }

  /** Sends what is left of draft `key` now: the author moved elsewhere. */
  flush(key: string): void {
    const entry = this.entries.get(key)
    if (entry) this.send(entry)
  }

  /** The author took everything back: the suggestion is withdrawn, or never created. */
  withdraw(draft: DraftSuggestion): void {
    const entry = this.entries.get(draft.key) ?? this.add(draft)
    entry.latest = draft
    entry.withdraw = true
    this.send(entry)
  }

  /** Forgets a draft whose thread was closed meanwhile (decided, or withdrawn elsewhere). */
  forget(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    clearTimeout(entry.timer)
    this.entries.delete(key)
  }

  /** The editor closes: whatever is still unsent goes now, and nothing more is reported. */
  destroy(): void {
    for (const entry of this.entries.values()) {
      clearTimeout(entry.timer)
      const unsent = entry.withdraw ? entry.threadId !== null : entry.saved !== body(entry.latest)
      if (!entry.busy && unsent) void this.request(entry).catch(() => undefined)
    }
    this.stopped = true
    this.entries.clear()
  }

  private add(draft: DraftSuggestion): Entry {
    const entry: Entry = {
      latest: draft,
      threadId: draft.threadId,
      // Unknown: a suggestion taken up again (its author typing at its end) is sent as it is now.
      saved: null,
      withdraw: false,
      busy: false,
      timer: undefined,
      backoff: 1000,
    }
    this.entries.set(draft.key, entry)
    return entry
  }

  private schedule(entry: Entry, delay: number): void {
    clearTimeout(entry.timer)
    entry.timer = setTimeout(() => this.send(entry), delay)
  }

  /** One request for the entry, unless one is under way (its answer sends the rest). */
  private send(entry: Entry): void {
    clearTimeout(entry.timer)
    entry.timer = undefined
    if (entry.busy || this.stopped) return
    const key = entry.latest.key
    if (!entry.withdraw && entry.saved === body(entry.latest)) {
      this.events.settled(key)
      return
    }
    if (entry.withdraw && entry.threadId === null && entry.saved === null) {
      // Never created: nothing to take back.
      this.entries.delete(key)
      this.events.settled(key)
      return
    }
    entry.busy = true
    this.request(entry).then(
      () => {
        entry.busy = false
        entry.backoff = 1000
        if (this.stopped || this.entries.get(key) !== entry) return
        if (entry.withdraw && entry.saved === null) {
          this.entries.delete(key)
          this.events.settled(key)
        } else this.send(entry)
      },
      (error: unknown) => {
        entry.busy = false
        if (this.stopped || this.entries.get(key) !== entry) return
        const final = !transient(error)
        this.events.failed(key, errorMessage(error), final)
        if (final) this.entries.delete(key)
        else {
          this.schedule(entry, entry.backoff)
          entry.backoff = Math.min(entry.backoff * 2, 30_000)
        }
      },
    )
  }

  private async request(entry: Entry): Promise<void> {
    const draft = entry.latest
    const sent = body(draft)
    if (entry.threadId === null) {
      const thread = await this.store.createSuggestion(draft.anchor, draft.insert)
      entry.threadId = thread.id
      entry.saved = sent
      this.events.created(draft.key, thread.id)
    } else if (entry.withdraw) {
      await this.store.withdrawSuggestion(entry.threadId)
      entry.saved = null
    } else {
      await this.store.updateSuggestion(entry.threadId, draft.anchor, draft.insert)
      entry.saved = sent
    }
  }
}

/**
 * What the client bench runs inside each page, the same for both apps: DOM-only probes installed
 * before any script of the page (Playwright's addInitScript), read back through `window.__bench`.
 * Nothing here knows either app beyond the editor's DOM (.ProseMirror) and, for driving it, the
 * measurement hook both expose (window.__jianyi, see docs/performance.md).
 */

/** What "the draft is fully shown" means for one app. */
export interface ShownCondition {
  /** Top-level blocks of the draft. */
  blocks: number
  /** Text of its last block. */
  lastText: string
  /** Comment threads whose words must be highlighted (0 for the bare app). */
  highlights: number
}

/** The page side, as `window.__bench`. */
export interface PageBench {
  /** performance.now() of the first frame that showed the whole draft, once it has. */
  shownAt: number | null
  /** Resolves with `shownAt` once the draft is shown. */
  shown(): Promise<number>
  /** Keystroke → next frame samples (ms), in order: from the keydown event's time to a task after the next frame. */
  keys: number[]
  /** Resolves with sample `n` once it has been taken. */
  key(n: number): Promise<number>
  /**
   * Starts watching for `marker` to end the editor's last block; `remoteSeen` then resolves with
   * the wall-clock time (performance.timeOrigin + now(), comparable with the bench process's) at
   * which the DOM had it.
   */
  armRemote(marker: string): void
  remoteSeen(): Promise<number>
  /** Resolves at the page's next idle period (at most 1 s away). */
  idle(): Promise<void>
}

/**
 * Installs `window.__bench` (an init script: self-contained, serialized by Playwright). The draft
 * is looked for on every animation frame, so `shownAt` is the frame that painted it.
 */
export function installProbes(condition: ShownCondition): void {
  const editorElement = () => document.querySelector('.ProseMirror')
  const highlighted = (root: Element) => {
    if (condition.highlights === 0) return true
    const ids = new Set<string>()
    for (const span of root.querySelectorAll('[data-thread-id]')) ids.add(span.getAttribute('data-thread-id')!)
    return ids.size >= condition.highlights
  }

  const waiting: { shown: ((at: number) => void)[]; keys: Map<number, (ms: number) => void> } = {
    shown: [],
    keys: new Map(),
  }
  let remote: Promise<number> | undefined
  const bench: PageBench = {
    shownAt: null,
    shown: () =>
      bench.shownAt !== null ? Promise.resolve(bench.shownAt) : new Promise((resolve) => waiting.shown.push(resolve)),
    keys: [],
    key: (n) =>
      n < bench.keys.length ? Promise.resolve(bench.keys[n]) : new Promise((resolve) => waiting.keys.set(n, resolve)),
    armRemote: (marker) => {
      const root = editorElement()!
      remote = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (!root.lastElementChild?.textContent?.endsWith(marker)) return
          observer.disconnect()
          resolve(performance.timeOrigin + performance.now())
        })
        observer.observe(root, { childList: true, subtree: true, characterData: true })
      })
    },
    remoteSeen: () => remote ?? Promise.reject(new Error('armRemote was not called')),
    idle: () => new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 1000 })),
  }
  Object.assign(window, { __bench: bench })

  const look = () => {
    const root = editorElement()
    const last = root?.lastElementChild
    if (
      root &&
      root.childElementCount >= condition.blocks &&
      last?.textContent === condition.lastText &&
      highlighted(root)
    ) {
      bench.shownAt = performance.now()
      for (const resolve of waiting.shown.splice(0)) resolve(bench.shownAt)
      return
    }
    requestAnimationFrame(look)
  }
  requestAnimationFrame(look)

  // The frame after a keystroke: rAF runs before that frame's style, layout and paint; a message
  // posted from it runs once they are done.
  window.addEventListener(
    'keydown',
    (event) => {
      const start = event.timeStamp
      requestAnimationFrame(() => {
        const channel = new MessageChannel()
        channel.port1.onmessage = () => {
          const n = bench.keys.push(performance.now() - start) - 1
          waiting.keys.get(n)?.(bench.keys[n])
          waiting.keys.delete(n)
        }
        channel.port2.postMessage(null)
      })
    },
    true,
  )
}

/**
 * Parts of the page loaded when first shown rather than with the editor: each is its own JavaScript
 * chunk, fetched on demand (docs/performance.md, initial JavaScript). While it loads a pending
 * line shows; if it cannot be loaded — typically a server updated since the page was opened, whose
 * new build no longer has the old chunk — a notice offers to reload the page instead of a blank.
 */
import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react'

/** The words shown around a deferred part; ui/ knows no catalogue, so the caller passes them. */
export interface DeferredLabels {
  pending: string
  failed: string
  reload: string
}

/**
 * Where a deferred part's words come from: `labels`, read at render time (the catalogue is ready
 * by then), and `ready`, which the part waits for beside its code (the strings it shows).
 */
export interface DeferredWords {
  labels: () => DeferredLabels
  ready: () => Promise<void>
}

/** A component that renders the one `load` resolves to, loading it (and `words.ready`) on first render. */
export function deferred<P extends object>(
  load: () => Promise<ComponentType<P>>,
  words: DeferredWords,
): ComponentType<P> {
  const Lazy = lazy(async () => {
    const [component] = await Promise.all([load(), words.ready()])
    return { default: component }
  })
  function Deferred(props: P) {
    const labels = words.labels()
    return (
      <LoadBoundary labels={labels}>
        <Suspense
          fallback={
            <p className="muted deferred-pending" role="status" data-testid="deferred-pending">
              {labels.pending}
            </p>
          }
        >
          <Lazy {...props} />
        </Suspense>
      </LoadBoundary>
    )
  }
  return Deferred
}

/** Catches a chunk that failed to load; any other error passes on, as it would without the boundary. */
class LoadBoundary extends Component<{ labels: DeferredLabels; children: ReactNode }, { error: unknown }> {
  override state = { error: null as unknown }

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error }
  }

  override render() {
    const { error } = this.state
    if (error === null) return this.props.children
    // What browsers throw for an import() that fails: Chromium and Firefox a TypeError naming the module, Safari "Importing a module script failed".
    const loadFailure = error instanceof TypeError && /module|import/i.test(error.message)
    if (!loadFailure) throw error
    return (
      <div className="notice" role="alert">
        <p className="notice__message">{this.props.labels.failed}</p>
        <button type="button" className="button" onClick={() => location.reload()}>
          {this.props.labels.reload}
        </button>
      </div>
    )
  }
}

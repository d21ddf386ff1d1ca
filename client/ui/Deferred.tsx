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
 * A component that renders the one `load` resolves to, loading it on first render. `labels` is
 * read at render time (the catalogue is ready by then).
 */
export function deferred<P extends object>(
  load: () => Promise<ComponentType<P>>,
  labels: () => DeferredLabels,
): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: await load() }))
  function Deferred(props: P) {
    const words = labels()
    return (
      <LoadBoundary labels={words}>
        <Suspense
          fallback={
            <p className="muted deferred-pending" role="status" data-testid="deferred-pending">
              {words.pending}
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

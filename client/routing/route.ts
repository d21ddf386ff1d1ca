/** The two pages, read from location.pathname; navigation by history.pushState, no router library. */
import { useSyncExternalStore } from 'react'

export type Route = { page: 'documents' } | { page: 'editor'; docId: string } | { page: 'missing' }

export const documentsPath = '/'
export const documentPath = (docId: string): string => `/d/${encodeURIComponent(docId)}`

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'documents' }
  const match = /^\/d\/([^/]+)\/?$/.exec(pathname)
  if (match) return { page: 'editor', docId: decodeURIComponent(match[1]) }
  return { page: 'missing' }
}

// pushState fires no event, so our own navigations notify subscribers directly; popstate covers
// the browser's back and forward buttons.
const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('popstate', listener)
  }
}

export function navigate(path: string): void {
  if (path === location.pathname) return
  history.pushState(null, '', path)
  for (const listener of listeners) listener()
}

/** The current pathname; re-renders on navigate() and on back/forward. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => location.pathname)
}

/** The current query string (`?q=…`); re-renders on navigate() and on back/forward, like usePathname. */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => location.search)
}

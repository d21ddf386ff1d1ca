/** Where 搜索 lives, and the links from a hit to the exact place in a document. */
import { documentPath } from '../routing/route.js'

export const searchPath = '/search'

export const isSearchPath = (pathname: string): boolean => pathname === searchPath || pathname === `${searchPath}/`

/** The search page for `query`. */
export const searchHref = (query: string): string => `${searchPath}?q=${encodeURIComponent(query)}`

/** The document opened at the `occurrence`-th place (from 0, as the server counts them) its live text holds `query`. */
export const findInDocumentHref = (docId: string, query: string, occurrence: number): string =>
  `${documentPath(docId)}?find=${encodeURIComponent(query)}&n=${occurrence}`

/** The document opened with a comment thread shown. */
export const threadHref = (docId: string, threadId: string): string =>
  `${documentPath(docId)}?thread=${encodeURIComponent(threadId)}`

export type JumpLink = { kind: 'find'; query: string; occurrence: number } | { kind: 'thread'; threadId: string }

/** What a document link asks to be shown (`?find=…&n=…` or `?thread=…`), or null. */
export function parseJumpLink(search: string): JumpLink | null {
  const params = new URLSearchParams(search)
  const threadId = params.get('thread')
  if (threadId) return { kind: 'thread', threadId }
  const query = params.get('find')?.trim()
  if (!query) return null
  const n = Number(params.get('n') ?? '0')
  return { kind: 'find', query, occurrence: Number.isInteger(n) && n >= 0 ? n : 0 }
}

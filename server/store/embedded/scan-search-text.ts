/**
 * The embedded store keeps no search index: every search reads the text of every document the
 * reader may open (server/domain/search.ts caches the decoded text), which is fast enough at the
 * size one instance on local files serves.
 */
import type { SearchTextStore } from '../types.js'

export const scanSearchText: SearchTextStore = {
  candidates: async () => null,
  staleStamp: async () => null,
  put: async () => {},
}

/**
 * A link from 搜索 opens a document at the exact place: `?find=…&n=…` selects the n-th occurrence
 * of the words in the text, counted block by block as the server counts them (shared/search.ts);
 * `?thread=…` opens that comment thread and shows its words. Done once, when the text has arrived.
 */
import { showPlace } from './show-place.js'
import { useEffect } from 'react'
import type { Editor } from '@tiptap/react'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { occurrences } from '../../shared/search.js'
import type { CollabSession } from '../collab/session.js'
import type { CommentsStore } from '../comments/comments-store.js'
import { parseJumpLink } from './routes.js'

/** Document positions of the `occurrence`-th place `query` occurs, or null. */
export function findOccurrence(
  doc: ProseMirrorNode,
  query: string,
  occurrence: number,
): { from: number; to: number } | null {
  let seen = 0
  let found: { from: number; to: number } | null = null
  doc.descendants((node, pos) => {
    if (found) return false
    if (!node.isTextblock) return true
    // An inline leaf (a hard break) is one character here and one position in the document, as on the server.
    const text = node.textBetween(0, node.content.size, undefined, '\n')
    const places = occurrences(text, query)
    if (seen + places.length > occurrence) {
      const at = places[occurrence - seen]
      found = { from: pos + 1 + at, to: pos + 1 + at + query.trim().length }
    }
    seen += places.length
    return false
  })
  return found
}

export function useJumpFromLink(editor: Editor, session: CollabSession, comments: CommentsStore): void {
  useEffect(() => {
    const link = parseJumpLink(location.search)
    if (!link) return
    let done = false
    const attempt = () => {
      if (done || editor.isDestroyed) return
      if (link.kind === 'thread') {
        if (!comments.get().threads.some((t) => t.id === link.threadId)) return
        done = true
        comments.activate(link.threadId, { reveal: true })
        return
      }
      if (!session.provider.synced) return
      done = true
      const place = findOccurrence(editor.state.doc, link.query, link.occurrence)
      if (!place) return
      editor.commands.setTextSelection(place)
      // Once laid out: the words in the middle of the window, and selected where they can be seen
      // — through the editor's focus when it takes typing, through the page's own selection when it
      // does not (yet: a 修订 editor becomes typable once the reader's rights have arrived).
      requestAnimationFrame(() => showPlace(editor, place))
    }
    attempt()
    const unsubscribe = comments.subscribe(attempt)
    session.provider.on('sync', attempt)
    return () => {
      unsubscribe()
      session.provider.off('sync', attempt)
    }
  }, [editor, session, comments])
}

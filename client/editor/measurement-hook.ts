/**
 * window.__jianyi: the open draft's editor, Y.Doc and provider, for the client bench
 * (`npm run bench -- --scenario client`) and the browser tests, which drive and read the page
 * through it rather than through React's internals (docs/performance.md). It exposes nothing a
 * person could not reach from the browser's console anyway, and only while a draft is open.
 */
import { useEffect } from 'react'
import type { Editor } from '@tiptap/core'
import type * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'

/** What the page exposes while a draft is open. */
export interface MeasurementHook {
  docId: string
  editor: Editor
  doc: Y.Doc
  provider: WebsocketProvider
}

declare global {
  interface Window {
    __jianyi?: MeasurementHook
  }
}

/** Exposes the editor of `docId` as window.__jianyi while the calling component is mounted. */
export function useMeasurementHook(hook: MeasurementHook): void {
  const { docId, editor, doc, provider } = hook
  useEffect(() => {
    const exposed = { docId, editor, doc, provider }
    window.__jianyi = exposed
    return () => {
      if (window.__jianyi === exposed) delete window.__jianyi
    }
  }, [docId, editor, doc, provider])
}

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
import { suggestionsKey, type EditingMode } from './extensions/suggestion-marks.js'

/** What the page exposes while a draft is open. */
export interface MeasurementHook {
  docId: string
  editor: Editor
  doc: Y.Doc
  provider: WebsocketProvider
}

/** The page's hook: the open draft, and its editing mode (编辑 / 修订) to read and to set. */
export interface ExposedDraft extends MeasurementHook {
  mode(): EditingMode
  /** Switches as the toolbar does; false when this person may not choose. */
  setMode(mode: EditingMode): boolean
}

declare global {
  interface Window {
    __jianyi?: ExposedDraft
  }
}

/** Exposes the editor of `docId` as window.__jianyi while the calling component is mounted. */
export function useMeasurementHook(hook: MeasurementHook): void {
  const { docId, editor, doc, provider } = hook
  useEffect(() => {
    const exposed: ExposedDraft = {
      docId,
      editor,
      doc,
      provider,
      mode: () => suggestionsKey.getState(editor.state)?.mode ?? 'edit',
      setMode: (mode) => editor.commands.setEditingMode(mode),
    }
    window.__jianyi = exposed
    return () => {
      if (window.__jianyi === exposed) delete window.__jianyi
    }
  }, [docId, editor, doc, provider])
}

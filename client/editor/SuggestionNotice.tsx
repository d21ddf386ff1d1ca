/** A word about the last keystroke in 修订 mode (one paragraph only, a save that failed), gone after a while. */
import { useEffect } from 'react'
import type { Editor } from '@tiptap/react'
import { dispatchMeta } from './extensions/suggestion-marks.js'

const shownMs = 6000

export function SuggestionNotice({ editor, notice }: { editor: Editor; notice: string | null }) {
  useEffect(() => {
    if (!notice) return
    const timer = setTimeout(() => {
      if (!editor.isDestroyed) dispatchMeta(editor.view, { notice: null })
    }, shownMs)
    return () => clearTimeout(timer)
  }, [editor, notice])
  if (!notice) return null
  return (
    <p className="suggestion-notice" role="status" data-testid="suggestion-notice">
      {notice}
    </p>
  )
}

/**
 * The proofreading issue at the cursor, under its words: what is wrong, and the one-click fix
 * (Alt+Enter does the same). The fix is an ordinary editor transaction, so everyone sees it.
 */
import { useEffect, useState, type RefObject } from 'react'
import { useEditorState, type Editor } from '@tiptap/react'
import { t } from '../i18n/i18n.js'
import { issueAt } from '../editor/extensions/proofreading-issues.js'
import { setRuleEnabled } from './settings.js'

interface FixPopoverProps {
  editor: Editor
  /** The positioned element the popover is placed in (it scrolls with the sheet). */
  container: RefObject<HTMLElement | null>
  editable: boolean
  /** The 校对 menu is open: the popover would cover it (it opens again when the menu closes). */
  hidden: boolean
}

export function FixPopover({ editor, container, editable, hidden }: FixPopoverProps) {
  const issue = useEditorState({
    editor,
    selector: ({ editor }) => {
      const { selection } = editor.state
      if (!editor.isFocused || !selection.empty) return null
      return issueAt(editor.state, selection.head)
    },
    equalityFn: (a, b) =>
      a === b ||
      (a !== null && b !== null && a.from === b.from && a.to === b.to && a.fix === b.fix && a.message === b.message),
  })
  // A window resize moves the words under the popover: place it again.
  const [, setLayout] = useState(0)
  useEffect(() => {
    const relayout = () => setLayout((n) => n + 1)
    window.addEventListener('resize', relayout)
    return () => window.removeEventListener('resize', relayout)
  }, [])

  const box = container.current
  if (hidden || !issue || !box || editor.isDestroyed) return null
  let start: { left: number; bottom: number }
  try {
    start = editor.view.coordsAtPos(issue.from)
  } catch {
    return null
  }
  const frame = box.getBoundingClientRect()
  const left = Math.max(0, Math.min(start.left - frame.left, frame.width - 300))
  const top = start.bottom - frame.top + 6

  return (
    <div
      className="proof-popover"
      style={{ left, top }}
      role="dialog"
      aria-label={t('proofreading.title')}
      data-testid="proofreading-popover"
    >
      <p className="proof-popover__message">{t(`proofreading.message.${issue.message}`)}</p>
      <div className="proof-popover__actions">
        {editable && issue.fix !== null && (
          <button
            type="button"
            className="button button--primary button--small"
            title={t('proofreading.fixShortcut')}
            // Keep the cursor in the editor: the fix is applied where it is.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => editor.chain().focus().applyProofFix(issue.from).run()}
            data-testid="proofreading-fix"
          >
            {issue.fix === '' ? t('proofreading.delete') : t('proofreading.fix', { fix: issue.fix })}
          </button>
        )}
        <button
          type="button"
          className="button button--quiet button--small"
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => setRuleEnabled(issue.rule, false)}
        >
          {t('proofreading.switchOff')}
        </button>
      </div>
    </div>
  )
}

/**
 * 编辑 / 修订: whether typing changes the text or proposes changes (Ctrl+Shift+E switches). Shown
 * to those who may choose; those who may only suggest see the mode as a badge instead.
 */
import type { Editor } from '@tiptap/react'
import { t } from '../i18n/i18n.js'
import type { EditingMode } from './extensions/suggestion-marks.js'

const modes = ['edit', 'suggest'] as const

/** The keys of the switch, as this platform writes them. */
export const modeShortcut = /Mac|iPhone|iPad/.test(typeof navigator === 'undefined' ? '' : navigator.platform)
  ? '⌘+Shift+E'
  : 'Ctrl+Shift+E'

export function ModeSwitch({ editor, mode }: { editor: Editor; mode: EditingMode }) {
  return (
    <div
      className="segmented mode-switch"
      role="radiogroup"
      aria-label={t('suggestions.mode')}
      data-testid="mode-switch"
    >
      {modes.map((option) => (
        <button
          key={option}
          type="button"
          role="radio"
          aria-checked={mode === option}
          className={`segmented__option mode-switch__option mode-switch__option--${option}`}
          title={`${t(option === 'edit' ? 'suggestions.modeEditTitle' : 'suggestions.modeSuggestTitle')} (${modeShortcut})`}
          // Keep the selection in the editor: the switch changes what the next keystroke does there.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => editor.chain().focus().setEditingMode(option).run()}
          data-mode={option}
        >
          {t(option === 'edit' ? 'suggestions.modeEdit' : 'suggestions.modeSuggest')}
        </button>
      ))}
    </div>
  )
}

/** The mode of one who may only suggest: not a choice, a fact. */
export function SuggestOnlyBadge() {
  return (
    <span className="mode-badge" data-testid="mode-badge" title={t('suggestions.onlyNotice')}>
      {t('suggestions.modeBadge')}
    </span>
  )
}

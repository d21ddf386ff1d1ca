/**
 * 校对 in the toolbar: how many issues the text has, a jump to the next one, and the rules, each
 * of which can be switched off (remembered in this browser). Whether it is open is the editor's to
 * know: the fix popover stays out of its way meanwhile.
 */
import { useId, useRef } from 'react'
import { useEditorState, type Editor } from '@tiptap/react'
import { ruleIds } from '../../shared/editor/proofreading/index.js'
import { t } from '../i18n/i18n.js'
import { issuesOf } from '../editor/extensions/proofreading-issues.js'
import { useDismiss } from '../ui/use-dismiss.js'
import { setRuleEnabled, useEnabledRules } from './settings.js'
import { jumpToIssue } from './text-issues.js'

interface ProofreadingMenuProps {
  editor: Editor
  open: boolean
  setOpen: (open: boolean) => void
}

export function ProofreadingMenu({ editor, open, setOpen }: ProofreadingMenuProps) {
  const root = useRef<HTMLDivElement>(null)
  const panelId = useId()
  const enabled = useEnabledRules()
  const issues = useEditorState({
    editor,
    selector: ({ editor }) => issuesOf(editor.state),
    equalityFn: (a, b) => a === b,
  })

  // Escape leaves the focus where it is, most often in the text: the button does not take it (onMouseDown below).
  useDismiss(open, () => setOpen(false), { root })

  /** Moves the cursor into the next issue after it (wrapping around) and closes the menu: the fix popover opens there. */
  const next = () => {
    const head = editor.state.selection.head
    const target = issues.find((issue) => issue.from > head) ?? issues[0]
    if (!target) return
    setOpen(false)
    jumpToIssue(editor, target)
  }

  const perRule = (rule: string) => issues.filter((issue) => issue.rule === rule).length

  return (
    <div className="proof-menu" ref={root}>
      <button
        type="button"
        className="tool"
        aria-expanded={open}
        aria-controls={panelId}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => setOpen(!open)}
        data-testid="proofreading-button"
        data-issues={issues.length}
      >
        <span
          aria-hidden="true"
          className={issues.length ? 'proof-menu__mark proof-menu__mark--issues' : 'proof-menu__mark'}
        >
          ✓
        </span>{' '}
        {issues.length ? t('proofreading.count', { n: issues.length }) : t('proofreading.button')}
      </button>
      {open && (
        <div className="proof-menu__panel" id={panelId} data-testid="proofreading-panel">
          <h2 className="proof-menu__title">{t('proofreading.title')}</h2>
          <p className="proof-menu__summary">
            {issues.length ? t('proofreading.found', { n: issues.length }) : t('proofreading.none')}
            {issues.length > 0 && (
              <button
                type="button"
                className="button button--small"
                onMouseDown={(event) => event.preventDefault()}
                onClick={next}
              >
                {t('proofreading.next')}
              </button>
            )}
          </p>
          <fieldset className="proof-menu__rules">
            <legend className="field__label">{t('proofreading.rules')}</legend>
            {ruleIds.map((rule) => (
              <label key={rule} className="proof-menu__rule">
                <input
                  type="checkbox"
                  checked={enabled.has(rule)}
                  onChange={(event) => setRuleEnabled(rule, event.target.checked)}
                />
                <span className={`proof-menu__swatch proof-menu__swatch--${rule}`} aria-hidden="true" />
                <span className="proof-menu__rule-name">{t(`proofreading.rule.${rule}`)}</span>
                {enabled.has(rule) && perRule(rule) > 0 && (
                  <span className="proof-menu__rule-count">{t('proofreading.ruleCount', { n: perRule(rule) })}</span>
                )}
              </label>
            ))}
          </fieldset>
        </div>
      )}
    </div>
  )
}

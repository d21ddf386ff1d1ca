/**
 * 字数统计 under the sheet: the document's and the selection's count as Word and WPS give it
 * (shared/editor/char-count.ts), and progress towards an optional length target.
 */
import { useState, type FormEvent } from 'react'
import { useEditorState, type Editor } from '@tiptap/react'
import { countText } from '../../shared/editor/char-count.js'
import { charCountOf } from '../editor/extensions/char-counts.js'
import { t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { useLengthTarget } from './length-target.js'

export function CountBar({ editor, docId }: { editor: Editor; docId: string }) {
  const [target, setTarget] = useLengthTarget(docId)
  const [editingTarget, setEditingTarget] = useState(false)
  const { total, selection } = useEditorState({
    editor,
    selector: ({ editor }) => {
      const { doc, selection } = editor.state
      return {
        total: charCountOf(editor.state),
        selection: selection.empty ? null : countText(doc.textBetween(selection.from, selection.to, '\n', '\n')),
      }
    },
  })

  const percent = target ? Math.round((total.words / target) * 100) : 0
  const over = target ? total.words - target : 0
  const detail = t('count.detail', {
    hanzi: total.hanzi,
    punctuation: total.punctuation,
    chars: total.charsNoSpaces,
    charsWithSpaces: total.charsWithSpaces,
  })

  return (
    <footer className="count-bar" aria-label={t('count.label')} data-testid="count-bar">
      <span
        className="count-bar__total"
        title={`${detail}\n${t('count.explain')}`}
        data-testid="word-count"
        data-words={total.words}
      >
        {t('count.words', { n: total.words })}
      </span>
      <span className="count-bar__detail">
        {t('count.hanzi', { n: total.hanzi })} · {t('count.punctuation', { n: total.punctuation })}
      </span>
      {selection && (
        <span
          className="count-bar__selection"
          data-testid="selection-count"
          title={t('count.selectionDetail', {
            words: selection.words,
            hanzi: selection.hanzi,
            punctuation: selection.punctuation,
          })}
        >
          {t('count.selection', { n: selection.words })}
        </span>
      )}
      <span className="count-bar__spacer" />
      <button
        type="button"
        className="count-target"
        onClick={() => setEditingTarget(true)}
        title={
          target ? (over > 0 ? t('count.over', { n: over }) : t('count.progress', { percent })) : t('count.setTarget')
        }
        data-testid="length-target"
      >
        {target ? (
          <>
            <span
              className={over > 0 ? 'count-target__meter count-target__meter--over' : 'count-target__meter'}
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={target}
              aria-valuenow={Math.min(total.words, target)}
              aria-label={t('count.targetTitle')}
            >
              <span className="count-target__fill" style={{ width: `${Math.min(100, percent)}%` }} />
            </span>
            <span>{t('count.target', { n: target })}</span>
            <span className="count-target__percent">{over > 0 ? t('count.over', { n: over }) : `${percent}%`}</span>
          </>
        ) : (
          t('count.setTarget')
        )}
      </button>
      {editingTarget && (
        <TargetDialog
          target={target}
          onSave={(next) => {
            setTarget(next)
            setEditingTarget(false)
          }}
          onCancel={() => setEditingTarget(false)}
        />
      )}
    </footer>
  )
}

function TargetDialog({
  target,
  onSave,
  onCancel,
}: {
  target: number | null
  onSave: (target: number | null) => void
  onCancel: () => void
}) {
  const [value, setValue] = useState(target ? String(target) : '')
  const parsed = Number(value.trim())
  const valid = value.trim() === '' || (Number.isInteger(parsed) && parsed > 0 && parsed <= 1_000_000)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (valid) onSave(value.trim() === '' ? null : parsed)
  }
  return (
    <Dialog open title={t('count.targetTitle')} onCancel={onCancel} testId="length-target-dialog">
      <form onSubmit={submit}>
        <label className="field">
          <span className="field__label">{t('count.targetLabel')}</span>
          <input
            className="input"
            inputMode="numeric"
            autoFocus
            value={value}
            placeholder={t('count.targetPlaceholder')}
            onChange={(event) => setValue(event.target.value.replace(/[^\d]/g, ''))}
          />
        </label>
        <p className="dialog__text">{t('count.targetHint')}</p>
        <DialogActions cancel={t('count.cancel')} onCancel={onCancel} confirm={t('count.save')} disabled={!valid}>
          {target !== null && (
            <button type="button" className="button button--quiet" onClick={() => onSave(null)}>
              {t('count.clear')}
            </button>
          )}
        </DialogActions>
      </form>
    </Dialog>
  )
}

/**
 * 引用: the selected words cite a material or another document of the group. The list is what the
 * server says this reader may cite; choosing one marks the words (a citation mark in the shared
 * text, so everyone sees it at once), and the words already citing can stop citing.
 */
import { useEffect, useState } from 'react'
import type { Editor } from '@tiptap/react'
import type { Citable } from '../../shared/citations.js'
import { citationMark } from '../../shared/editor/citation-targets.js'
import { api, call } from '../api/client.js'
import { messageOf } from '../forms/form-errors.js'
import { t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'

type Loading = { kind: 'loading' } | { kind: 'loaded'; citable: Citable } | { kind: 'failed'; error: unknown }

export function CiteDialog({ docId, editor, onClose }: { docId: string; editor: Editor; onClose: () => void }) {
  const [loading, setLoading] = useState<Loading>({ kind: 'loading' })
  const [chosen, setChosen] = useState<string | null>(null)
  const { from, to } = editor.state.selection
  const words = editor.state.doc.textBetween(from, to, ' ')
  const citing = editor.isActive(citationMark)

  useEffect(() => {
    let current = true
    call(api.api.documents[':id'].citable.$get({ param: { id: docId } })).then(
      (citable) => current && setLoading({ kind: 'loaded', citable }),
      (error: unknown) => current && setLoading({ kind: 'failed', error }),
    )
    return () => {
      current = false
    }
  }, [docId])

  const cite = () => {
    if (!chosen) return
    editor.chain().focus().setTextSelection({ from, to }).setMark(citationMark, { target: chosen }).run()
    onClose()
  }
  const uncite = () => {
    editor.chain().focus().setTextSelection({ from, to }).unsetMark(citationMark).run()
    onClose()
  }

  const option = (target: string, label: string, facts: string) => (
    <li key={target}>
      <label className="cite-option">
        <input
          type="radio"
          name="cite-target"
          value={target}
          checked={chosen === target}
          onChange={() => setChosen(target)}
        />
        <span className="cite-option__label">{label}</span>
        <span className="muted cite-option__facts">{facts}</span>
      </label>
    </li>
  )

  return (
    <Dialog open title={t('citations.citeTitle')} onCancel={onClose} testId="cite-dialog">
      <p className="dialog__text">
        {t('citations.citeIntro', { words: words.length > 40 ? `${words.slice(0, 40)}…` : words })}
      </p>
      {loading.kind === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {loading.kind === 'failed' && (
        <p className="alert" role="alert">
          {messageOf(loading.error)}
        </p>
      )}
      {loading.kind === 'loaded' && (
        <div className="cite-choices">
          <h3 className="people__title">{t('citations.materials')}</h3>
          {loading.citable.materials.length === 0 ? (
            <p className="muted">{t('citations.noMaterials')}</p>
          ) : (
            <ul className="cite-options">
              {loading.citable.materials.map((m) => option(m.target, m.title, `${m.source} · ${m.date}`))}
            </ul>
          )}
          <h3 className="people__title">{t('citations.documents')}</h3>
          {loading.citable.documents.length === 0 ? (
            <p className="muted">{t('citations.noDocuments')}</p>
          ) : (
            <ul className="cite-options">
              {loading.citable.documents.map((d) => option(d.target, d.title, t(`kind.${d.documentKind}`)))}
            </ul>
          )}
        </div>
      )}
      <DialogActions
        cancel={t('citations.cancel')}
        onCancel={onClose}
        confirm={t('citations.cite')}
        onConfirm={cite}
        disabled={!chosen}
      >
        {citing && (
          <button type="button" className="button" onClick={uncite}>
            {t('citations.uncite')}
          </button>
        )}
      </DialogActions>
    </Dialog>
  )
}

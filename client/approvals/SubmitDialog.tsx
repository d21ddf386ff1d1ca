/** 送审: the convener picks one version and writes a note to the chair. */
import { useState, type FormEvent } from 'react'
import type { Version } from '../../shared/schema.js'
import { t } from '../app/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { kindLabel } from '../versions/kindLabel.js'
import { versionName } from '../versions/VersionReader.js'
import { submitVersion } from './workflowRequests.js'

interface SubmitDialogProps {
  docId: string
  /** Oldest first. */
  versions: Version[]
  onSubmitted: () => void
  onCancel: () => void
  /** Opens the history panel, where a version can be saved first. */
  onSaveFirst: () => void
}

export function SubmitDialog({ docId, versions, onSubmitted, onCancel, onSaveFirst }: SubmitDialogProps) {
  const newestFirst = [...versions].reverse()
  // Nothing picked yet means the newest: the list may still grow while it is asked again.
  const [picked, setPicked] = useState<string | null>(null)
  const chosen = picked ?? (newestFirst[0] ? String(newestFirst[0].number) : '')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await submitVersion(docId, { versionNumber: Number(chosen), note: note.trim() })
      onSubmitted()
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause))
      setBusy(false)
    }
  }

  return (
    <Dialog open title={t('workflow.submitTitle')} onCancel={onCancel} testId="submit-dialog">
      {versions.length === 0 ? (
        <>
          <p className="dialog__text">{t('workflow.submitNoVersions')}</p>
          <div className="dialog__actions">
            <button type="button" className="button" onClick={onCancel}>
              {t('workflow.cancel')}
            </button>
            <button type="button" className="button button--primary" onClick={onSaveFirst}>
              {t('workflow.openHistory')}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={(event) => void submit(event)}>
          <p className="dialog__text">{t('workflow.submitIntro')}</p>
          <label className="field">
            <span className="field__label">{t('workflow.submitVersion')}</span>
            <select className="input" value={chosen} onChange={(event) => setPicked(event.target.value)} required>
              {newestFirst.map((v) => (
                <option key={v.number} value={String(v.number)}>
                  {versionName(v, v.number)}（{kindLabel(v.kind)}）
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">
              {t('workflow.submitNote')}
              <span className="muted">{t('workflow.optional')}</span>
            </span>
            <textarea
              className="input textarea"
              rows={4}
              value={note}
              maxLength={2000}
              placeholder={t('workflow.submitNotePlaceholder')}
              onChange={(event) => setNote(event.target.value)}
            />
          </label>
          {error && (
            <p className="alert" role="alert">
              {error}
            </p>
          )}
          <div className="dialog__actions">
            <button type="button" className="button" onClick={onCancel}>
              {t('workflow.cancel')}
            </button>
            <button type="submit" className="button button--primary" disabled={busy || chosen === ''}>
              {t('workflow.submit')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  )
}

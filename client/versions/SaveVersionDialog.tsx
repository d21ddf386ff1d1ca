/** 保存版本: a label for the live draft as it is now, e.g. 第二稿：吸收农业农村局意见. */
import { useState, type FormEvent } from 'react'
import type { Version } from '../../shared/schema.js'
import { api, call } from '../api/client.js'
import { t } from '../app/i18n.js'
import { Dialog } from '../ui/Dialog.js'

interface SaveVersionDialogProps {
  docId: string
  onSaved: (version: Version) => void
  onCancel: () => void
}

export function SaveVersionDialog({ docId, onSaved, onCancel }: SaveVersionDialogProps) {
  const [label, setLabel] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      onSaved(await call(api.api.documents[':id'].versions.$post({ param: { id: docId }, json: { label: label.trim() } })))
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause))
      setBusy(false)
    }
  }

  return (
    <Dialog open title={t('versions.saveTitle')} onCancel={onCancel} testId="save-version-dialog">
      <form onSubmit={(event) => void save(event)}>
        <p className="dialog__text">{t('versions.saveIntro')}</p>
        <label className="field">
          <span className="field__label">{t('versions.label')}</span>
          <input
            className="input"
            value={label}
            onChange={(event) => setLabel(event.target.value)}
            placeholder={t('versions.labelPlaceholder')}
            maxLength={100}
            required
            autoFocus
          />
        </label>
        {error && (
          <p className="alert" role="alert">
            {error}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onCancel}>
            {t('versions.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy || label.trim() === ''}>
            {t('versions.save')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

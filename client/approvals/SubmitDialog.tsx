/** 送审: the convener picks one version and writes a note to the chair. */
import { useState, type FormEvent } from 'react'
import type { Version } from '../../shared/schema.js'
import { errorMessage, t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { FormError } from '../ui/Field.js'
import { useSubmit } from '../ui/use-submit.js'
import { kindLabel } from '../versions/kind-label.js'
import { versionName } from '../versions/VersionReader.js'
import { NoteField } from './NoteField.js'
import { submitVersion } from './workflow-requests.js'

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
  const { busy, error, run } = useSubmit(errorMessage, null, { keepBusy: true })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    await run(async () => {
      await submitVersion(docId, { versionNumber: Number(chosen), note: note.trim() })
      onSubmitted()
    })
  }

  return (
    <Dialog open title={t('workflow.submitTitle')} onCancel={onCancel} testId="submit-dialog">
      {versions.length === 0 ? (
        <>
          <p className="dialog__text">{t('workflow.submitNoVersions')}</p>
          <DialogActions
            cancel={t('workflow.cancel')}
            onCancel={onCancel}
            confirm={t('workflow.openHistory')}
            onConfirm={onSaveFirst}
          />
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
          <NoteField
            label={t('workflow.submitNote')}
            value={note}
            onChange={setNote}
            placeholder={t('workflow.submitNotePlaceholder')}
          />
          <FormError message={error} />
          <DialogActions
            cancel={t('workflow.cancel')}
            onCancel={onCancel}
            confirm={t('workflow.submit')}
            disabled={busy || chosen === ''}
          />
        </form>
      )}
    </Dialog>
  )
}

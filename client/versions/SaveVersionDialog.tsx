/** 保存版本: a label for the live draft as it is now, e.g. 第二稿：吸收农业农村局意见. */
import { useId, useState, type FormEvent } from 'react'
import type { Version } from '../../shared/schema.js'
import { textLimits } from '../../shared/text-limits.js'
import { describedWith, LengthCounter, measure } from '../forms/LengthCounter.js'
import { api, call } from '../api/client.js'
import { errorMessage, t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { FormError } from '../ui/Field.js'
import { useSubmit } from '../ui/use-submit.js'

interface SaveVersionDialogProps {
  docId: string
  onSaved: (version: Version) => void
  onCancel: () => void
}

export function SaveVersionDialog({ docId, onSaved, onCancel }: SaveVersionDialogProps) {
  const [label, setLabel] = useState('')
  const { busy, error, run } = useSubmit(errorMessage, null, { keepBusy: true })
  const id = useId()
  const length = measure(textLimits.versionLabel, label)

  const save = async (event: FormEvent) => {
    event.preventDefault()
    if (length.over) return
    await run(async () =>
      onSaved(
        await call(api.api.documents[':id'].versions.$post({ param: { id: docId }, json: { label: label.trim() } })),
      ),
    )
  }

  return (
    <Dialog open title={t('versions.saveTitle')} onCancel={onCancel} testId="save-version-dialog">
      <form onSubmit={(event) => void save(event)}>
        <p className="dialog__text">{t('versions.saveIntro')}</p>
        <div className="field">
          <label className="field__label" htmlFor={id}>
            {t('versions.label')}
          </label>
          <input
            id={id}
            className="input"
            value={label}
            onChange={(event) => setLabel(event.target.value)}
            placeholder={t('versions.labelPlaceholder')}
            aria-describedby={describedWith(id, length)}
            aria-invalid={length.over || undefined}
            required
            autoFocus
          />
          <LengthCounter inputId={id} measured={length} name={t('versions.label')} />
        </div>
        <FormError message={error} />
        <DialogActions
          cancel={t('versions.cancel')}
          onCancel={onCancel}
          confirm={t('versions.save')}
          disabled={busy || label.trim() === '' || length.over}
        />
      </form>
    </Dialog>
  )
}

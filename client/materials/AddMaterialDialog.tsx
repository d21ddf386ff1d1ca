/**
 * 添加调研材料: a file (PDF, DOCX, XLSX, PNG, JPEG — the server recognises it by its content) with a
 * title, where it came from and its date. A file over the server's limit is refused here before
 * it is sent; the server says the same (413) to anyone who sends one anyway.
 */
import { useId, useState, type FormEvent } from 'react'
import { textLimits } from '../../shared/text-limits.js'
import { api, call } from '../api/client.js'
import { useFormSubmit } from '../forms/use-form-submit.js'
import { describedWith, LengthCounter, measure } from '../forms/LengthCounter.js'
import { officeToday, t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { describedBy, Field, FormError } from '../ui/Field.js'
import { formatSize } from './material-hrefs.js'

interface AddMaterialDialogProps {
  groupId: string
  /** The largest file the server takes. */
  maxBytes: number
  onClose: (added: boolean) => void
}

export function AddMaterialDialog({ groupId, maxBytes, onClose }: AddMaterialDialogProps) {
  const id = useId()
  const [file, setFile] = useState<File | null>(null)
  const [title, setTitle] = useState('')
  const [source, setSource] = useState('')
  const [date, setDate] = useState(officeToday())
  const { busy, errors, setErrors, run } = useFormSubmit(['file', 'title', 'source', 'date'], { keepBusy: true })
  const titleLength = measure(textLimits.materialTitle, title)
  const sourceLength = measure(textLimits.materialSource, source)
  const size = formatSize(maxBytes)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!file) {
      setErrors({ fields: { file: t('materials.chooseFile') }, form: null })
      return
    }
    if (file.size > maxBytes) {
      setErrors({ fields: { file: t('materials.tooLarge', { size }) }, form: null })
      return
    }
    const done = await run(() =>
      call(
        api.api.groups[':id'].materials.$post({
          param: { id: groupId },
          form: { file, title: title.trim(), source: source.trim(), date },
        }),
      ),
    )
    if (done) onClose(true)
  }

  const { fields } = errors
  return (
    <Dialog
      open
      title={t('materials.dialogTitle')}
      onCancel={busy ? undefined : () => onClose(false)}
      testId="material-dialog"
    >
      <form onSubmit={(event) => void submit(event)} noValidate aria-busy={busy || undefined}>
        <Field
          id={`${id}-file`}
          label={t('materials.file')}
          hint={t('materials.fileHint', { size })}
          error={fields.file}
        >
          <input
            id={`${id}-file`}
            className="input"
            type="file"
            accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
            disabled={busy}
            autoFocus
            onChange={(event) => {
              const chosen = event.target.files?.[0] ?? null
              setFile(chosen)
              // The file's name is a first title, which the writer may change.
              if (chosen && title.trim() === '') setTitle(chosen.name.replace(/\.[A-Za-z0-9]{1,8}$/, ''))
              setErrors({ fields: {}, form: null })
            }}
            {...describedBy(`${id}-file`, { hint: true, error: fields.file })}
            data-testid="material-file"
          />
        </Field>
        <Field id={`${id}-title`} label={t('materials.fieldTitle')} error={fields.title}>
          <input
            id={`${id}-title`}
            className="input"
            value={title}
            disabled={busy}
            onChange={(event) => setTitle(event.target.value)}
            aria-describedby={describedWith(`${id}-title`, titleLength)}
            aria-invalid={titleLength.over || Boolean(fields.title) || undefined}
            required
            data-testid="material-title-input"
          />
          <LengthCounter inputId={`${id}-title`} measured={titleLength} name={t('materials.fieldTitle')} />
        </Field>
        <Field id={`${id}-source`} label={t('materials.fieldSource')} error={fields.source}>
          <input
            id={`${id}-source`}
            className="input"
            value={source}
            disabled={busy}
            onChange={(event) => setSource(event.target.value)}
            aria-describedby={describedWith(`${id}-source`, sourceLength)}
            aria-invalid={sourceLength.over || Boolean(fields.source) || undefined}
            required
            data-testid="material-source"
          />
          <LengthCounter inputId={`${id}-source`} measured={sourceLength} name={t('materials.fieldSource')} />
        </Field>
        <Field id={`${id}-date`} label={t('materials.fieldDate')} error={fields.date}>
          <input
            id={`${id}-date`}
            className="input"
            type="date"
            value={date}
            disabled={busy}
            onChange={(event) => setDate(event.target.value)}
            {...describedBy(`${id}-date`, { error: fields.date })}
            required
            data-testid="material-date"
          />
        </Field>
        {busy && file && (
          <p className="muted" role="status" data-testid="material-uploading">
            {t('materials.uploading', { file: file.name })}
          </p>
        )}
        <FormError message={errors.form} />
        <DialogActions
          cancel={t('materials.cancel')}
          onCancel={() => onClose(false)}
          confirm={t('materials.submit')}
          disabled={
            busy ||
            !file ||
            title.trim() === '' ||
            source.trim() === '' ||
            !date ||
            titleLength.over ||
            sourceLength.over
          }
        />
      </form>
    </Dialog>
  )
}

/**
 * 导入Word: choose the group and a .docx, upload it (a pending line while the server reads it),
 * then the report of what was recognised and left out, with a button to open the new draft.
 * Loaded on demand from the documents page: neither this dialog nor its report is in the main chunk.
 */
import { documentKinds, type DocumentKind } from '../../shared/document-kinds.js'
import { useId, useState, type FormEvent } from 'react'
import type { ImportWordResult, Me } from '../../shared/schema.js'
import { api, call } from '../api/client.js'
import { t } from '../i18n/i18n.js'
import { documentPath, navigate } from '../routing/route.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { describedBy, Field, FormError } from '../ui/Field.js'
import { useFormSubmit } from '../forms/use-form-submit.js'
import { importReportLines } from './import-report.js'

interface ImportWordDialogProps {
  /** The groups the server lets this user create drafts in. */
  groups: Me['groups']
  onClose: () => void
}

export function ImportWordDialog({ groups, onClose }: ImportWordDialogProps) {
  const id = useId()
  const [groupId, setGroupId] = useState(groups[0].id)
  const [kind, setKind] = useState<DocumentKind>('proposal')
  const [file, setFile] = useState<File | null>(null)
  const [result, setResult] = useState<ImportWordResult | null>(null)
  const { busy, errors, setErrors, run } = useFormSubmit(['file', 'groupId', 'kind'])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!file) {
      setErrors({ fields: { file: t('import.chooseFile') }, form: null })
      return
    }
    await run(async () => {
      setResult(await call(api.api.documents.import.$post({ form: { file, groupId, kind } })))
    })
  }

  if (result) {
    const lines = importReportLines(result.report, result.document)
    return (
      <Dialog open title={t('import.doneTitle')} onCancel={() => onClose()} testId="import-word-dialog">
        <p className="dialog__text" role="status">
          {t('import.done', { title: result.document.title })}
        </p>
        <ul className="import-report" data-testid="import-report">
          {lines.map((line) => (
            <li key={line.text} className={`import-report__line import-report__line--${line.tone}`}>
              {line.text}
            </li>
          ))}
        </ul>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={() => onClose()}>
            {t('import.close')}
          </button>
          <button
            type="button"
            className="button button--primary"
            autoFocus
            onClick={() => navigate(documentPath(result.document.id))}
            data-testid="import-open"
          >
            {t('import.open')}
          </button>
        </div>
      </Dialog>
    )
  }

  const { fields } = errors
  return (
    <Dialog open title={t('import.title')} onCancel={busy ? undefined : () => onClose()} testId="import-word-dialog">
      <form onSubmit={submit} noValidate aria-busy={busy || undefined}>
        <p className="dialog__text">{t('import.intro')}</p>
        {groups.length > 1 && (
          <Field id={`${id}-group`} label={t('import.group')} error={fields.groupId}>
            <select
              id={`${id}-group`}
              className="input"
              value={groupId}
              disabled={busy}
              onChange={(event) => setGroupId(event.target.value)}
              {...describedBy(`${id}-group`, { error: fields.groupId })}
            >
              {groups.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id={`${id}-kind`} label={t('import.kind')} error={fields.kind}>
          <select
            id={`${id}-kind`}
            className="input"
            value={kind}
            disabled={busy}
            onChange={(event) => setKind(event.target.value as DocumentKind)}
            {...describedBy(`${id}-kind`, { error: fields.kind })}
            data-testid="import-kind"
          >
            {documentKinds.map((choice) => (
              <option key={choice} value={choice}>
                {t(`kind.${choice}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-file`} label={t('import.file')} hint={t('import.fileHint')} error={fields.file}>
          <input
            id={`${id}-file`}
            className="input"
            type="file"
            accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            disabled={busy}
            autoFocus
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null)
              setErrors({ fields: {}, form: null })
            }}
            {...describedBy(`${id}-file`, { hint: true, error: fields.file })}
            data-testid="import-file"
          />
        </Field>
        {busy && file && (
          <p className="muted import-pending" role="status" data-testid="import-pending">
            {t('import.pending', { file: file.name })}
          </p>
        )}
        <FormError message={errors.form} />
        <DialogActions
          cancel={t('import.cancel')}
          onCancel={() => onClose()}
          confirm={t('import.submit')}
          disabled={busy || !file}
        />
      </form>
    </Dialog>
  )
}

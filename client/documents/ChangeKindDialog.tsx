/**
 * 改文种: choose the kind a draft becomes. Only the kind changes — the text stays as written, since
 * a kind's template applies only at creation — and the dialog says so. A pending line shows while
 * the server answers; a refusal (a 建议案 with 送审 history, a 纪要 the schedule links to) stays in
 * the dialog in the server's terms. Loaded on demand: not in the main chunk.
 */
import { useId, useState, type FormEvent } from 'react'
import { documentKinds, type DocumentKind } from '../../shared/document-kinds.js'
import type { DocumentView } from '../../shared/schema.js'
import { api, call } from '../api/client.js'
import { useFormSubmit } from '../forms/use-form-submit.js'
import { t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { describedBy, Field, FormError } from '../ui/Field.js'

interface ChangeKindDialogProps {
  doc: Pick<DocumentView, 'id' | 'title' | 'kind'>
  /** The document as the server now has it, or null when nothing changed. */
  onClose: (changed: DocumentView | null) => void
}

export function ChangeKindDialog({ doc, onClose }: ChangeKindDialogProps) {
  const id = useId()
  const [kind, setKind] = useState<DocumentKind>(doc.kind)
  const { busy, errors, run } = useFormSubmit(['kind'], { keepBusy: true })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (kind === doc.kind) return onClose(null)
    const answer: { doc: DocumentView | null } = { doc: null }
    const done = await run(async () => {
      answer.doc = await call(api.api.documents[':id'].kind.$put({ param: { id: doc.id }, json: { kind } }))
    })
    if (done) onClose(answer.doc)
  }

  return (
    <Dialog
      open
      title={t('documents.changeKindTitle', { title: doc.title })}
      onCancel={busy ? undefined : () => onClose(null)}
      testId="change-kind-dialog"
    >
      <form onSubmit={submit} noValidate aria-busy={busy || undefined}>
        <Field id={`${id}-kind`} label={t('documents.changeKindLabel')} error={errors.fields.kind}>
          <select
            id={`${id}-kind`}
            className="input"
            value={kind}
            disabled={busy}
            autoFocus
            onChange={(event) => setKind(event.target.value as DocumentKind)}
            {...describedBy(`${id}-kind`, { hint: true, error: errors.fields.kind })}
            data-testid="change-kind-select"
          >
            {documentKinds.map((choice) => (
              <option key={choice} value={choice}>
                {t(`kind.${choice}`)}
              </option>
            ))}
          </select>
        </Field>
        <p className="dialog__text muted" id={`${id}-kind-hint`} data-testid="change-kind-note">
          {t('documents.changeKindNote')}
        </p>
        {busy && (
          <p className="muted" role="status" data-testid="change-kind-pending">
            {t('documents.changeKindSaving')}
          </p>
        )}
        <FormError message={errors.form} />
        <DialogActions
          cancel={t('documents.changeKindCancel')}
          onCancel={() => onClose(null)}
          confirm={t('documents.changeKindSave')}
          disabled={busy || kind === doc.kind}
        />
      </form>
    </Dialog>
  )
}

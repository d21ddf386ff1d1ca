/**
 * 导入修订稿: choose the returned .docx and from whom it came (an invited commenter of this draft,
 * or an outside unit by name), upload it, then read what came of it — how many suggestions and
 * comments were made, and every change that could not be placed, with the words around it as the
 * file has them, so that a person can handle it by hand. The new threads reach the sidebar as
 * pushed events, like anyone's.
 */
import { useEffect, useId, useState, type FormEvent } from 'react'
import type { Participant, ReturnedDraftReport, UnplacedChange } from '../../shared/schema.js'
import { api, call } from '../api/client.js'
import { messageOf } from '../forms/form-errors.js'
import { useFormSubmit } from '../forms/use-form-submit.js'
import { t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { describedBy, Field, FormError } from '../ui/Field.js'

interface ReturnedDraftDialogProps {
  docId: string
  onClose: () => void
}

/** Whom the server lets the draft be attributed to as accounts (its invited commenters); null while asked. */
function useSenders(docId: string): { people: Participant[] | null; error: string | null } {
  const [people, setPeople] = useState<Participant[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    call(api.api.documents[':id']['returned-drafts'].senders.$get({ param: { id: docId } })).then(
      (answer) => live && setPeople(answer.people),
      (cause: unknown) => {
        if (!live) return
        setPeople([])
        setError(messageOf(cause))
      },
    )
    return () => {
      live = false
    }
  }, [docId])
  return { people, error }
}

export function ReturnedDraftDialog({ docId, onClose }: ReturnedDraftDialogProps) {
  const [report, setReport] = useState<ReturnedDraftReport | null>(null)
  const senders = useSenders(docId)
  return (
    <Dialog open title={t('returned.title')} onCancel={onClose} testId="returned-draft-dialog">
      {report ? (
        <ReturnedDraftReportView report={report} onClose={onClose} />
      ) : senders.people === null ? (
        <p className="muted" role="status">
          {t('app.loading')}
        </p>
      ) : (
        <ReturnedDraftForm
          docId={docId}
          commenters={senders.people}
          loadError={senders.error}
          onImported={setReport}
          onClose={onClose}
        />
      )}
    </Dialog>
  )
}

function ReturnedDraftForm({
  docId,
  commenters,
  loadError,
  onImported,
  onClose,
}: ReturnedDraftDialogProps & {
  commenters: Participant[]
  loadError: string | null
  onImported: (report: ReturnedDraftReport) => void
}) {
  const id = useId()
  const [file, setFile] = useState<File | null>(null)
  const [kind, setKind] = useState<'user' | 'unit'>(commenters.length > 0 ? 'user' : 'unit')
  const [userId, setUserId] = useState('')
  const [unit, setUnit] = useState('')
  const { busy, errors, run } = useFormSubmit(['file', 'fromUserId', 'fromUnit'])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      const from = kind === 'user' ? { fromUserId: userId } : { fromUnit: unit }
      // The server says what is missing (no file, nobody chosen), beside the field it names.
      const form = { ...(file ? { file } : {}), ...from } as { file: File; fromUserId?: string; fromUnit?: string }
      onImported(await call(api.api.documents[':id']['returned-drafts'].$post({ param: { id: docId }, form })))
    })
  }

  return (
    <form onSubmit={submit} noValidate data-testid="returned-draft-form">
      <p className="dialog__text">{t('returned.intro')}</p>
      <Field id={`${id}-file`} label={t('returned.file')} error={errors.fields.file}>
        <input
          id={`${id}-file`}
          type="file"
          accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          {...describedBy(`${id}-file`, { error: errors.fields.file })}
          data-testid="returned-draft-file"
        />
      </Field>
      <fieldset className="returned-draft__from">
        <legend className="field__label">{t('returned.from')}</legend>
        <label className="returned-draft__choice">
          <input
            type="radio"
            name={`${id}-kind`}
            checked={kind === 'user'}
            disabled={commenters.length === 0}
            onChange={() => setKind('user')}
            data-testid="returned-draft-from-user"
          />
          {t('returned.fromUser')}
        </label>
        <label className="returned-draft__choice">
          <input
            type="radio"
            name={`${id}-kind`}
            checked={kind === 'unit'}
            onChange={() => setKind('unit')}
            data-testid="returned-draft-from-unit"
          />
          {t('returned.fromUnit')}
        </label>
        {commenters.length === 0 && <p className="muted returned-draft__none">{t('returned.noInvitees')}</p>}
      </fieldset>
      {kind === 'user' ? (
        <Field id={`${id}-user`} label={t('returned.userLabel')} error={errors.fields.fromUserId}>
          <select
            id={`${id}-user`}
            value={userId}
            onChange={(event) => setUserId(event.target.value)}
            {...describedBy(`${id}-user`, { error: errors.fields.fromUserId })}
            data-testid="returned-draft-user"
          >
            <option value="">{t('returned.chooseUser')}</option>
            {commenters.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
              </option>
            ))}
          </select>
        </Field>
      ) : (
        <Field id={`${id}-unit`} label={t('returned.unitLabel')} error={errors.fields.fromUnit}>
          <input
            id={`${id}-unit`}
            type="text"
            value={unit}
            maxLength={60}
            placeholder={t('returned.unitPlaceholder')}
            onChange={(event) => setUnit(event.target.value)}
            {...describedBy(`${id}-unit`, { error: errors.fields.fromUnit })}
            data-testid="returned-draft-unit"
          />
        </Field>
      )}
      <FormError message={errors.form ?? loadError} />
      {busy && (
        <p className="muted" role="status" data-testid="returned-draft-pending">
          {t('returned.pending')}
        </p>
      )}
      <DialogActions
        cancel={t('returned.cancel')}
        onCancel={onClose}
        confirm={busy ? t('returned.pending') : t('returned.submit')}
        disabled={busy}
      />
    </form>
  )
}

/** What the change does, in words: 将“…”改为“…”, 删除“…”, 插入“…”, 批注：…. */
function changeWords(change: UnplacedChange): string {
  switch (change.kind) {
    case 'comment':
      return t('returned.commented', { text: change.inserted })
    case 'insertion':
      return t('returned.inserted', { text: change.inserted })
    case 'deletion':
      return t('returned.deleted', { text: change.deleted })
    default:
      return change.inserted === ''
        ? t('returned.deleted', { text: change.deleted })
        : t('returned.replaced', { from: change.deleted, to: change.inserted })
  }
}

function ReturnedDraftReportView({ report, onClose }: { report: ReturnedDraftReport; onClose: () => void }) {
  return (
    <div className="returned-draft__report" data-testid="returned-draft-report">
      <p className="returned-draft__summary" role="status" data-testid="returned-draft-summary">
        {t('returned.summary', { suggestions: report.suggestions, comments: report.comments })}
      </p>
      {report.formattingChanges > 0 && (
        <p className="muted">{t('returned.formatting', { n: report.formattingChanges })}</p>
      )}
      {report.unplaced.length === 0 ? (
        <p className="muted">{t('returned.allPlaced')}</p>
      ) : (
        <>
          <p className="returned-draft__unplaced-head">{t('returned.unplacedHead', { n: report.unplaced.length })}</p>
          <ol className="returned-draft__unplaced" data-testid="returned-draft-unplaced">
            {report.unplaced.map((change, i) => (
              <li key={i} className="returned-draft__item" data-kind={change.kind} data-reason={change.reason}>
                <p className="returned-draft__what">
                  <span className="thread-tag">{t(`returned.kind.${change.kind}`)}</span>
                  <span>{changeWords(change).replace(/\n/g, '↵')}</span>
                </p>
                <p className="returned-draft__context">
                  <span className="muted">{t('returned.context')}</span>
                  {change.before}
                  <mark className="returned-draft__here">{change.deleted.replace(/\n/g, '↵') || '‸'}</mark>
                  {change.after}
                </p>
                <p className="muted returned-draft__why">
                  {t(`returned.reason.${change.reason}`)} ·{' '}
                  {t('returned.author', { name: change.author || t('returned.unknownAuthor') })}
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
      <div className="dialog__actions">
        <button type="button" className="button button--primary" onClick={onClose} autoFocus>
          {t('returned.done')}
        </button>
      </div>
    </div>
  )
}

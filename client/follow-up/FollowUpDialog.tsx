/**
 * 记录领导批示 / 转办 / 办理反馈 / 成果转化: one form per kind, the fields the server's schema takes
 * (shared/follow-up.ts), each counted by its limit. A 批示 or a 办理反馈 may carry a file (a scanned
 * page, a reply letter: PDF, PNG, JPEG — the server recognises it by its content); a file over the
 * server's limit is refused here before it is sent, as the server would (413).
 */
import { useId, useState, type FormEvent } from 'react'
import { kindTakesFile, outcomeKinds, type FollowUpKind, type OutcomeKind } from '../../shared/follow-up.js'
import { textLimits, type TextLimit } from '../../shared/text-limits.js'
import { api, call } from '../api/client.js'
import { useFormSubmit } from '../forms/use-form-submit.js'
import { describedWith, LengthCounter, measure } from '../forms/LengthCounter.js'
import { officeToday, t, type MessageKey } from '../i18n/i18n.js'
import { formatSize } from '../materials/material-hrefs.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { describedBy, Field, FormError } from '../ui/Field.js'

interface TextField {
  name: string
  label: MessageKey
  limit: TextLimit
  required: boolean
  multiline?: boolean
  placeholder?: MessageKey
}

/** The words each kind takes, in the order of the form. */
const fieldsOf: Record<FollowUpKind, TextField[]> = {
  instruction: [
    {
      name: 'leader',
      label: 'followUp.leader',
      limit: textLimits.leader,
      required: true,
      placeholder: 'followUp.leaderPlaceholder',
    },
    {
      name: 'post',
      label: 'followUp.post',
      limit: textLimits.leaderPost,
      required: false,
      placeholder: 'followUp.postPlaceholder',
    },
    {
      name: 'text',
      label: 'followUp.instructionText',
      limit: textLimits.followUpText,
      required: true,
      multiline: true,
    },
  ],
  referral: [
    {
      name: 'units',
      label: 'followUp.units',
      limit: textLimits.followUpUnits,
      required: true,
      placeholder: 'followUp.unitsPlaceholder',
    },
    { name: 'note', label: 'followUp.note', limit: textLimits.followUpText, required: false, multiline: true },
  ],
  feedback: [
    { name: 'unit', label: 'followUp.unit', limit: textLimits.unitName, required: true },
    { name: 'text', label: 'followUp.feedbackText', limit: textLimits.followUpText, required: true, multiline: true },
  ],
  outcome: [
    { name: 'title', label: 'followUp.outcomeTitle', limit: textLimits.outcomeTitle, required: true },
    { name: 'reference', label: 'followUp.reference', limit: textLimits.outcomeReference, required: false },
    { name: 'note', label: 'followUp.note', limit: textLimits.followUpText, required: false, multiline: true },
  ],
}

interface FollowUpDialogProps {
  docId: string
  kind: FollowUpKind
  /** The largest file the server takes. */
  maxBytes: number
  onClose: (added: boolean) => void
}

export function FollowUpDialog({ docId, kind, maxBytes, onClose }: FollowUpDialogProps) {
  const id = useId()
  const fields = fieldsOf[kind]
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((field) => [field.name, ''])),
  )
  const [date, setDate] = useState(officeToday())
  const [outcomeKind, setOutcomeKind] = useState<OutcomeKind>('policy')
  const [file, setFile] = useState<File | null>(null)
  const { busy, errors, setErrors, run } = useFormSubmit(['date', 'file', ...fields.map((f) => f.name)], {
    keepBusy: true,
  })
  const measured = Object.fromEntries(fields.map((field) => [field.name, measure(field.limit, values[field.name])]))
  const size = formatSize(maxBytes)
  const kindName = t(`followUp.kind.${kind}`)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (file && file.size > maxBytes) {
      setErrors({ fields: { file: t('followUp.tooLarge', { size }) }, form: null })
      return
    }
    const texts = Object.fromEntries(fields.map((field) => [field.name, values[field.name].trim()]))
    const entry = JSON.stringify({ kind, date, ...texts, ...(kind === 'outcome' ? { outcomeKind } : {}) })
    const param = { id: docId }
    const done = await run(() =>
      call(api.api.documents[':id']['follow-up'].$post({ param, form: file ? { entry, file } : { entry } })),
    )
    if (done) onClose(true)
  }

  const missing = fields.some((field) => field.required && values[field.name].trim() === '')
  const over = fields.some((field) => measured[field.name].over)
  return (
    <Dialog
      open
      title={t('followUp.add', { kind: kindName })}
      onCancel={busy ? undefined : () => onClose(false)}
      testId="follow-up-dialog"
    >
      <form onSubmit={(event) => void submit(event)} noValidate aria-busy={busy || undefined}>
        <Field id={`${id}-date`} label={t('followUp.date')} error={errors.fields.date}>
          <input
            id={`${id}-date`}
            className="input"
            type="date"
            value={date}
            disabled={busy}
            onChange={(event) => setDate(event.target.value)}
            {...describedBy(`${id}-date`, { error: errors.fields.date })}
            required
            data-testid="follow-up-date"
          />
        </Field>
        {kind === 'outcome' && (
          <Field id={`${id}-outcome-kind`} label={t('followUp.outcomeKind')}>
            <select
              id={`${id}-outcome-kind`}
              className="input"
              value={outcomeKind}
              disabled={busy}
              onChange={(event) => setOutcomeKind(event.target.value as OutcomeKind)}
              data-testid="follow-up-outcome-kind"
            >
              {outcomeKinds.map((value) => (
                <option key={value} value={value}>
                  {t(`followUp.outcome.${value}`)}
                </option>
              ))}
            </select>
          </Field>
        )}
        {fields.map((field) => {
          const inputId = `${id}-${field.name}`
          const label = t(field.label) + (field.required ? '' : t('followUp.optional'))
          const common = {
            id: inputId,
            className: 'input',
            value: values[field.name],
            disabled: busy,
            placeholder: field.placeholder ? t(field.placeholder) : undefined,
            'aria-describedby': describedWith(inputId, measured[field.name]),
            'aria-invalid': measured[field.name].over || Boolean(errors.fields[field.name]) || undefined,
            required: field.required,
            'data-testid': `follow-up-${field.name}`,
          }
          const change = (value: string) => setValues((before) => ({ ...before, [field.name]: value }))
          return (
            <Field key={field.name} id={inputId} label={label} error={errors.fields[field.name]}>
              {field.multiline ? (
                <textarea {...common} rows={4} onChange={(event) => change(event.target.value)} />
              ) : (
                <input {...common} onChange={(event) => change(event.target.value)} />
              )}
              <LengthCounter inputId={inputId} measured={measured[field.name]} name={t(field.label)} />
            </Field>
          )
        })}
        {kindTakesFile(kind) && (
          <Field
            id={`${id}-file`}
            label={t('followUp.file') + t('followUp.optional')}
            hint={t('followUp.fileHint', { size })}
            error={errors.fields.file}
          >
            <input
              id={`${id}-file`}
              className="input"
              type="file"
              accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
              disabled={busy}
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null)
                setErrors({ fields: {}, form: null })
              }}
              {...describedBy(`${id}-file`, { hint: true, error: errors.fields.file })}
              data-testid="follow-up-file"
            />
          </Field>
        )}
        {busy && (
          <p className="muted" role="status">
            {t('followUp.saving')}
          </p>
        )}
        <FormError message={errors.form} />
        <DialogActions
          cancel={t('followUp.cancel')}
          onCancel={() => onClose(false)}
          confirm={t('followUp.save')}
          disabled={busy || missing || over || !date}
        />
      </form>
    </Dialog>
  )
}

/**
 * 报送登记: the secretary records that the approved version was sent — 文号, 主送机关, 题注, 署名,
 * date and sender. The next export of the approved text prints 文号, 主送机关 and 题注.
 */
import { useState, type FormEvent } from 'react'
import type { RegisterEntry } from '../../shared/schema.js'
import { textLimits } from '../../shared/text-limits.js'
import { LengthCounter, measure, type Measured } from '../forms/LengthCounter.js'
import { useFormSubmit } from '../forms/use-form-submit.js'
import { api, call } from '../api/client.js'
import { officeToday, t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { describedBy, Field, FormError } from '../ui/Field.js'

interface RegisterDialogProps {
  docId: string
  versionNumber: number
  hash: string
  /** The group's name: the 署名 when none is given. */
  groupName: string
  /** Who is recording it: the sender unless someone else dispatched it. */
  defaultSender: string
  /** The latest entry of this document, whose 主送机关 and 题注 a new sending most often repeats. */
  previous: RegisterEntry | null
  /** The 主送机关 recognised in the Word file the draft was imported from: the first sending starts from it. */
  recipients?: string
  onCancel: () => void
  onRecorded: (entry: RegisterEntry) => void
}

const fields = ['documentNumber', 'recipients', 'adoptionNote', 'signature', 'sentOn', 'sentBy'] as const
type FieldName = (typeof fields)[number]
const required: readonly FieldName[] = ['documentNumber', 'recipients', 'sentOn', 'sentBy']
/** The free-text fields, each with its limit in shared/text-limits.ts. */
const limited = ['documentNumber', 'recipients', 'adoptionNote', 'signature', 'sentBy'] as const
type LimitedName = (typeof limited)[number]
const isLimited = (name: FieldName): name is LimitedName => (limited as readonly FieldName[]).includes(name)

export function RegisterDialog({
  docId,
  versionNumber,
  hash,
  groupName,
  defaultSender,
  previous,
  recipients,
  onCancel,
  onRecorded,
}: RegisterDialogProps) {
  const [values, setValues] = useState<Record<FieldName, string>>(() => ({
    documentNumber: '',
    recipients: previous?.recipients ?? recipients ?? '',
    adoptionNote: previous?.adoptionNote ?? '',
    signature: previous && previous.signature !== groupName ? previous.signature : '',
    sentOn: officeToday(),
    sentBy: defaultSender,
  }))
  const { busy, errors, setErrors, run } = useFormSubmit(fields, { keepBusy: true })
  const lengths = Object.fromEntries(limited.map((name) => [name, measure(textLimits[name], values[name])])) as Record<
    LimitedName,
    Measured
  >
  const tooLong = limited.some((name) => lengths[name].over)

  const set = (name: FieldName) => (event: { target: { value: string } }) => {
    setValues({ ...values, [name]: event.target.value })
    // The message about a field goes once it is being corrected.
    if (errors.fields[name]) setErrors({ ...errors, fields: { ...errors.fields, [name]: '' } })
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (tooLong) return
    const missing = required.filter((name) => !values[name].trim())
    if (missing.length > 0) {
      setErrors({ fields: Object.fromEntries(missing.map((name) => [name, t('register.required')])), form: null })
      document.getElementById(`register-${missing[0]}`)?.focus()
      return
    }
    await run(async () =>
      onRecorded(await call(api.api.documents[':id'].register.$post({ param: { id: docId }, json: values }))),
    )
  }

  const control = (name: FieldName, options: { hint?: boolean } = {}) => {
    const length = isLimited(name) ? lengths[name] : null
    return {
      id: `register-${name}`,
      name,
      className: 'input',
      value: values[name],
      onChange: set(name),
      ...describedBy(`register-${name}`, {
        hint: options.hint,
        error: errors.fields[name],
        count: length?.near,
        tooLong: length?.over,
      }),
    }
  }
  const counter = (name: LimitedName, label: string) => (
    <LengthCounter inputId={`register-${name}`} measured={lengths[name]} name={label} />
  )

  return (
    <Dialog open title={t('register.title')} onCancel={onCancel} testId="register-dialog">
      <form className="register-form" onSubmit={(event) => void submit(event)} noValidate>
        <p className="dialog__text">{t('register.dialogIntro', { n: versionNumber, hash: hash.slice(0, 12) })}</p>
        <Field id="register-documentNumber" label={t('register.documentNumber')} error={errors.fields.documentNumber}>
          <input
            {...control('documentNumber')}
            required
            placeholder={t('register.documentNumberPlaceholder')}
            autoFocus
          />
          {counter('documentNumber', t('register.documentNumber'))}
        </Field>
        <Field id="register-recipients" label={t('register.recipients')} error={errors.fields.recipients}>
          <input {...control('recipients')} required placeholder={t('register.recipientsPlaceholder')} />
          {counter('recipients', t('register.recipients'))}
        </Field>
        <Field
          id="register-adoptionNote"
          label={`${t('register.adoptionNote')}${t('register.optional')}`}
          hint={t('register.adoptionNoteHint')}
          error={errors.fields.adoptionNote}
        >
          <input {...control('adoptionNote', { hint: true })} placeholder={t('register.adoptionNotePlaceholder')} />
          {counter('adoptionNote', t('register.adoptionNote'))}
        </Field>
        <Field
          id="register-signature"
          label={`${t('register.signature')}${t('register.optional')}`}
          hint={t('register.signatureHint', { group: groupName })}
          error={errors.fields.signature}
        >
          <input {...control('signature', { hint: true })} placeholder={groupName} />
          {counter('signature', t('register.signature'))}
        </Field>
        <div className="register-form__pair">
          <Field id="register-sentOn" label={t('register.sentOn')} error={errors.fields.sentOn}>
            <input {...control('sentOn')} type="date" required />
          </Field>
          <Field id="register-sentBy" label={t('register.sentBy')} error={errors.fields.sentBy}>
            <input {...control('sentBy')} required />
            {counter('sentBy', t('register.sentBy'))}
          </Field>
        </div>
        <FormError message={errors.form} />
        <DialogActions
          cancel={t('register.cancel')}
          onCancel={onCancel}
          confirm={t('register.submit')}
          disabled={busy || tooLong}
        />
      </form>
    </Dialog>
  )
}

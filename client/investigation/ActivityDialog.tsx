/** Adding or changing one 调研活动 of the schedule: its kind, name, day, place, host and participants. */
import { useState, type FormEvent } from 'react'
import { activityKinds, type Activity, type ActivityBody, type ActivityKind } from '../../shared/investigation.js'
import { textLimits } from '../../shared/text-limits.js'
import { api, call } from '../api/client.js'
import { LengthCounter, measure, type Measured } from '../forms/LengthCounter.js'
import { useFormSubmit } from '../forms/use-form-submit.js'
import { officeToday, t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { describedBy, Field, FormError } from '../ui/Field.js'

interface ActivityDialogProps {
  groupId: string
  /** The activity to change; a new one when absent. */
  activity?: Activity
  onCancel: () => void
  onSaved: (activity: Activity) => void
}

const fields = ['activityKind', 'title', 'date', 'place', 'host', 'participants', 'notes'] as const
type FieldName = (typeof fields)[number]
type TextName = Exclude<FieldName, 'activityKind' | 'date'>
const limitOf = {
  title: textLimits.activityTitle,
  place: textLimits.place,
  host: textLimits.host,
  participants: textLimits.participants,
  notes: textLimits.activityNotes,
} as const satisfies Record<TextName, unknown>
const texts = Object.keys(limitOf) as TextName[]

export function ActivityDialog({ groupId, activity, onCancel, onSaved }: ActivityDialogProps) {
  const [values, setValues] = useState<ActivityBody>(() => ({
    activityKind: activity?.activityKind ?? 'forum',
    title: activity?.title ?? '',
    date: activity?.date ?? officeToday(),
    place: activity?.place ?? '',
    host: activity?.host ?? '',
    participants: activity?.participants ?? '',
    notes: activity?.notes ?? '',
  }))
  const { busy, errors, setErrors, run } = useFormSubmit(fields)
  const lengths = Object.fromEntries(texts.map((name) => [name, measure(limitOf[name], values[name])])) as Record<
    TextName,
    Measured
  >
  const tooLong = texts.some((name) => lengths[name].over)

  const set = (name: FieldName) => (event: { target: { value: string } }) => {
    setValues({ ...values, [name]: event.target.value })
    if (errors.fields[name]) setErrors({ ...errors, fields: { ...errors.fields, [name]: '' } })
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (tooLong) return
    await run(async () => {
      const saved = activity
        ? await call(
            api.api.groups[':id'].activities[':activityId'].$put({
              param: { id: groupId, activityId: activity.id },
              json: values,
            }),
          )
        : await call(api.api.groups[':id'].activities.$post({ param: { id: groupId }, json: values }))
      onSaved(saved)
    })
  }

  const control = (name: FieldName) => {
    const length = name === 'activityKind' || name === 'date' ? null : lengths[name]
    return {
      id: `activity-${name}`,
      name,
      className: 'input',
      value: values[name],
      onChange: set(name),
      ...describedBy(`activity-${name}`, { error: errors.fields[name], count: length?.near, tooLong: length?.over }),
    }
  }
  const counter = (name: TextName) => (
    <LengthCounter inputId={`activity-${name}`} measured={lengths[name]} name={t(`field.${name}`)} />
  )

  return (
    <Dialog
      open
      title={activity ? t('space.activityChange') : t('space.activityAdd')}
      onCancel={onCancel}
      testId="activity-dialog"
    >
      <form className="activity-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="register-form__pair">
          <Field id="activity-activityKind" label={t('field.activityKind')} error={errors.fields.activityKind}>
            <select {...control('activityKind')}>
              {activityKinds.map((kind: ActivityKind) => (
                <option key={kind} value={kind}>
                  {t(`space.kind.${kind}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="activity-date" label={t('field.date')} error={errors.fields.date}>
            <input {...control('date')} type="date" required />
          </Field>
        </div>
        <Field id="activity-title" label={t('field.title')} error={errors.fields.title}>
          <input {...control('title')} required placeholder={t('space.titlePlaceholder')} autoFocus />
          {counter('title')}
        </Field>
        <div className="register-form__pair">
          <Field id="activity-place" label={t('field.place')} error={errors.fields.place}>
            <input {...control('place')} placeholder={t('space.placePlaceholder')} />
            {counter('place')}
          </Field>
          <Field id="activity-host" label={t('field.host')} error={errors.fields.host}>
            <input {...control('host')} />
            {counter('host')}
          </Field>
        </div>
        <Field id="activity-participants" label={t('field.participants')} error={errors.fields.participants}>
          <textarea {...control('participants')} rows={2} placeholder={t('space.participantsPlaceholder')} />
          {counter('participants')}
        </Field>
        <Field id="activity-notes" label={t('field.notes')} error={errors.fields.notes}>
          <textarea {...control('notes')} rows={2} />
          {counter('notes')}
        </Field>
        <FormError message={errors.form} />
        <DialogActions
          cancel={t('space.cancel')}
          onCancel={onCancel}
          confirm={activity ? t('space.save') : t('space.add')}
          disabled={busy || tooLong}
        />
      </form>
    </Dialog>
  )
}

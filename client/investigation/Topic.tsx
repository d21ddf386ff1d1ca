/** 调研课题: what the group investigates, shown under its name; its members set it in place. */
import { useState, type FormEvent } from 'react'
import { textLimits } from '../../shared/text-limits.js'
import { api, call } from '../api/client.js'
import { LengthCounter, measure } from '../forms/LengthCounter.js'
import { useFormSubmit } from '../forms/use-form-submit.js'
import { t } from '../i18n/i18n.js'
import { describedBy, FormError } from '../ui/Field.js'

export function Topic({ groupId, topic, canKeep }: { groupId: string; topic: string; canKeep: boolean }) {
  const [shown, setShown] = useState(topic)
  const [editing, setEditing] = useState(false)
  const [value, setValue] = useState(topic)
  const { busy, errors, run } = useFormSubmit(['topic'])
  const length = measure(textLimits.topic, value)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (length.over) return
    await run(async () => {
      const group = await call(api.api.groups[':id'].topic.$put({ param: { id: groupId }, json: { topic: value } }))
      setShown(group.topic ?? '')
      setEditing(false)
    })
  }

  if (editing) {
    return (
      <form className="topic topic--editing" onSubmit={(event) => void submit(event)} noValidate>
        <label className="field__label" htmlFor="group-topic">
          {t('field.topic')}
        </label>
        <div className="topic__row">
          <input
            id="group-topic"
            name="topic"
            className="input"
            value={value}
            placeholder={t('space.topicPlaceholder')}
            autoFocus
            onChange={(event) => setValue(event.target.value)}
            {...describedBy('group-topic', { error: errors.fields.topic, count: length.near, tooLong: length.over })}
          />
          <button type="submit" className="button button--primary" disabled={busy || length.over}>
            {t('space.save')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setValue(shown)
              setEditing(false)
            }}
          >
            {t('space.cancel')}
          </button>
        </div>
        <LengthCounter inputId="group-topic" measured={length} name={t('field.topic')} />
        {errors.fields.topic && (
          <span className="field__error" id="group-topic-error" role="alert">
            {errors.fields.topic}
          </span>
        )}
        <FormError message={errors.form} />
      </form>
    )
  }

  return (
    <p className="topic" data-testid="group-topic">
      <span className="topic__label">{t('field.topic')}：</span>
      {shown ? <span className="topic__text">{shown}</span> : <span className="muted">{t('space.noTopic')}</span>}
      {canKeep && (
        <button type="button" className="button button--small topic__edit" onClick={() => setEditing(true)}>
          {shown ? t('space.change') : t('space.setTopic')}
        </button>
      )}
    </p>
  )
}

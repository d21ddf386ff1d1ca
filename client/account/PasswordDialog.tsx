/** 修改密码: the current password and a new one, twice; the server ends one's other sessions. */
import { useId, useState, type FormEvent } from 'react'
import { api, call } from '../api/client.js'
import { t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { describedBy, Field, FormError } from '../ui/Field.js'
import { useFormSubmit } from '../forms/use-form-submit.js'

export function PasswordDialog({ onClose }: { onClose: () => void }) {
  const id = useId()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [confirm, setConfirm] = useState('')
  const { busy, errors, setErrors, run } = useFormSubmit(['currentPassword', 'newPassword'])
  const [done, setDone] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    // Only the repetition is checked here: every rule about the password itself is the server's.
    if (next !== confirm) {
      setErrors({ fields: { confirm: t('password.mismatch') }, form: null })
      return
    }
    await run(async () => {
      await call(api.api.auth.password.$post({ json: { currentPassword: current, newPassword: next } }))
      setDone(true)
    })
  }

  if (done) {
    return (
      <Dialog open title={t('password.title')} onCancel={onClose} testId="password-dialog">
        <p className="dialog__text" role="status">
          {t('password.done')}
        </p>
        <div className="dialog__actions">
          <button type="button" className="button button--primary" onClick={onClose} autoFocus>
            {t('accounts.close')}
          </button>
        </div>
      </Dialog>
    )
  }

  const { fields } = errors
  return (
    <Dialog open title={t('password.title')} onCancel={onClose} testId="password-dialog">
      <form onSubmit={submit} noValidate>
        <Field id={`${id}-current`} label={t('password.current')} error={fields.currentPassword}>
          <input
            id={`${id}-current`}
            className="input"
            type="password"
            autoComplete="current-password"
            autoFocus
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
            {...describedBy(`${id}-current`, { error: fields.currentPassword })}
          />
        </Field>
        <Field id={`${id}-new`} label={t('password.new')} hint={t('password.rule')} error={fields.newPassword}>
          <input
            id={`${id}-new`}
            className="input"
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(event) => setNext(event.target.value)}
            {...describedBy(`${id}-new`, { hint: true, error: fields.newPassword })}
          />
        </Field>
        <Field id={`${id}-confirm`} label={t('password.confirm')} error={fields.confirm}>
          <input
            id={`${id}-confirm`}
            className="input"
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(event) => setConfirm(event.target.value)}
            {...describedBy(`${id}-confirm`, { error: fields.confirm })}
          />
        </Field>
        <p className="dialog__text">{t('password.othersEnd')}</p>
        <FormError message={errors.form} />
        <DialogActions
          cancel={t('accounts.cancel')}
          onCancel={onClose}
          confirm={t('password.submit')}
          disabled={busy || !current || !next || !confirm}
        />
      </form>
    </Dialog>
  )
}

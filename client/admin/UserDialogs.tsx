/** The administrator's dialogs on one account: create, edit, reset the password, disable or enable. */
import { useId, useState, type FormEvent } from 'react'
import type { Role, User } from '../../shared/schema.js'
import { textLimits } from '../../shared/text-limits.js'
import { LengthCounter, measure } from '../forms/LengthCounter.js'
import { api, call } from '../api/client.js'
import { t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { describedBy, Field, FormError } from '../ui/Field.js'
import { roleLabel, roles } from '../account/roles.js'
import { useFormSubmit } from '../forms/use-form-submit.js'
import { randomPassword } from './random-password.js'

/** What each role will be able to do, shown under the role picker. */
const roleHint = (role: Role): string => t(`adminUsers.roleHint.${role}`)

function RoleSelect({
  id,
  value,
  onChange,
  error,
}: {
  id: string
  value: Role
  onChange: (role: Role) => void
  error?: string
}) {
  return (
    <Field id={id} label={t('adminUsers.role')} hint={roleHint(value)} error={error}>
      <select
        id={id}
        className="input"
        value={value}
        onChange={(event) => onChange(event.target.value as Role)}
        {...describedBy(id, { hint: true, error })}
      >
        {roles.map((role) => (
          <option key={role} value={role}>
            {roleLabel(role)}
          </option>
        ))}
      </select>
    </Field>
  )
}

interface InputProps {
  id: string
  value: string
  onChange: (value: string) => void
  error?: string
  autoFocus?: boolean
}

/** Whether a display name is longer than the server takes: the dialog waits until it is shortened. */
const nameTooLong = (name: string): boolean => measure(textLimits.displayName, name).over

function DisplayNameInput({ id, value, onChange, error, autoFocus }: InputProps) {
  const length = measure(textLimits.displayName, value)
  return (
    <Field id={id} label={t('adminUsers.displayName')} error={error}>
      <input
        id={id}
        className="input"
        autoComplete="off"
        autoFocus={autoFocus}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        {...describedBy(id, { error, count: length.near, tooLong: length.over })}
      />
      <LengthCounter inputId={id} measured={length} name={t('adminUsers.displayName')} />
    </Field>
  )
}

function PasswordInput({
  id,
  label,
  value,
  onChange,
  error,
}: {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  error?: string
}) {
  return (
    <Field id={id} label={label} hint={t('adminUsers.passwordHint')} error={error}>
      <div className="input-with-button">
        {/* Shown in clear: the administrator hands this password over and must be able to read it. */}
        <input
          id={id}
          className="input"
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          {...describedBy(id, { hint: true, error })}
        />
        <button type="button" className="button" onClick={() => onChange(randomPassword())}>
          {t('adminUsers.generate')}
        </button>
      </div>
    </Field>
  )
}

interface DoneProps {
  onClose: () => void
  /** Tells the page what happened, for the notice above the list. */
  onDone: (notice: string) => void
}

export function CreateUserDialog({ onClose, onDone }: DoneProps) {
  const id = useId()
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [role, setRole] = useState<Role>('member')
  const [password, setPassword] = useState('')
  const { busy, errors, run } = useFormSubmit(['username', 'displayName', 'role', 'password'])
  const { fields } = errors

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const created = { username: username.trim(), displayName: displayName.trim(), role, password }
    if (await run(() => call(api.api.users.$post({ json: created })))) {
      onDone(t('adminUsers.created', { name: created.displayName, username: created.username }))
    }
  }

  return (
    <Dialog open title={t('adminUsers.createTitle')} onCancel={onClose} testId="create-user-dialog">
      <form onSubmit={submit} noValidate>
        <Field
          id={`${id}-username`}
          label={t('adminUsers.username')}
          hint={t('adminUsers.usernameHint')}
          error={fields.username}
        >
          <input
            id={`${id}-username`}
            className="input"
            autoComplete="off"
            autoFocus
            spellCheck={false}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            {...describedBy(`${id}-username`, { hint: true, error: fields.username })}
          />
        </Field>
        <DisplayNameInput id={`${id}-name`} value={displayName} onChange={setDisplayName} error={fields.displayName} />
        <RoleSelect id={`${id}-role`} value={role} onChange={setRole} error={fields.role} />
        <PasswordInput
          id={`${id}-password`}
          label={t('adminUsers.initialPassword')}
          value={password}
          onChange={setPassword}
          error={fields.password}
        />
        <FormError message={errors.form} />
        <DialogActions
          cancel={t('accounts.cancel')}
          onCancel={onClose}
          confirm={t('adminUsers.create')}
          disabled={busy || !username.trim() || !displayName.trim() || !password || nameTooLong(displayName)}
        />
      </form>
    </Dialog>
  )
}

export function EditUserDialog({ user, onClose, onDone }: DoneProps & { user: User }) {
  const id = useId()
  const [displayName, setDisplayName] = useState(user.displayName)
  const [role, setRole] = useState<Role>(user.role)
  const { busy, errors, run } = useFormSubmit(['displayName', 'role'])
  const { fields } = errors

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    // Send only what changed: a role change makes the server reconnect the person's open documents.
    const patch: { displayName?: string; role?: Role } = {}
    if (displayName.trim() !== user.displayName) patch.displayName = displayName.trim()
    if (role !== user.role) patch.role = role
    if (Object.keys(patch).length === 0) return onClose()
    if (await run(() => call(api.api.users[':id'].$patch({ param: { id: user.id }, json: patch })))) {
      onDone(t('adminUsers.saved', { name: patch.displayName ?? user.displayName }))
    }
  }

  return (
    <Dialog
      open
      title={t('adminUsers.editTitle', { username: user.username })}
      onCancel={onClose}
      testId="edit-user-dialog"
    >
      <form onSubmit={submit} noValidate>
        <DisplayNameInput
          id={`${id}-name`}
          value={displayName}
          onChange={setDisplayName}
          error={fields.displayName}
          autoFocus
        />
        <RoleSelect id={`${id}-role`} value={role} onChange={setRole} error={fields.role} />
        {role !== user.role && <p className="dialog__text">{t('adminUsers.roleChange')}</p>}
        <FormError message={errors.form} />
        <DialogActions
          cancel={t('accounts.cancel')}
          onCancel={onClose}
          confirm={t('accounts.save')}
          disabled={busy || !displayName.trim() || nameTooLong(displayName)}
        />
      </form>
    </Dialog>
  )
}

export function ResetPasswordDialog({ user, onClose, onDone }: DoneProps & { user: User }) {
  const id = useId()
  const [password, setPassword] = useState('')
  const { busy, errors, run } = useFormSubmit(['password'])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (await run(() => call(api.api.users[':id'].password.$post({ param: { id: user.id }, json: { password } })))) {
      onDone(t('adminUsers.passwordReset', { name: user.displayName }))
    }
  }

  return (
    <Dialog
      open
      title={t('adminUsers.resetTitle', { name: user.displayName })}
      onCancel={onClose}
      testId="reset-password-dialog"
    >
      <form onSubmit={submit} noValidate>
        <p className="dialog__text">{t('adminUsers.resetExplain')}</p>
        <PasswordInput
          id={`${id}-password`}
          label={t('adminUsers.newPassword')}
          value={password}
          onChange={setPassword}
          error={errors.fields.password}
        />
        <FormError message={errors.form} />
        <DialogActions
          cancel={t('accounts.cancel')}
          onCancel={onClose}
          confirm={t('adminUsers.reset')}
          disabled={busy || !password}
        />
      </form>
    </Dialog>
  )
}

/** Disabling ends every session of the person at once, open editors included: say so before doing it. */
export function ActiveDialog({ user, onClose, onDone }: DoneProps & { user: User }) {
  const { busy, errors, run } = useFormSubmit([])
  const disabling = user.active

  const confirm = async () => {
    if (await run(() => call(api.api.users[':id'].$patch({ param: { id: user.id }, json: { active: !disabling } })))) {
      onDone(t(disabling ? 'adminUsers.disabled' : 'adminUsers.enabled', { name: user.displayName }))
    }
  }

  return (
    <Dialog
      open
      title={t(disabling ? 'adminUsers.disableTitle' : 'adminUsers.enableTitle', { name: user.displayName })}
      onCancel={onClose}
      testId="active-user-dialog"
    >
      <p className="dialog__text">
        {t(disabling ? 'adminUsers.disableExplain' : 'adminUsers.enableExplain', {
          name: user.displayName,
          username: user.username,
        })}
      </p>
      <FormError message={errors.form} />
      <DialogActions
        cancel={t('accounts.cancel')}
        onCancel={onClose}
        focusCancel
        confirm={t(disabling ? 'adminUsers.disable' : 'adminUsers.enable')}
        onConfirm={() => void confirm()}
        tone={disabling ? 'danger' : 'primary'}
        disabled={busy}
      />
    </Dialog>
  )
}

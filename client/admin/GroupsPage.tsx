/** /admin/groups: every research group with its people at a glance; form a new one. */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import type { Group, User } from '../../shared/schema.js'
import { textLimits } from '../../shared/text-limits.js'
import { LengthCounter, measure } from '../forms/LengthCounter.js'
import { ApiError, api, call } from '../api/client.js'
import { t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { navigate } from '../routing/route.js'
import { messageOf } from '../forms/form-errors.js'
import { adminGroupPath, groupPath } from '../account/routes.js'
import { useFormSubmit } from '../forms/use-form-submit.js'
import { describedBy, FormError } from '../ui/Field.js'
import { Table } from '../ui/Table.js'
import { AdminNav } from './AdminNav.js'

type Listing =
  | { kind: 'loading' }
  | { kind: 'loaded'; groups: Group[]; users: Map<string, User> }
  | { kind: 'failed'; error: unknown }

export function GroupsPage() {
  const [listing, setListing] = useState<Listing>({ kind: 'loading' })

  const load = useCallback(async () => {
    try {
      const [{ groups }, { users }] = await Promise.all([call(api.api.groups.$get()), call(api.api.users.$get())])
      setListing({ kind: 'loaded', groups, users: new Map(users.map((user) => [user.id, user])) })
    } catch (error) {
      setListing({ kind: 'failed', error })
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  return (
    <section className="admin" aria-labelledby="admin-groups-title">
      <AdminNav current="groups" />
      <h1 id="admin-groups-title" className="page-title">
        {t('adminGroups.title')}
      </h1>
      {listing.kind === 'loaded' && <CreateGroupForm />}
      {listing.kind === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {listing.kind === 'failed' && (
        <p className="alert" role="alert">
          {listing.error instanceof ApiError && listing.error.code === 'forbidden'
            ? t('adminGroups.forbidden')
            : messageOf(listing.error)}
        </p>
      )}
      {listing.kind === 'loaded' &&
        (listing.groups.length === 0 ? (
          <p className="muted empty">{t('adminGroups.empty')}</p>
        ) : (
          <Table
            testId="groups-table"
            columns={[
              t('adminGroups.name'),
              t('role.convener'),
              t('adminGroups.members'),
              t('adminGroups.chairs'),
              t('adminGroups.secretaries'),
            ]}
            actions={t('adminUsers.actions')}
          >
            {listing.groups.map((group) => {
              const names = (ids: string[]) =>
                ids.map((id) => listing.users.get(id)?.displayName ?? id).join('、') || '—'
              return (
                <tr key={group.id} data-testid="group-row">
                  <td>
                    <Link href={groupPath(group.id)} className="table__link">
                      {group.name}
                    </Link>
                  </td>
                  <td>{names(group.members.filter((m) => m.convener).map((m) => m.userId))}</td>
                  <td>{t('adminGroups.memberCount', { n: group.members.length })}</td>
                  <td>{names(group.chairIds)}</td>
                  <td>{names(group.secretaryIds)}</td>
                  <td className="table__actions">
                    <Link href={adminGroupPath(group.id)} className="button button--small">
                      {t('adminGroups.edit')}
                    </Link>
                  </td>
                </tr>
              )
            })}
          </Table>
        ))}
    </section>
  )
}

function CreateGroupForm() {
  const id = useId()
  const [name, setName] = useState('')
  const { busy, errors, run } = useFormSubmit(['name'], { keepBusy: true })
  const length = measure(textLimits.groupName, name)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (length.over) return
    await run(async () => {
      const created = await call(api.api.groups.$post({ json: { name: name.trim() } }))
      // A new group is empty: go straight to choosing its people.
      navigate(adminGroupPath(created.id))
    })
  }

  return (
    <form className="create-form create-form--wrap" onSubmit={submit} noValidate>
      <label className="visually-hidden" htmlFor={id}>
        {t('adminGroups.newName')}
      </label>
      <input
        id={id}
        className="input create-form__input"
        value={name}
        placeholder={t('adminGroups.newPlaceholder')}
        onChange={(event) => setName(event.target.value)}
        {...describedBy(id, { error: errors.fields.name, count: length.near, tooLong: length.over })}
      />
      <button type="submit" className="button button--primary" disabled={busy || !name.trim() || length.over}>
        {t('adminGroups.create')}
      </button>
      <LengthCounter inputId={id} measured={length} name={t('adminGroups.name')} className="create-form__hint" />
      {errors.fields.name && (
        <span className="field__error create-form__error" id={`${id}-error`} role="alert">
          {errors.fields.name}
        </span>
      )}
      {errors.form && (
        <div className="create-form__error">
          <FormError message={errors.form} />
        </div>
      )}
    </form>
  )
}

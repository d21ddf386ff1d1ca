/** /admin/users: every account, and the administrator's changes to them (the server checks again). */
import { useCallback, useEffect, useState } from 'react'
import type { Me, User } from '../../shared/schema.js'
import { ApiError, api, call } from '../api/client.js'
import { formatDateTime, t } from '../i18n/i18n.js'
import { messageOf } from '../forms/form-errors.js'
import { roleLabel } from '../account/roles.js'
import { Table } from '../ui/Table.js'
import { AdminNav } from './AdminNav.js'
import { ActiveDialog, CreateUserDialog, EditUserDialog, ResetPasswordDialog } from './UserDialogs.js'

type Listing = { kind: 'loading' } | { kind: 'loaded'; users: User[] } | { kind: 'failed'; error: unknown }

type Open =
  | { kind: 'create' }
  | { kind: 'edit'; user: User }
  | { kind: 'password'; user: User }
  | { kind: 'active'; user: User }
  | null

export function UsersPage({ me }: { me: Me }) {
  const [listing, setListing] = useState<Listing>({ kind: 'loading' })
  const [open, setOpen] = useState<Open>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      setListing({ kind: 'loaded', users: (await call(api.api.users.$get())).users })
    } catch (error) {
      setListing({ kind: 'failed', error })
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  const done = (message: string) => {
    setOpen(null)
    setNotice(message)
    void load()
  }
  const close = () => setOpen(null)

  return (
    <section className="admin" aria-labelledby="admin-users-title">
      <AdminNav current="users" />
      <div className="admin__head">
        <h1 id="admin-users-title" className="page-title">
          {t('adminUsers.title')}
        </h1>
        {listing.kind === 'loaded' && (
          <button type="button" className="button button--primary" onClick={() => setOpen({ kind: 'create' })}>
            {t('adminUsers.new')}
          </button>
        )}
      </div>

      {notice && (
        <p className="notice-line" role="status">
          {notice}
        </p>
      )}

      {listing.kind === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {listing.kind === 'failed' && (
        <p className="alert" role="alert">
          {listing.error instanceof ApiError && listing.error.code === 'forbidden'
            ? t('adminUsers.forbidden')
            : messageOf(listing.error)}
        </p>
      )}
      {listing.kind === 'loaded' && (
        <Table
          testId="users-table"
          columns={[
            t('adminUsers.username'),
            t('adminUsers.displayName'),
            t('adminUsers.role'),
            t('adminUsers.status'),
            t('adminUsers.createdAt'),
          ]}
          actions={t('adminUsers.actions')}
        >
          {listing.users.map((user) => {
            const self = user.id === me.user.id
            return (
              <tr
                key={user.id}
                className={user.active ? undefined : 'table__row--off'}
                data-testid="user-row"
                data-username={user.username}
              >
                <td className="mono">{user.username}</td>
                <td>
                  {user.displayName}
                  {self && <span className="muted"> {t('adminUsers.you')}</span>}
                </td>
                <td>{roleLabel(user.role)}</td>
                <td>
                  <span className={user.active ? 'state state--on' : 'state state--off'}>
                    {user.active ? t('adminUsers.active') : t('adminUsers.inactive')}
                  </span>
                </td>
                <td className="muted">
                  <time dateTime={user.createdAt}>{formatDateTime(user.createdAt)}</time>
                </td>
                <td className="table__actions">
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => setOpen({ kind: 'edit', user })}
                  >
                    {t('adminUsers.edit')}
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => setOpen({ kind: 'password', user })}
                  >
                    {t('adminUsers.reset')}
                  </button>
                  {/* The server refuses an administrator disabling themselves; do not offer it. */}
                  {!self && (
                    <button
                      type="button"
                      className={user.active ? 'button button--small button--quiet-danger' : 'button button--small'}
                      onClick={() => setOpen({ kind: 'active', user })}
                    >
                      {user.active ? t('adminUsers.disable') : t('adminUsers.enable')}
                    </button>
                  )}
                </td>
              </tr>
            )
          })}
        </Table>
      )}

      {open?.kind === 'create' && <CreateUserDialog onClose={close} onDone={done} />}
      {open?.kind === 'edit' && <EditUserDialog user={open.user} onClose={close} onDone={done} />}
      {open?.kind === 'password' && <ResetPasswordDialog user={open.user} onClose={close} onDone={done} />}
      {open?.kind === 'active' && <ActiveDialog user={open.user} onClose={close} onDone={done} />}
    </section>
  )
}

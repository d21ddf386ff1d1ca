/**
 * 征求意见: the commenters a convener invited to one draft, each until a date or without end;
 * invite another by username, or revoke (their open editor closes at once).
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import type { DocumentView, Invitation } from '../../shared/schema.js'
import { api, call } from '../api/client.js'
import { locale, officeToday, t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { messageOf } from '../forms/form-errors.js'
import { useFormSubmit } from '../forms/use-form-submit.js'
import { describedBy, Field, FormError } from '../ui/Field.js'

type Listing = { kind: 'loading' } | { kind: 'loaded'; invitations: Invitation[] } | { kind: 'failed'; message: string }

const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })

/** A `YYYY-MM-DD` day as the reader's locale writes it (read as a local date, not UTC midnight). */
function formatDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number)
  const value = new Date(year, month - 1, date)
  return Number.isNaN(value.getTime()) ? day : dateFormat.format(value)
}

export function InvitationsDialog({ doc, onClose }: { doc: DocumentView; onClose: () => void }) {
  const [listing, setListing] = useState<Listing>({ kind: 'loading' })
  const [revoking, setRevoking] = useState<string | null>(null)
  const [revokeError, setRevokeError] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      const { invitations } = await call(api.api.documents[':id'].invitations.$get({ param: { id: doc.id } }))
      setListing({ kind: 'loaded', invitations })
    } catch (error) {
      setListing({ kind: 'failed', message: messageOf(error) })
    }
  }, [doc.id])

  useEffect(() => {
    void load()
  }, [load])

  const revoke = async (invitation: Invitation) => {
    setRevokeError(null)
    try {
      await call(
        api.api.documents[':id'].invitations[':userId'].$delete({ param: { id: doc.id, userId: invitation.userId } }),
      )
      setRevoking(null)
    } catch (error) {
      setRevokeError(messageOf(error))
    }
    void load()
  }

  const day = officeToday()
  return (
    <Dialog open title={t('invitations.title')} onCancel={onClose} testId="invitations-dialog">
      <div className="invitations-body">
        <p className="invitations__doc">《{doc.title}》</p>
        <p className="dialog__text">{t('invitations.explain')}</p>
      </div>

      {listing.kind === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {listing.kind === 'failed' && <FormError message={listing.message} />}
      {listing.kind === 'loaded' &&
        (listing.invitations.length === 0 ? (
          <p className="muted invitations__none">{t('invitations.none')}</p>
        ) : (
          <ul className="invitations" data-testid="invitation-list">
            {listing.invitations.map((invitation) => {
              const expired = invitation.until !== null && invitation.until < day
              return (
                <li
                  key={invitation.userId}
                  className="invitations__row"
                  data-testid="invitation"
                  data-username={invitation.username}
                >
                  <div className="invitations__who">
                    <span className="person__name">{invitation.displayName}</span>
                    <span className="person__username">{invitation.username}</span>
                    <span
                      className={
                        expired ? 'invitations__until invitations__until--expired' : 'invitations__until muted'
                      }
                    >
                      {invitation.until === null
                        ? t('invitations.noEnd')
                        : t(expired ? 'invitations.expired' : 'invitations.until', {
                            date: formatDay(invitation.until),
                          })}
                    </span>
                  </div>
                  {revoking === invitation.userId ? (
                    <div className="invitations__confirm">
                      <span className="muted">{t('invitations.revokeExplain')}</span>
                      <button type="button" className="button button--small" onClick={() => setRevoking(null)}>
                        {t('accounts.cancel')}
                      </button>
                      <button
                        type="button"
                        className="button button--small button--danger"
                        onClick={() => void revoke(invitation)}
                      >
                        {t('invitations.revokeConfirm')}
                      </button>
                    </div>
                  ) : (
                    <button
                      type="button"
                      className="button button--small button--quiet-danger"
                      onClick={() => {
                        setRevokeError(null)
                        setRevoking(invitation.userId)
                      }}
                    >
                      {t('invitations.revoke')}
                    </button>
                  )}
                </li>
              )
            })}
          </ul>
        ))}
      <FormError message={revokeError} />

      {listing.kind === 'loaded' && <InviteForm docId={doc.id} minDate={day} onInvited={() => void load()} />}

      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          {t('accounts.close')}
        </button>
      </div>
    </Dialog>
  )
}

function InviteForm({ docId, minDate, onInvited }: { docId: string; minDate: string; onInvited: () => void }) {
  const id = useId()
  const [username, setUsername] = useState('')
  const [until, setUntil] = useState('')
  const { busy, errors, run } = useFormSubmit(['username', 'until'])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    await run(async () => {
      await call(
        api.api.documents[':id'].invitations.$post({
          param: { id: docId },
          json: { username: username.trim(), until: until || null },
        }),
      )
      setUsername('')
      setUntil('')
      onInvited()
    })
  }

  return (
    <form className="invite-form" onSubmit={submit} noValidate data-testid="invite-form">
      <h3 className="invite-form__title">{t('invitations.inviteTitle')}</h3>
      <div className="invite-form__fields">
        <Field
          id={`${id}-username`}
          label={t('invitations.username')}
          hint={t('invitations.usernameHint')}
          error={errors.fields.username}
        >
          <input
            id={`${id}-username`}
            className="input"
            autoComplete="off"
            spellCheck={false}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            {...describedBy(`${id}-username`, { hint: true, error: errors.fields.username })}
          />
        </Field>
        <Field
          id={`${id}-until`}
          label={t('invitations.untilLabel')}
          hint={t('invitations.untilHint')}
          error={errors.fields.until}
        >
          <input
            id={`${id}-until`}
            className="input"
            type="date"
            min={minDate}
            value={until}
            onChange={(event) => setUntil(event.target.value)}
            {...describedBy(`${id}-until`, { hint: true, error: errors.fields.until })}
          />
        </Field>
      </div>
      <FormError message={errors.form} />
      <div className="invite-form__actions">
        <button type="submit" className="button button--primary" disabled={busy || !username.trim()}>
          {t('invitations.invite')}
        </button>
      </div>
    </form>
  )
}

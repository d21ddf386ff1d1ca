/**
 * /admin/groups/:id: a group's name and people: members (some of them 组长), assigned chairs and
 * secretaries, each picked from the users of that role. The server checks every role again.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import type { Group, Role, User } from '../../shared/schema.js'
import { textLimits } from '../../shared/text-limits.js'
import { LengthCounter, measure } from '../forms/LengthCounter.js'
import { ApiError, api, call } from '../api/client.js'
import { t, type MessageKey } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { messageOf } from '../forms/form-errors.js'
import { roleLabel } from '../account/roles.js'
import { adminGroupsPath, groupPath } from '../account/routes.js'
import { useFormSubmit } from '../forms/use-form-submit.js'
import { describedBy, Field, FormError } from '../ui/Field.js'
import { AdminNav } from './AdminNav.js'

type Loaded = { kind: 'loaded'; group: Group; users: User[] }
type Loading = { kind: 'loading' } | Loaded | { kind: 'failed'; error: unknown }

interface Draft {
  name: string
  /** userId → convener */
  members: Map<string, boolean>
  chairIds: Set<string>
  secretaryIds: Set<string>
}

const draftOf = (group: Group): Draft => ({
  name: group.name,
  members: new Map(group.members.map((m) => [m.userId, m.convener])),
  chairIds: new Set(group.chairIds),
  secretaryIds: new Set(group.secretaryIds),
})

/** The people assigned to the group besides its members, a list per role. */
const assignedLists = [
  {
    list: 'chairIds',
    role: 'chair',
    legend: 'adminGroups.chairs',
    hint: 'adminGroups.chairsHint',
    testId: 'chairs-picker',
  },
  {
    list: 'secretaryIds',
    role: 'secretary',
    legend: 'adminGroups.secretaries',
    hint: 'adminGroups.secretariesHint',
    testId: 'secretaries-picker',
  },
] as const satisfies readonly {
  list: 'chairIds' | 'secretaryIds'
  role: Role
  legend: MessageKey
  hint: MessageKey
  testId: string
}[]

/**
 * Whom a list may name: the users of its role, and whoever it names already (a person whose role
 * changed since stays visible, marked, so that the administrator can take them off).
 */
function candidates(users: User[], role: Role, chosen: Iterable<string>): User[] {
  const ids = new Set(chosen)
  return users.filter((user) => user.role === role || ids.has(user.id))
}

export function GroupEditor({ groupId }: { groupId: string }) {
  const [loading, setLoading] = useState<Loading>({ kind: 'loading' })

  const load = useCallback(async () => {
    try {
      const [group, { users }] = await Promise.all([
        call(api.api.groups[':id'].$get({ param: { id: groupId } })),
        call(api.api.users.$get()),
      ])
      setLoading({ kind: 'loaded', group, users })
    } catch (error) {
      setLoading({ kind: 'failed', error })
    }
  }, [groupId])

  useEffect(() => {
    void load()
  }, [load])

  return (
    <section className="admin" aria-labelledby="group-editor-title">
      <AdminNav current="groups" />
      <Link href={adminGroupsPath} className="back-link">
        ← {t('adminGroups.back')}
      </Link>
      {loading.kind === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {loading.kind === 'failed' && (
        <div className="notice notice--refusal" role="alert">
          <p className="notice__message">
            {loading.error instanceof ApiError && loading.error.code === 'not_found'
              ? t('group.notFound')
              : loading.error instanceof ApiError && loading.error.code === 'forbidden'
                ? t('adminGroups.forbidden')
                : messageOf(loading.error)}
          </p>
        </div>
      )}
      {loading.kind === 'loaded' && (
        <EditorForm key={loading.group.id} loaded={loading} onSaved={(group) => setLoading({ ...loading, group })} />
      )}
    </section>
  )
}

function EditorForm({ loaded, onSaved }: { loaded: Loaded; onSaved: (group: Group) => void }) {
  const id = useId()
  const { group, users } = loaded
  const [draft, setDraft] = useState<Draft>(() => draftOf(group))
  const { busy, errors, run } = useFormSubmit(['name', 'members', 'chairIds', 'secretaryIds'])
  const [saved, setSaved] = useState(false)
  const [filter, setFilter] = useState('')

  const change = (update: (draft: Draft) => Draft) => {
    setSaved(false)
    setDraft(update)
  }

  const setMember = (userId: string, member: boolean, convener = false) =>
    change((d) => {
      const members = new Map(d.members)
      if (member) members.set(userId, convener)
      else members.delete(userId)
      return { ...d, members }
    })

  const toggle = (list: 'chairIds' | 'secretaryIds', userId: string, on: boolean) =>
    change((d) => {
      const next = new Set(d[list])
      if (on) next.add(userId)
      else next.delete(userId)
      return { ...d, [list]: next }
    })

  const nameLength = measure(textLimits.groupName, draft.name)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (nameLength.over) return
    await run(async () => {
      const updated = await call(
        api.api.groups[':id'].$patch({
          param: { id: group.id },
          json: {
            name: draft.name.trim(),
            members: [...draft.members].map(([userId, convener]) => ({ userId, convener })),
            chairIds: [...draft.chairIds],
            secretaryIds: [...draft.secretaryIds],
          },
        }),
      )
      onSaved(updated)
      setDraft(draftOf(updated))
      setSaved(true)
    })
  }

  const needle = filter.trim().toLowerCase()
  const matches = (user: User) =>
    !needle ||
    user.displayName.toLowerCase().includes(needle) ||
    user.username.includes(needle) ||
    draft.members.has(user.id)
  const memberCandidates = candidates(users, 'member', draft.members.keys())
  const conveners = [...draft.members.values()].filter(Boolean).length

  return (
    <form className="group-editor" onSubmit={submit} noValidate data-testid="group-editor">
      <div className="admin__head">
        <h1 id="group-editor-title" className="page-title">
          {t('adminGroups.editTitle', { name: group.name })}
        </h1>
        <Link href={groupPath(group.id)} className="button">
          {t('adminGroups.viewPage')}
        </Link>
      </div>

      <div className="panel">
        <Field id={`${id}-name`} label={t('adminGroups.name')} error={errors.fields.name}>
          <input
            id={`${id}-name`}
            className="input"
            value={draft.name}
            onChange={(event) => {
              const name = event.target.value
              change((d) => ({ ...d, name }))
            }}
            {...describedBy(`${id}-name`, {
              error: errors.fields.name,
              count: nameLength.near,
              tooLong: nameLength.over,
            })}
          />
          <LengthCounter inputId={`${id}-name`} measured={nameLength} name={t('adminGroups.name')} />
        </Field>
      </div>

      <fieldset className="panel picker" data-testid="members-picker">
        <legend className="picker__legend">
          {t('adminGroups.members')}
          <span className="muted picker__count">
            {t('adminGroups.memberSummary', { n: draft.members.size, conveners })}
          </span>
        </legend>
        <p className="muted picker__hint">{t('adminGroups.membersHint')}</p>
        {memberCandidates.length > 8 && (
          <input
            className="input picker__filter"
            type="search"
            placeholder={t('adminGroups.filter')}
            aria-label={t('adminGroups.filter')}
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
        )}
        {memberCandidates.length === 0 ? (
          <p className="muted">{t('adminGroups.noCandidates', { role: roleLabel('member') })}</p>
        ) : (
          <ul className="picker__list">
            {memberCandidates.filter(matches).map((user) => {
              const member = draft.members.has(user.id)
              const convener = draft.members.get(user.id) ?? false
              return (
                <li
                  key={user.id}
                  className={member ? 'picker__row picker__row--on' : 'picker__row'}
                  data-testid="member-candidate"
                >
                  <label className="picker__person">
                    <input
                      type="checkbox"
                      checked={member}
                      onChange={(event) => setMember(user.id, event.target.checked)}
                    />
                    <Person user={user} role="member" />
                  </label>
                  <label className="picker__convener">
                    <input
                      type="checkbox"
                      checked={convener}
                      // Ticking 组长 makes the person a member too: a convener is a member with a flag.
                      onChange={(event) => setMember(user.id, member || event.target.checked, event.target.checked)}
                      aria-label={t('adminGroups.convenerOf', { name: user.displayName })}
                    />
                    <span aria-hidden="true">{t('role.convener')}</span>
                  </label>
                </li>
              )
            })}
          </ul>
        )}
        {errors.fields.members && (
          <span className="field__error" role="alert">
            {errors.fields.members}
          </span>
        )}
      </fieldset>

      <div className="picker-pair">
        {assignedLists.map(({ list, role, legend, hint, testId }) => (
          <AssignedPicker
            key={list}
            legend={t(legend)}
            hint={t(hint)}
            role={role}
            users={users}
            chosen={draft[list]}
            onToggle={(userId, on) => toggle(list, userId, on)}
            error={errors.fields[list]}
            testId={testId}
          />
        ))}
      </div>

      <FormError message={errors.form} />
      <div className="form-actions">
        {saved && (
          <span className="notice-line notice-line--inline" role="status">
            {t('adminGroups.saved')}
          </span>
        )}
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || !draft.name.trim() || nameLength.over}
        >
          {t('accounts.save')}
        </button>
      </div>
    </form>
  )
}

/** A person in a picker: name, username, and what would stop the server accepting them. */
function Person({ user, role }: { user: User; role: Role }) {
  return (
    <span className="person">
      <span className="person__name">{user.displayName}</span>
      <span className="person__username">{user.username}</span>
      {!user.active && <span className="badge">{t('adminUsers.inactive')}</span>}
      {user.role !== role && (
        <span className="badge badge--returned" title={t('adminGroups.wrongRoleHint')}>
          {t('adminGroups.wrongRole', { role: roleLabel(user.role) })}
        </span>
      )}
    </span>
  )
}

interface AssignedPickerProps {
  legend: string
  hint: string
  role: Role
  users: User[]
  chosen: Set<string>
  onToggle: (userId: string, on: boolean) => void
  error?: string
  testId: string
}

function AssignedPicker({ legend, hint, role, users, chosen, onToggle, error, testId }: AssignedPickerProps) {
  const list = candidates(users, role, chosen)
  return (
    <fieldset className="panel picker" data-testid={testId}>
      <legend className="picker__legend">
        {legend}
        <span className="muted picker__count">{t('adminGroups.assignedCount', { n: chosen.size })}</span>
      </legend>
      <p className="muted picker__hint">{hint}</p>
      {list.length === 0 ? (
        <p className="muted">{t('adminGroups.noCandidates', { role: roleLabel(role) })}</p>
      ) : (
        <ul className="picker__list">
          {list.map((user) => (
            <li key={user.id} className={chosen.has(user.id) ? 'picker__row picker__row--on' : 'picker__row'}>
              <label className="picker__person">
                <input
                  type="checkbox"
                  checked={chosen.has(user.id)}
                  onChange={(event) => onToggle(user.id, event.target.checked)}
                />
                <Person user={user} role={role} />
              </label>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <span className="field__error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  )
}

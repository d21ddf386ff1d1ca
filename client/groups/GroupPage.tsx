/**
 * /groups/:id: a research group's investigation space — its topic (调研课题), the drafts the reader
 * may see, its schedule of activities, and its people with their roles and 组长 marked.
 */
import { useEffect, useState } from 'react'
import type { GroupDetail, Me } from '../../shared/schema.js'
import { ApiError, api, call } from '../api/client.js'
import { formatDateTime, t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { documentPath, documentsPath } from '../routing/route.js'
import { messageOf } from '../forms/form-errors.js'
import { roleLabel } from '../account/roles.js'
import { adminGroupPath } from '../account/routes.js'
import { Schedule } from '../investigation/Schedule.js'
import { Topic } from '../investigation/Topic.js'
import { deferredLabels } from '../i18n/deferred-labels.js'
import { deferred } from '../ui/Deferred.js'

/** 调研材料: its own chunk, loaded with the group page's first render. */
const MaterialsPanel = deferred(
  () => import('../materials/MaterialsPanel.js').then((m) => m.MaterialsPanel),
  deferredLabels,
)

type Loading = { kind: 'loading' } | { kind: 'loaded'; group: GroupDetail } | { kind: 'failed'; error: unknown }

type Person = GroupDetail['people'][number]

export function GroupPage({ groupId, me }: { groupId: string; me: Me }) {
  const [loading, setLoading] = useState<Loading>({ kind: 'loading' })

  useEffect(() => {
    let current = true
    setLoading({ kind: 'loading' })
    call(api.api.groups[':id'].$get({ param: { id: groupId } })).then(
      (group) => current && setLoading({ kind: 'loaded', group }),
      (error: unknown) => current && setLoading({ kind: 'failed', error }),
    )
    return () => {
      current = false
    }
  }, [groupId])

  if (loading.kind === 'loading') return <p className="muted notice">{t('app.loading')}</p>
  if (loading.kind === 'failed') {
    // A group one does not belong to is answered as missing: say both, calmly.
    const missing = loading.error instanceof ApiError && loading.error.code === 'not_found'
    return (
      <div className="notice notice--refusal" role="alert" data-testid="group-refused">
        <p className="notice__message">{missing ? t('group.notFound') : messageOf(loading.error)}</p>
        <Link href={documentsPath} className="button">
          {t('editor.backToList')}
        </Link>
      </div>
    )
  }

  const { group } = loading
  const byId = new Map(group.people.map((person) => [person.id, person]))
  const people = (ids: string[]) =>
    ids.map((id) => byId.get(id)).filter((person): person is Person => person !== undefined)
  // Conveners first, then the members in the order the administrator listed them.
  const members = [...group.members].sort((a, b) => Number(b.convener) - Number(a.convener))

  return (
    <section className="group-page" aria-labelledby="group-title" data-testid="group-page">
      <Link href={documentsPath} className="back-link">
        ← {t('editor.back')}
      </Link>
      <div className="admin__head">
        <div>
          <p className="eyebrow">{t('group.eyebrow')}</p>
          <h1 id="group-title" className="page-title">
            {group.name}
          </h1>
          <Topic groupId={group.id} topic={group.topic ?? ''} canKeep={group.canKeepSpace} />
        </div>
        {me.abilities.administer && (
          <Link href={adminGroupPath(group.id)} className="button">
            {t('adminGroups.edit')}
          </Link>
        )}
      </div>

      <div className="group-page__columns">
        <div className="group-page__drafts">
          <h2 className="section-title">{t('group.drafts')}</h2>
          {group.documents.length === 0 ? (
            <p className="muted empty">{t('group.noDrafts')}</p>
          ) : (
            <ul className="document-list" data-testid="group-documents">
              {group.documents.map((doc) => (
                <li key={doc.id} className="document-row">
                  <div className="document-row__main">
                    <Link className="document-row__title" href={documentPath(doc.id)}>
                      {doc.title}
                    </Link>
                    <div className="document-row__meta muted">
                      <span className="badge badge--kind" data-testid="document-kind">
                        {t(`kind.${doc.kind}`)}
                      </span>
                      <span className={`badge badge--${doc.status}`}>{t(`status.${doc.status}`)}</span>
                      {!doc.access.edit && <span className="badge">{t('documents.readOnly')}</span>}
                      <time dateTime={doc.updatedAt}>
                        {t('documents.updatedAt', { time: formatDateTime(doc.updatedAt) })}
                      </time>
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <Schedule
            groupId={group.id}
            canKeep={group.canKeepSpace}
            canStartMinutes={me.groups.some((g) => g.id === group.id && g.createDocuments)}
          />
          <MaterialsPanel groupId={group.id} names={new Map(group.people.map((p) => [p.id, p.displayName]))} />
        </div>

        <aside className="group-page__people panel" aria-labelledby="group-people-title" data-testid="group-people">
          <h2 id="group-people-title" className="section-title">
            {t('group.people')}
          </h2>
          <PeopleList
            title={t('adminGroups.members')}
            people={members.flatMap((m) => {
              const person = byId.get(m.userId)
              return person ? [{ person, convener: m.convener }] : []
            })}
            me={me}
          />
          <PeopleList
            title={t('adminGroups.chairs')}
            people={people(group.chairIds).map((person) => ({ person, convener: false }))}
            me={me}
          />
          <PeopleList
            title={t('adminGroups.secretaries')}
            people={people(group.secretaryIds).map((person) => ({ person, convener: false }))}
            me={me}
          />
        </aside>
      </div>
    </section>
  )
}

function PeopleList({ title, people, me }: { title: string; people: { person: Person; convener: boolean }[]; me: Me }) {
  return (
    <div className="people">
      <h3 className="people__title">{title}</h3>
      {people.length === 0 ? (
        <p className="muted people__none">{t('group.nobody')}</p>
      ) : (
        <ul className="people__list">
          {people.map(({ person, convener }) => (
            <li key={person.id} className="people__person">
              <span className="person__name">{person.displayName}</span>
              {person.id === me.user.id && <span className="muted">{t('presence.you')}</span>}
              {convener && <span className="badge badge--convener">{t('role.convener')}</span>}
              <span className="muted people__role">{roleLabel(person.role)}</span>
              {!person.active && <span className="badge">{t('adminUsers.inactive')}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

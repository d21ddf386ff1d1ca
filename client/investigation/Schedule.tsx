/**
 * A group's schedule of activities (调研活动): visits and 座谈会 by date, each with its place,
 * host and participants. The group's members add, change and remove them; its chairs and
 * secretaries read them (the server says which through `canKeep`).
 */
import { RemoveDialog } from '../forms/RemoveDialog.js'
import { useEffect, useState } from 'react'
import type { Activity } from '../../shared/investigation.js'
import { api, call } from '../api/client.js'
import { messageOf } from '../forms/form-errors.js'
import { t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { documentPath, navigate } from '../routing/route.js'
import { FormError } from '../ui/Field.js'
import { useSubmit } from '../ui/use-submit.js'
import { ActivityDialog } from './ActivityDialog.js'

type Loading = { kind: 'loading' } | { kind: 'loaded'; activities: Activity[] } | { kind: 'failed'; error: unknown }
type Editing =
  { kind: 'none' } | { kind: 'add' } | { kind: 'change'; activity: Activity } | { kind: 'remove'; activity: Activity }

const byDate = (a: Activity, b: Activity) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)

interface ScheduleProps {
  groupId: string
  /** May add, change and remove activities (the server's canKeepSpace). */
  canKeep: boolean
  /** May start documents in the group, a 纪要 among them (the server's createDocuments). */
  canStartMinutes: boolean
}

export function Schedule({ groupId, canKeep, canStartMinutes }: ScheduleProps) {
  const [loading, setLoading] = useState<Loading>({ kind: 'loading' })
  const [editing, setEditing] = useState<Editing>({ kind: 'none' })
  const minutes = useSubmit(messageOf, null)

  useEffect(() => {
    let current = true
    call(api.api.groups[':id'].activities.$get({ param: { id: groupId } })).then(
      ({ activities }) => current && setLoading({ kind: 'loaded', activities }),
      (error: unknown) => current && setLoading({ kind: 'failed', error }),
    )
    return () => {
      current = false
    }
  }, [groupId])

  const activities = loading.kind === 'loaded' ? loading.activities : []
  const replace = (next: Activity[]) => setLoading({ kind: 'loaded', activities: [...next].sort(byDate) })
  const close = () => setEditing({ kind: 'none' })

  return (
    <section className="schedule" aria-labelledby="schedule-title" data-testid="schedule">
      <div className="schedule__head">
        <h2 id="schedule-title" className="section-title">
          {t('space.schedule')}
        </h2>
        {canKeep && loading.kind === 'loaded' && (
          <button type="button" className="button" onClick={() => setEditing({ kind: 'add' })}>
            {t('space.activityAdd')}
          </button>
        )}
      </div>
      {loading.kind === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {loading.kind === 'failed' && (
        <p className="alert" role="alert">
          {messageOf(loading.error)}
        </p>
      )}
      {loading.kind === 'loaded' && activities.length === 0 && (
        <p className="muted empty">{canKeep ? t('space.noActivitiesYet') : t('space.noActivities')}</p>
      )}
      <FormError message={minutes.error} />
      {activities.length > 0 && (
        <ol className="schedule__list">
          {activities.map((activity) => (
            <li key={activity.id} className="schedule__item" data-testid="activity">
              <time className="schedule__date" dateTime={activity.date}>
                {activity.date}
              </time>
              <div className="schedule__main">
                <div className="schedule__title">
                  <span className={`badge badge--activity-${activity.activityKind}`}>
                    {t(`space.kind.${activity.activityKind}`)}
                  </span>{' '}
                  {activity.title}
                </div>
                <dl className="schedule__facts muted">
                  {activity.place && <Fact label={t('field.place')} value={activity.place} />}
                  {activity.host && <Fact label={t('field.host')} value={activity.host} />}
                  {activity.participants && <Fact label={t('field.participants')} value={activity.participants} />}
                  {activity.notes && <Fact label={t('field.notes')} value={activity.notes} />}
                </dl>
                {activity.minutesId ? (
                  <Link className="schedule__minutes" href={documentPath(activity.minutesId)}>
                    {t('space.openMinutes')}
                  </Link>
                ) : (
                  canKeep &&
                  canStartMinutes && (
                    <button
                      type="button"
                      className="button button--small schedule__minutes"
                      disabled={minutes.busy}
                      onClick={() =>
                        void minutes.run(async () => {
                          const linked = await call(
                            api.api.groups[':id'].activities[':activityId'].minutes.$post({
                              param: { id: groupId, activityId: activity.id },
                            }),
                          )
                          if (linked.minutesId) navigate(documentPath(linked.minutesId))
                        })
                      }
                    >
                      {t('space.startMinutes')}
                    </button>
                  )
                )}
              </div>
              {canKeep && (
                <div className="schedule__actions">
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => setEditing({ kind: 'change', activity })}
                  >
                    {t('space.change')}
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => setEditing({ kind: 'remove', activity })}
                  >
                    {t('space.remove')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {(editing.kind === 'add' || editing.kind === 'change') && (
        <ActivityDialog
          groupId={groupId}
          activity={editing.kind === 'change' ? editing.activity : undefined}
          onCancel={close}
          onSaved={(saved) => {
            replace([...activities.filter((a) => a.id !== saved.id), saved])
            close()
          }}
        />
      )}
      {editing.kind === 'remove' && (
        <RemoveActivityDialog
          groupId={groupId}
          activity={editing.activity}
          onClose={(removed) => {
            if (removed) replace(activities.filter((a) => a.id !== editing.activity.id))
            close()
          }}
        />
      )}
    </section>
  )
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className="schedule__fact">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  )
}

function RemoveActivityDialog({
  groupId,
  activity,
  onClose,
}: {
  groupId: string
  activity: Activity
  onClose: (removed: boolean) => void
}) {
  return (
    <RemoveDialog
      title={t('space.removeTitle')}
      cancel={t('space.cancel')}
      confirm={t('space.remove')}
      testId="activity-remove-dialog"
      remove={() =>
        call(
          api.api.groups[':id'].activities[':activityId'].$delete({ param: { id: groupId, activityId: activity.id } }),
        )
      }
      onClose={onClose}
    >
      <p className="dialog__text">{t('space.removeText', { date: activity.date, title: activity.title })}</p>
    </RemoveDialog>
  )
}

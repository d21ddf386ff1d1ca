/**
 * 办理跟踪 under an approved 建议案: the timeline of its 领导批示, 转办, 办理反馈 and 成果转化 with their
 * files, and — for whom the server says may record (the group's secretaries, once it is sent) — a
 * form for each kind and removal of an entry recorded by mistake. Loaded on demand (DocumentWorkflow's
 * deferred part). A reader the server shows no follow-up to (404) sees nothing of it; nor does anyone
 * before the document is sent when nothing is recorded, but the secretary, who is told it waits for 报送登记.
 */
import { RemoveDialog } from '../forms/RemoveDialog.js'
import { useState } from 'react'
import { followUpKinds, type FollowUpEntry, type FollowUpKind } from '../../shared/follow-up.js'
import { api, call, createApiClient } from '../api/client.js'
import { useReadable } from '../api/use-readable.js'
import { messageOf } from '../forms/form-errors.js'
import { formatDateTime, t } from '../i18n/i18n.js'
import { formatSize } from '../materials/material-hrefs.js'
import { FollowUpDialog } from './FollowUpDialog.js'

// `$url()` makes a URL object, which needs an absolute base: the app's own client is based on '/'.
const files = createApiClient(window.location.origin)
const fileHref = (docId: string, entryId: string): string =>
  files.api.documents[':id']['follow-up'][':entryId'].file.$url({ param: { id: docId, entryId } }).href

/** The line that names an entry: who instructed, to whom it went, who replied, what resulted. */
function headline(entry: FollowUpEntry): string {
  switch (entry.kind) {
    case 'instruction':
      return t('followUp.instructionBy', { leader: entry.post ? `${entry.leader}（${entry.post}）` : entry.leader })
    case 'referral':
      return t('followUp.referredTo', { units: entry.units })
    case 'feedback':
      return t('followUp.replyFrom', { unit: entry.unit })
    case 'outcome':
      return (
        t('followUp.outcomeLine', { kind: t(`followUp.outcome.${entry.outcomeKind}`), title: entry.title }) +
        (entry.reference ? `（${entry.reference}）` : '')
      )
  }
}

/** The words recorded under the headline. */
const bodyOf = (entry: FollowUpEntry): string =>
  entry.kind === 'instruction' || entry.kind === 'feedback' ? entry.text : entry.note

interface FollowUpPanelProps {
  docId: string
  nameOf: (id: string) => string
  /** The server's word (abilities.keepRegister) that this reader registers the sending. */
  keepsRegister: boolean
}

export function FollowUpPanel({ docId, nameOf, keepsRegister }: FollowUpPanelProps) {
  const { loading, reload: load } = useReadable(docId, (id) =>
    call(api.api.documents[':id']['follow-up'].$get({ param: { id } })),
  )
  const [adding, setAdding] = useState<FollowUpKind | null>(null)
  const [removing, setRemoving] = useState<FollowUpEntry | null>(null)

  if (loading.kind === 'hidden') return null
  // Nothing to show a reader before anything is sent; the register keeper is told what it waits for.
  if (loading.kind === 'loaded' && !loading.value.sent && loading.value.entries.length === 0 && !keepsRegister)
    return null
  return (
    <section className="follow-up" aria-labelledby="follow-up-title" data-testid="follow-up">
      <div className="follow-up__head">
        <h2 id="follow-up-title" className="section-title">
          {t('followUp.title')}
        </h2>
        {loading.kind === 'loaded' && loading.value.canRecord && (
          <span className="follow-up__add" role="group" aria-labelledby="follow-up-title">
            {followUpKinds.map((kind) => (
              <button
                key={kind}
                type="button"
                className="button button--small"
                onClick={() => setAdding(kind)}
                data-testid={`follow-up-add-${kind}`}
              >
                {t('followUp.add', { kind: t(`followUp.kind.${kind}`) })}
              </button>
            ))}
          </span>
        )}
      </div>
      <p className="muted follow-up__intro">{t('followUp.intro')}</p>
      {loading.kind === 'loading' && <p className="muted">{t('followUp.loading')}</p>}
      {loading.kind === 'failed' && (
        <p className="notice notice--refusal" role="alert">
          {messageOf(loading.error)}
        </p>
      )}
      {loading.kind === 'loaded' &&
        (loading.value.entries.length === 0 ? (
          <p className="muted empty" data-testid="follow-up-empty">
            {loading.value.sent ? t('followUp.empty') : t('followUp.notSent')}
          </p>
        ) : (
          <ol className="follow-up__list" data-testid="follow-up-list">
            {loading.value.entries.map((entry) => (
              <li key={entry.id} className="follow-up__item" data-testid="follow-up-entry" data-kind={entry.kind}>
                <div className="follow-up__row">
                  <time className="follow-up__date" dateTime={entry.date}>
                    {entry.date}
                  </time>
                  <span className="badge">{t(`followUp.kind.${entry.kind}`)}</span>
                  <strong className="follow-up__headline">{headline(entry)}</strong>
                  {loading.value.canRecord && (
                    <button
                      type="button"
                      className="button button--small button--danger follow-up__remove"
                      onClick={() => setRemoving(entry)}
                      data-testid="follow-up-remove"
                    >
                      {t('followUp.remove')}
                    </button>
                  )}
                </div>
                {bodyOf(entry) && <p className="follow-up__text">{bodyOf(entry)}</p>}
                {entry.file && (
                  <a
                    className="follow-up__file"
                    href={fileHref(docId, entry.id)}
                    download
                    data-testid="follow-up-file-link"
                  >
                    {t('followUp.download', { name: entry.file.fileName })} · {formatSize(entry.file.size)}
                  </a>
                )}
                <p className="muted follow-up__recorded">
                  {t('followUp.recorded', { name: nameOf(entry.recordedBy), time: formatDateTime(entry.recordedAt) })}
                </p>
              </li>
            ))}
          </ol>
        ))}
      {adding && loading.kind === 'loaded' && (
        <FollowUpDialog
          docId={docId}
          kind={adding}
          maxBytes={loading.value.maxBytes}
          onClose={(added) => {
            setAdding(null)
            if (added) load()
          }}
        />
      )}
      {removing && (
        <RemoveEntryDialog
          docId={docId}
          entry={removing}
          onClose={(removed) => {
            setRemoving(null)
            if (removed) load()
          }}
        />
      )}
    </section>
  )
}

function RemoveEntryDialog({
  docId,
  entry,
  onClose,
}: {
  docId: string
  entry: FollowUpEntry
  onClose: (removed: boolean) => void
}) {
  return (
    <RemoveDialog
      title={t('followUp.remove')}
      cancel={t('followUp.cancel')}
      confirm={t('followUp.remove')}
      testId="follow-up-remove-dialog"
      remove={() =>
        call(api.api.documents[':id']['follow-up'][':entryId'].$delete({ param: { id: docId, entryId: entry.id } }))
      }
      onClose={onClose}
    >
      <p className="dialog__text">{t('followUp.confirmRemove')}</p>
      <p className="dialog__text">
        {entry.date} {headline(entry)}
      </p>
    </RemoveDialog>
  )
}

/**
 * 版本历史: a drawer over the right edge of the editor page with every version and the audit log.
 * Those who may edit save and restore versions; everyone who reads may open and compare them.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { Version, VersionMark } from '../../shared/schema.js'
import { api, call } from '../api/client.js'
import { errorMessage, formatDateTime, t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { FormError } from '../ui/Field.js'
import { useSubmit } from '../ui/use-submit.js'
import { AuditLogView } from './AuditLogView.js'
import { kindLabel } from './kind-label.js'
import type { ReaderTarget } from './reader-target.js'
import { SaveVersionDialog } from './SaveVersionDialog.js'
import type { NameOf } from './use-display-names.js'
import { marksOf } from './version-marks.js'
import { VersionPicker } from './VersionReader.js'

interface HistoryPanelProps {
  docId: string
  /** Oldest first, as the server lists them; null while loading. */
  versions: Version[] | null
  /** What the workflow did with each version (送审, 退回, 审定). */
  marks: VersionMark[]
  loadError: string | null
  nameOf: NameOf
  /** `access.edit`: may save and restore versions. */
  canEdit: boolean
  revision: number
  onOpen: (target: ReaderTarget) => void
  /** A version was saved or restored here: the list (and the workflow) should be asked again. */
  onChanged: () => void
  onClose: () => void
  /** Offered on each version (the export menu, client/export). */
  versionExtras?: (version: Version) => ReactNode
  /** Offered under the compare picker for the versions picked (the redline, client/export). */
  compareExtras?: (from: number, to: number | 'live') => ReactNode
}

type Tab = 'versions' | 'audit'

export function HistoryPanel({
  docId,
  versions,
  marks,
  loadError,
  nameOf,
  canEdit,
  revision,
  onOpen,
  onChanged,
  onClose,
  versionExtras,
  compareExtras,
}: HistoryPanelProps) {
  const [tab, setTab] = useState<Tab>('versions')
  const [saving, setSaving] = useState(false)
  const [restoring, setRestoring] = useState<Version | null>(null)
  const [auditRevision, setAuditRevision] = useState(0)
  const closeButton = useRef<HTMLButtonElement>(null)

  useEffect(() => closeButton.current?.focus(), [])

  // Escape closes the drawer, unless it is meant for a dialog open above it (which closes itself).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented && !document.querySelector('dialog[open]')) onClose()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [onClose])

  const changed = () => {
    setAuditRevision((n) => n + 1)
    onChanged()
  }

  return (
    <aside className="history" aria-labelledby="history-title" data-testid="history-panel">
      <header className="history__head">
        <h2 id="history-title" className="history__title">
          {t('versions.panelTitle')}
        </h2>
        <button
          ref={closeButton}
          type="button"
          className="button button--quiet"
          onClick={onClose}
          aria-label={t('versions.closePanel')}
        >
          ✕
        </button>
      </header>
      <div className="history__tabs" role="tablist" aria-label={t('versions.panelTitle')}>
        {(['versions', 'audit'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`history-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`history-tabpanel-${name}`}
            className="history__tab"
            onClick={() => setTab(name)}
          >
            {t(name === 'versions' ? 'versions.tabVersions' : 'versions.tabAudit')}
          </button>
        ))}
      </div>
      <div
        className="history__body"
        role="tabpanel"
        id={`history-tabpanel-${tab}`}
        aria-labelledby={`history-tab-${tab}`}
      >
        {tab === 'audit' ? (
          <AuditLogView docId={docId} nameOf={nameOf} revision={revision + auditRevision} />
        ) : (
          <>
            {canEdit && (
              <button type="button" className="button button--primary history__save" onClick={() => setSaving(true)}>
                {t('versions.save')}
              </button>
            )}
            {loadError && <p className="alert">{t('versions.loadFailed', { message: loadError })}</p>}
            {versions === null && !loadError && <p className="muted">{t('versions.loading')}</p>}
            {versions?.length === 0 && (
              <p className="muted history__empty">{canEdit ? t('versions.emptyEditor') : t('versions.empty')}</p>
            )}
            {versions && versions.length > 0 && (
              <CompareForm key={versions.length} versions={versions} onOpen={onOpen} extras={compareExtras} />
            )}
            {versions && versions.length > 0 && (
              <ol className="version-list" data-testid="version-list">
                {[...versions].reverse().map((version) => (
                  <VersionRow
                    key={version.number}
                    version={version}
                    marks={marksOf(marks, version.number)}
                    nameOf={nameOf}
                    canEdit={canEdit}
                    onOpen={onOpen}
                    onRestore={() => setRestoring(version)}
                    extras={versionExtras?.(version)}
                  />
                ))}
              </ol>
            )}
          </>
        )}
      </div>
      {saving && (
        <SaveVersionDialog
          docId={docId}
          onCancel={() => setSaving(false)}
          onSaved={() => {
            setSaving(false)
            changed()
          }}
        />
      )}
      {restoring && (
        <RestoreDialog
          docId={docId}
          version={restoring}
          onCancel={() => setRestoring(null)}
          onRestored={() => {
            setRestoring(null)
            changed()
          }}
        />
      )}
    </aside>
  )
}

function VersionRow({
  version,
  marks,
  nameOf,
  canEdit,
  onOpen,
  onRestore,
  extras,
}: {
  version: Version
  marks: VersionMark[]
  nameOf: NameOf
  canEdit: boolean
  onOpen: (target: ReaderTarget) => void
  onRestore: () => void
  extras?: ReactNode
}) {
  return (
    <li className="version-row" data-testid="version-row" data-number={version.number} data-kind={version.kind}>
      <div className="version-row__top">
        <span className="version-number">v{version.number}</span>
        <span className={`kind kind--${version.kind}`}>{kindLabel(version.kind)}</span>
        {marks.map((mark) => (
          <span
            key={mark.at}
            className={`version-mark version-mark--${mark.state}`}
            title={t(`versions.markTitle.${mark.state}`, { time: formatDateTime(mark.at) })}
            data-testid="version-mark"
            data-state={mark.state}
          >
            {t(`versions.mark.${mark.state}`)}
          </span>
        ))}
        <span className="version-row__label" title={version.label}>
          {version.label}
        </span>
      </div>
      <p className="version-row__meta muted">
        <span>{nameOf(version.authorId)}</span>
        <time dateTime={version.createdAt}>{formatDateTime(version.createdAt)}</time>
        <span>{t('versions.chars', { n: version.charCount.toLocaleString() })}</span>
      </p>
      <div className="version-row__actions">
        <button
          type="button"
          className="link-button"
          onClick={() => onOpen({ kind: 'version', number: version.number })}
        >
          {t('versions.open')}
        </button>
        <button
          type="button"
          className="link-button"
          onClick={() => onOpen({ kind: 'diff', from: version.number, to: 'live' })}
        >
          {t('versions.compareWithLive')}
        </button>
        {canEdit && (
          <button type="button" className="link-button link-button--danger" onClick={onRestore}>
            {t('versions.restore')}
          </button>
        )}
        {extras}
      </div>
    </li>
  )
}

/** 对比: any two versions, or a version and the live draft. */
function CompareForm({
  versions,
  onOpen,
  extras,
}: {
  versions: Version[]
  onOpen: (target: ReaderTarget) => void
  extras?: (from: number, to: number | 'live') => ReactNode
}) {
  const newestFirst = [...versions].reverse()
  const [from, setFrom] = useState(String(newestFirst[Math.min(1, newestFirst.length - 1)].number))
  const [to, setTo] = useState(newestFirst.length > 1 ? String(newestFirst[0].number) : 'live')
  return (
    <form
      className="compare-form"
      data-testid="compare-form"
      onSubmit={(event) => {
        event.preventDefault()
        onOpen({ kind: 'diff', from: Number(from), to: to === 'live' ? 'live' : Number(to) })
      }}
    >
      <VersionPicker label={t('versions.compareFrom')} value={from} versions={newestFirst} onChange={setFrom} />
      <VersionPicker label={t('versions.compareTo')} value={to} versions={newestFirst} withLive onChange={setTo} />
      <button type="submit" className="button" disabled={from === to}>
        {t('versions.compare')}
      </button>
      {extras?.(Number(from), to === 'live' ? 'live' : Number(to))}
    </form>
  )
}

function RestoreDialog({
  docId,
  version,
  onCancel,
  onRestored,
}: {
  docId: string
  version: Version
  onCancel: () => void
  onRestored: () => void
}) {
  const { busy, error, run } = useSubmit(errorMessage, null, { keepBusy: true })
  const restore = () =>
    run(async () => {
      await call(
        api.api.documents[':id'].versions[':number'].restore.$post({
          param: { id: docId, number: String(version.number) },
        }),
      )
      onRestored()
    })
  return (
    <Dialog open title={t('versions.restoreTitle', { n: version.number })} onCancel={onCancel} testId="restore-dialog">
      <p className="dialog__text">{t('versions.restoreConfirm', { n: version.number, label: version.label })}</p>
      <FormError message={error} />
      <DialogActions
        cancel={t('versions.cancel')}
        onCancel={onCancel}
        confirm={t('versions.restore')}
        onConfirm={() => void restore()}
        tone="danger"
        disabled={busy}
      />
    </Dialog>
  )
}

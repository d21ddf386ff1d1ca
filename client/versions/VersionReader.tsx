/**
 * Reading one version (read-only, as it was) or comparing two — or one with the live draft —
 * in a wide modal over the editor, so the draft stays where it was underneath.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { Diff, Version, VersionMark } from '../../shared/schema.js'
import { api, call } from '../api/client.js'
import { errorMessage, formatDateTime, t } from '../i18n/i18n.js'
import { enabledRules } from '../proofreading/settings.js'
import { DiffView } from './DiffView.js'
import { kindLabel } from './kind-label.js'
import { ReadOnlyContent } from './ReadOnlyContent.js'
import type { ReaderTarget } from './reader-target.js'
import type { NameOf } from './use-display-names.js'
import { roleOf } from './version-marks.js'

interface VersionReaderProps {
  docId: string
  /** The document's title, set above the text as on the sheet. */
  title: string
  target: ReaderTarget
  /** Every version of the document, oldest first, for the labels and the comparison pickers. */
  versions: Version[]
  /** What the workflow did with each: a version read is titled 送审稿 or 审定稿 accordingly. */
  marks: VersionMark[]
  nameOf: NameOf
  onTarget: (target: ReaderTarget) => void
  onClose: () => void
  /** Offered under the text: the chair's decision while the submission is pending. */
  actions?: ReactNode
}

type Loaded =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'version'; content: Record<string, unknown> }
  | { kind: 'diff'; diff: Diff }

export const versionName = (version: Version | undefined, number: number): string =>
  version ? `v${number} · ${version.label}` : `v${number}`

export function VersionReader({
  docId,
  title,
  target,
  versions,
  marks,
  nameOf,
  onTarget,
  onClose,
  actions,
}: VersionReaderProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' })
  const key = JSON.stringify(target)

  useEffect(() => {
    const dialog = ref.current
    if (!dialog || dialog.open) return
    dialog.showModal()
    // The reader itself takes focus (and is announced by its title), not its first picker or button.
    dialog.focus()
  }, [])

  useEffect(() => {
    let current = true
    setLoaded({ kind: 'loading' })
    const content = (number: number) =>
      call(api.api.documents[':id'].versions[':number'].$get({ param: { id: docId, number: String(number) } })).then(
        (v) => v.content,
      )
    const request =
      target.kind === 'version'
        ? content(target.number).then((loaded): Loaded => ({ kind: 'version', content: loaded }))
        : call(
            api.api.documents[':id'].diff.$get({
              param: { id: docId },
              query: { from: String(target.from), to: String(target.to) },
            }),
          ).then((diff): Loaded => ({ kind: 'diff', diff }))
    request.then(
      (next) => current && setLoaded(next),
      (error: unknown) => current && setLoaded({ kind: 'failed', message: errorMessage(error) }),
    )
    return () => {
      current = false
    }
    // `key` stands for the target's content: a new object with the same numbers is no new request.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- key covers target's fields
  }, [docId, key])

  const byNumber = new Map(versions.map((v) => [v.number, v]))
  const newestFirst = [...versions].reverse()

  return (
    <dialog
      ref={ref}
      className="reader"
      tabIndex={-1}
      aria-labelledby="reader-title"
      data-testid="version-reader"
      data-kind={target.kind}
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      <header className="reader__head">
        {target.kind === 'version' ? (
          <VersionHead
            version={byNumber.get(target.number)}
            number={target.number}
            role={roleOf(marks, target.number)}
            nameOf={nameOf}
          />
        ) : (
          <div className="reader__heading">
            <h2 id="reader-title" className="reader__title">
              {t('versions.compareTitle')}
            </h2>
            <div className="reader__pickers">
              <VersionPicker
                label={t('versions.compareFrom')}
                value={String(target.from)}
                versions={newestFirst}
                onChange={(value) => onTarget({ ...target, from: Number(value) })}
              />
              <span aria-hidden="true">→</span>
              <VersionPicker
                label={t('versions.compareTo')}
                value={String(target.to)}
                versions={newestFirst}
                withLive
                onChange={(value) => onTarget({ ...target, to: value === 'live' ? 'live' : Number(value) })}
              />
            </div>
          </div>
        )}
        <div className="reader__tools">
          {target.kind === 'version' && (
            <>
              {byNumber.has(target.number - 1) && (
                <button
                  type="button"
                  className="button"
                  onClick={() => onTarget({ kind: 'diff', from: target.number - 1, to: target.number })}
                >
                  {t('versions.compareWithPrevious')}
                </button>
              )}
              <button
                type="button"
                className="button"
                onClick={() => onTarget({ kind: 'diff', from: target.number, to: 'live' })}
              >
                {t('versions.compareWithLive')}
              </button>
            </>
          )}
          {target.kind === 'diff' && typeof target.to === 'number' && (
            <button
              type="button"
              className="button"
              onClick={() => onTarget({ kind: 'version', number: target.to as number })}
            >
              {t('versions.readVersion', { n: target.to })}
            </button>
          )}
          <button
            type="button"
            className="button button--quiet reader__close"
            onClick={onClose}
            data-testid="reader-close"
          >
            {t('versions.close')}
          </button>
        </div>
      </header>
      <div className="reader__body">
        <article className="sheet reader__sheet">
          <header className="sheet__title">{title || '\u00a0'}</header>
          {loaded.kind === 'loading' && <p className="muted">{t('versions.loading')}</p>}
          {loaded.kind === 'failed' && (
            <p className="alert" role="alert">
              {t('versions.loadFailed', { message: loaded.message })}
            </p>
          )}
          {loaded.kind === 'version' && (
            <ReadOnlyContent
              content={loaded.content}
              proofread={target.kind === 'version' && target.proofread ? enabledRules() : undefined}
            />
          )}
          {loaded.kind === 'diff' && <DiffView diff={loaded.diff} />}
        </article>
      </div>
      {actions && <footer className="reader__actions">{actions}</footer>}
    </dialog>
  )
}

interface VersionHeadProps {
  version: Version | undefined
  number: number
  role: VersionMark['state'] | null
  nameOf: NameOf
}

function VersionHead({ version, number, role, nameOf }: VersionHeadProps) {
  return (
    <div className="reader__heading">
      <h2 id="reader-title" className="reader__title" data-role={role ?? undefined}>
        {role && <span className="reader__role">{t(`versions.role.${role}`)}</span>}
        <span className="version-number">v{number}</span> {version?.label}
      </h2>
      {version && (
        <p className="reader__meta muted">
          <span className={`kind kind--${version.kind}`}>{kindLabel(version.kind)}</span>
          <span>{nameOf(version.authorId)}</span>
          <span>{formatDateTime(version.createdAt)}</span>
          <span>{t('versions.chars', { n: version.charCount.toLocaleString() })}</span>
          <span className="reader__badge">{t('versions.readOnlyHint')}</span>
        </p>
      )}
    </div>
  )
}

interface VersionPickerProps {
  label: string
  value: string
  versions: Version[]
  withLive?: boolean
  onChange: (value: string) => void
}

export function VersionPicker({ label, value, versions, withLive, onChange }: VersionPickerProps) {
  return (
    <label className="version-picker">
      <span className="version-picker__label">{label}</span>
      <select className="input version-picker__select" value={value} onChange={(event) => onChange(event.target.value)}>
        {withLive && <option value="live">{t('versions.live')}</option>}
        {versions.map((v) => (
          <option key={v.number} value={String(v.number)}>
            {versionName(v, v.number)}
          </option>
        ))}
      </select>
    </label>
  )
}

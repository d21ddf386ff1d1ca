/** One document in the list: title, group, kind, status and time; open, and what the server lets the reader do with it (rename, 改文种, delete). */
import { useId, useState, type FormEvent } from 'react'
import type { DocumentView } from '../../shared/schema.js'
import { textLimits } from '../../shared/text-limits.js'
import { describedWith, LengthCounter, measure } from '../forms/LengthCounter.js'
import { formatDateTime, t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { documentPath } from '../routing/route.js'
import { groupPath } from '../account/routes.js'
import { InviteButton } from '../invitations/InviteButton.js'
import { DocumentKindControl } from './DocumentKindControl.js'

interface DocumentRowProps {
  doc: DocumentView
  busy: boolean
  /** Resolves true when the server accepted the new title. */
  onRename: (doc: DocumentView, title: string) => Promise<boolean>
  onDelete: () => void
  /** The kind changed (改文种): the list is asked again. */
  onKindChanged: () => void
  /** Link the group's name to its page: everyone but invited commenters may see it. */
  linkGroup?: boolean
}

export function DocumentRow({ doc, busy, onRename, onDelete, onKindChanged, linkGroup = false }: DocumentRowProps) {
  const [editing, setEditing] = useState(false)
  const [title, setTitle] = useState(doc.title)
  const inputId = useId()
  const length = measure(textLimits.title, title)

  const startEditing = () => {
    setTitle(doc.title)
    setEditing(true)
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const next = title.trim()
    if (length.over) return
    if (!next || next === doc.title) {
      setEditing(false)
      return
    }
    // Stay in the form when the server refuses, so the person can correct the title.
    if (await onRename(doc, next)) setEditing(false)
  }

  return (
    <li className="document-row" data-testid="document-row">
      {editing ? (
        <form className="rename-form" onSubmit={submit}>
          <input
            id={inputId}
            className="input"
            aria-label={t('documents.rename')}
            aria-describedby={describedWith(inputId, length)}
            aria-invalid={length.over || undefined}
            autoFocus
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setEditing(false)
            }}
          />
          <button type="submit" className="button button--primary" disabled={busy || !title.trim() || length.over}>
            {t('documents.renameSave')}
          </button>
          <button type="button" className="button" onClick={() => setEditing(false)}>
            {t('documents.renameCancel')}
          </button>
          <LengthCounter inputId={inputId} measured={length} name={t('field.title')} className="rename-form__count" />
        </form>
      ) : (
        <>
          <div className="document-row__main">
            <Link className="document-row__title" href={documentPath(doc.id)}>
              {doc.title}
            </Link>
            <div className="document-row__meta muted">
              {linkGroup ? (
                <Link className="document-row__group" href={groupPath(doc.groupId)}>
                  {doc.groupName}
                </Link>
              ) : (
                <span>{doc.groupName}</span>
              )}
              <DocumentKindControl doc={doc} disabled={busy} onChanged={onKindChanged} />
              <span className={`badge badge--${doc.status}`}>{t(`status.${doc.status}`)}</span>
              {!doc.access.edit && <span className="badge">{t('documents.readOnly')}</span>}
              <time dateTime={doc.updatedAt}>{t('documents.updatedAt', { time: formatDateTime(doc.updatedAt) })}</time>
            </div>
          </div>
          <div className="document-row__actions">
            <Link className="button" href={documentPath(doc.id)}>
              {t('documents.open')}
            </Link>
            {doc.access.manage && <InviteButton doc={doc} disabled={busy} />}
            {/* What the server would refuse (an approved document is neither renamed nor deleted) is not offered. */}
            {doc.abilities.rename && (
              <button type="button" className="button" onClick={startEditing} disabled={busy}>
                {t('documents.rename')}
              </button>
            )}
            {doc.abilities.delete && (
              <button type="button" className="button button--quiet-danger" onClick={onDelete} disabled={busy}>
                {t('documents.delete')}
              </button>
            )}
          </div>
        </>
      )}
    </li>
  )
}

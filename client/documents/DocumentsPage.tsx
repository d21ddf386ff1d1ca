/**
 * The documents the signed-in person may see (建议案, 调研报告, 座谈会纪要, 调研方案), of every kind or
 * one, at every stage or one: open them; conveners also create (choosing the kind), rename and delete.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { documentKinds, type DocumentKind } from '../../shared/document-kinds.js'
import { templateTitles, tidyTitle, titleGap, type TemplateKind } from '../../shared/editor/template.js'
import type { DocumentView, Me } from '../../shared/schema.js'
import { textLimits } from '../../shared/text-limits.js'
import { describedWith, LengthCounter, measure } from '../forms/LengthCounter.js'
import { api, call } from '../api/client.js'
import { errorMessage, t } from '../i18n/i18n.js'
import { documentPath, navigate } from '../routing/route.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { AdminHint } from '../admin/AdminHint.js'
import { MyGroups } from '../groups/MyGroups.js'
import { deferredLabels } from '../i18n/deferred-labels.js'
import { deferred } from '../ui/Deferred.js'
import { DocumentRow } from './DocumentRow.js'
import { StatusFilter, type StatusChoice } from './StatusFilter.js'

// 导入Word's dialog and report are fetched when the button is first pressed, not with the page.
const ImportWordDialog = deferred(() => import('./ImportWordDialog.js').then((m) => m.ImportWordDialog), deferredLabels)

type Listing = { kind: 'loading' } | { kind: 'loaded'; documents: DocumentView[] } | { kind: 'failed'; message: string }

/** A kind of document, or every kind. */
type KindChoice = DocumentKind | 'all'

const ofKind = (documents: DocumentView[], kind: KindChoice) =>
  kind === 'all' ? documents : documents.filter((doc) => doc.kind === kind)

const shown = (documents: DocumentView[], status: StatusChoice) =>
  status === 'all' ? documents : documents.filter((doc) => doc.status === status)

export function DocumentsPage({ me }: { me: Me }) {
  const [listing, setListing] = useState<Listing>({ kind: 'loading' })
  const [busy, setBusy] = useState(false)
  const [actionError, setActionError] = useState<string | null>(null)
  const [deleting, setDeleting] = useState<DocumentView | null>(null)
  const [status, setStatus] = useState<StatusChoice>('all')
  const [kind, setKind] = useState<KindChoice>('all')
  const [importing, setImporting] = useState(false)
  // The groups the server lets this user create drafts in (it checks again).
  const convenedGroups = me.groups.filter((group) => group.createDocuments)

  const load = useCallback(async () => {
    try {
      // The server lists the drafts this user may read, most recently updated first.
      const { documents } = await call(api.api.documents.$get())
      setListing({ kind: 'loaded', documents })
    } catch (error) {
      setListing({ kind: 'failed', message: errorMessage(error) })
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  /** Runs one change against the server, then shows the list as the server now has it. */
  const act = async (change: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true)
    setActionError(null)
    try {
      await change()
      return true
    } catch (error) {
      setActionError(t('documents.actionFailed', { message: errorMessage(error) }))
      return false
    } finally {
      setBusy(false)
      void load()
    }
  }

  const create = async (title: string, groupId: string, template: TemplateKind, kind: DocumentKind) => {
    setBusy(true)
    setActionError(null)
    try {
      const created = await call(api.api.documents.$post({ json: { title, groupId, template, kind } }))
      // A new draft is created to be written: open it straight away.
      navigate(documentPath(created.id))
    } catch (error) {
      setActionError(t('documents.actionFailed', { message: errorMessage(error) }))
      setBusy(false)
    }
  }

  const rename = (doc: DocumentView, title: string) =>
    act(() => call(api.api.documents[':id'].$patch({ param: { id: doc.id }, json: { title } })))

  const confirmDelete = async () => {
    if (!deleting) return
    const doc = deleting
    setDeleting(null)
    await act(() => call(api.api.documents[':id'].$delete({ param: { id: doc.id } })))
  }

  const ofChosenKind = listing.kind === 'loaded' ? ofKind(listing.documents, kind) : []
  const visible = shown(ofChosenKind, status)

  return (
    <section className="documents" aria-labelledby="documents-title">
      <h1 id="documents-title" className="page-title">
        {t('documents.title')}
      </h1>

      {convenedGroups.length > 0 && (
        <CreateForm groups={convenedGroups} busy={busy} onCreate={create} onImport={() => setImporting(true)} />
      )}
      {importing && (
        <ImportWordDialog
          groups={convenedGroups}
          onClose={() => {
            setImporting(false)
            // An import may have finished as the dialog closed: list what the server has now.
            void load()
          }}
        />
      )}

      {actionError && (
        <p className="alert" role="alert">
          {actionError}
        </p>
      )}

      {listing.kind === 'loading' && <p className="muted">{t('documents.loading')}</p>}
      {listing.kind === 'failed' && (
        <p className="alert" role="alert">
          {t('documents.loadFailed', { message: listing.message })}
        </p>
      )}
      {listing.kind === 'loaded' &&
        (listing.documents.length === 0 ? (
          me.abilities.administer ? (
            <AdminHint />
          ) : (
            <p className="muted empty">
              {convenedGroups.length > 0 ? t('documents.emptyConvener') : t('documents.empty')}
            </p>
          )
        ) : (
          <>
            <div className="document-filters">
              <select
                className="input kind-filter"
                aria-label={t('documents.filterKind')}
                value={kind}
                onChange={(event) => setKind(event.target.value as KindChoice)}
                data-testid="kind-filter"
              >
                <option value="all">{t('documents.kindAll')}</option>
                {documentKinds.map((choice) => (
                  <option key={choice} value={choice}>
                    {t(`kind.${choice}`)}
                  </option>
                ))}
              </select>
              <StatusFilter documents={ofChosenKind} value={status} onChange={setStatus} />
            </div>
            {(status !== 'all' || kind !== 'all') && visible.length === 0 ? (
              <p className="muted empty" data-testid="filtered-empty">
                {t('documents.emptyFiltered')}
              </p>
            ) : (
              <ul className="document-list" data-testid="document-list">
                {visible.map((doc) => (
                  <DocumentRow
                    key={doc.id}
                    doc={doc}
                    busy={busy}
                    onRename={rename}
                    onDelete={() => setDeleting(doc)}
                    onKindChanged={() => void load()}
                    linkGroup={doc.abilities.viewGroup}
                  />
                ))}
              </ul>
            )}
          </>
        ))}

      {!me.abilities.administer && <MyGroups me={me} />}

      <Dialog open={deleting !== null} title={t('documents.deleteTitle')} onCancel={() => setDeleting(null)}>
        <p className="dialog__text">{t('documents.deleteConfirm', { title: deleting?.title ?? '' })}</p>
        <DialogActions
          cancel={t('documents.deleteCancel')}
          onCancel={() => setDeleting(null)}
          confirm={t('documents.delete')}
          onConfirm={() => void confirmDelete()}
          tone="danger"
        />
      </Dialog>
    </section>
  )
}

interface CreateFormProps {
  groups: Me['groups']
  busy: boolean
  onCreate: (title: string, groupId: string, template: TemplateKind, kind: DocumentKind) => Promise<void>
  /** Opens 导入Word, which creates a draft from a .docx instead. */
  onImport: () => void
}

function CreateForm({ groups, busy, onCreate, onImport }: CreateFormProps) {
  const [title, setTitle] = useState('')
  const [groupId, setGroupId] = useState(groups[0].id)
  const [kind, setKind] = useState<DocumentKind>('proposal')
  const [template, setTemplate] = useState<TemplateKind>('template')
  const titleInput = useRef<HTMLInputElement>(null)
  const suggested = templateTitles[kind]

  const trimmed = title.trim()
  // The suggestion's …… still stands where the subject goes: nothing to create yet.
  const gapLeft = trimmed.includes(titleGap)
  const length = measure(textLimits.title, title)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (trimmed && !gapLeft && !length.over) void onCreate(trimmed, groupId, template, kind)
  }

  // The template suggests its kind's title, 关于……的建议案 or ……座谈会纪要, with the …… selected for
  // the subject to replace.
  const suggestTitle = (suggestion = suggested) => {
    if (template !== 'template') return
    setTitle(suggestion)
    requestAnimationFrame(() => {
      const input = titleInput.current
      const gap = suggestion.indexOf(titleGap)
      if (input?.value === suggestion) input.setSelectionRange(gap, gap + titleGap.length)
    })
  }

  // Another kind chosen while the title is still a suggestion: suggest that kind's instead.
  const chooseKind = (next: DocumentKind) => {
    setKind(next)
    if (title === '' || Object.values(templateTitles).includes(title)) {
      setTitle('')
      if (title !== '') suggestTitle(templateTitles[next])
    }
  }

  /**
   * A whole title typed or pasted over the selected …… doubles 关于 and 的建议案: undone as soon as
   * the text is in (not while an input method is still composing), the caret kept after the subject.
   */
  const takeTitle = (input: HTMLInputElement, composing: boolean) => {
    if (composing) {
      setTitle(input.value)
      return
    }
    const caret = input.selectionStart ?? input.value.length
    const tidy = tidyTitle(input.value, caret)
    setTitle(tidy.title)
    if (tidy.title !== input.value) {
      requestAnimationFrame(() => {
        if (titleInput.current?.value === tidy.title) titleInput.current.setSelectionRange(tidy.caret, tidy.caret)
      })
    }
  }

  return (
    <form className="create-form create-form--wrap" onSubmit={submit}>
      <label className="visually-hidden" htmlFor="new-document-title">
        {t('documents.newTitle')}
      </label>
      <input
        id="new-document-title"
        ref={titleInput}
        className="input create-form__input"
        value={title}
        placeholder={t('documents.newPlaceholder')}
        onFocus={() => {
          if (!title) suggestTitle()
        }}
        onChange={(event) => takeTitle(event.target, (event.nativeEvent as InputEvent).isComposing)}
        onCompositionEnd={(event) => takeTitle(event.currentTarget, false)}
        aria-describedby={describedWith('new-document-title', length, gapLeft ? 'new-document-gap' : null)}
        aria-invalid={length.over || undefined}
        data-testid="new-document-title"
      />
      <select
        className="input"
        aria-label={t('kind.label')}
        value={kind}
        onChange={(event) => chooseKind(event.target.value as DocumentKind)}
        data-testid="new-document-kind"
      >
        {documentKinds.map((choice) => (
          <option key={choice} value={choice}>
            {t(`kind.${choice}`)}
          </option>
        ))}
      </select>
      <div
        className="template-choice"
        role="radiogroup"
        aria-label={t('template.label')}
        title={t(`template.hint.${kind}`)}
      >
        {(['template', 'blank'] as const).map((start) => (
          <label key={start} className="template-choice__option">
            <input
              type="radio"
              name="new-document-template"
              value={start}
              checked={template === start}
              onChange={() => setTemplate(start)}
              data-testid={`template-${start}`}
            />
            {t(`template.${start}`)}
          </label>
        ))}
      </div>
      {groups.length > 1 && (
        <select
          className="input"
          aria-label={t('documents.group')}
          value={groupId}
          onChange={(event) => setGroupId(event.target.value)}
        >
          {groups.map((group) => (
            <option key={group.id} value={group.id}>
              {group.name}
            </option>
          ))}
        </select>
      )}
      <button type="submit" className="button button--primary" disabled={busy || !trimmed || gapLeft || length.over}>
        {t('documents.create')}
      </button>
      <button type="button" className="button" disabled={busy} onClick={onImport} data-testid="import-word">
        {t('import.button')}
      </button>
      <LengthCounter
        inputId="new-document-title"
        measured={length}
        name={t('field.title')}
        className="create-form__hint"
      />
      {gapLeft && (
        <p id="new-document-gap" className="create-form__hint muted" data-testid="new-document-gap">
          {t('documents.replaceGap', { kind: t(`kind.${kind}`) })}
        </p>
      )}
    </form>
  )
}

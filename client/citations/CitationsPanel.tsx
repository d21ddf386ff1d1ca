/**
 * 来源 beside the editor: every material and document the text cites, with the words citing it;
 * the one clicked in the text opened — a material with its picture (an image, a PDF's first page)
 * and its file, a document with a link that opens it in a new tab. What the reader may not read is
 * listed as such, without its name.
 */
import { useEffect, useState } from 'react'
import { useEditorState, type Editor } from '@tiptap/react'
import type { Citation } from '../../shared/citations.js'
import { hasPreview } from '../../shared/materials.js'
import { api, call } from '../api/client.js'
import { showPlace } from '../search/show-place.js'
import { messageOf } from '../forms/form-errors.js'
import { t } from '../i18n/i18n.js'
import { documentPath } from '../routing/route.js'
import { citedPlaces } from './cited-places.js'

interface CitationsPanelProps {
  docId: string
  editor: Editor
  /** The target opened (clicked in the text); null: the list only. */
  focus: string | null
  onFocus: (target: string | null) => void
  onClose: () => void
}

type Resolved =
  { kind: 'loading' } | { kind: 'loaded'; byTarget: Map<string, Citation> } | { kind: 'failed'; error: unknown }

export function CitationsPanel({ docId, editor, focus, onFocus, onClose }: CitationsPanelProps) {
  // Walked again on each change while the panel is open; compared deeply, so typing elsewhere re-renders nothing.
  const places = useEditorState({ editor, selector: ({ editor }) => citedPlaces(editor.state.doc) }) ?? []
  // Asked again only when the set of targets changes, not on every keystroke.
  const key = places.map((p) => p.target).join(',')
  const [resolved, setResolved] = useState<Resolved>({ kind: 'loading' })

  useEffect(() => {
    if (!key) {
      setResolved({ kind: 'loaded', byTarget: new Map() })
      return
    }
    let current = true
    call(api.api.documents[':id'].citations.$get({ param: { id: docId }, query: { targets: key } })).then(
      ({ citations }) =>
        current && setResolved({ kind: 'loaded', byTarget: new Map(citations.map((c) => [c.target, c])) }),
      (error: unknown) => current && setResolved({ kind: 'failed', error }),
    )
    return () => {
      current = false
    }
  }, [docId, key])

  const items = places.map((place) => ({
    place,
    citation: resolved.kind === 'loaded' ? resolved.byTarget.get(place.target) : undefined,
  }))

  return (
    <aside className="citations-panel panel" aria-labelledby="citations-title" data-testid="citations-panel">
      <div className="citations-panel__head">
        <h2 id="citations-title" className="section-title">
          {t('citations.title')}
        </h2>
        <button type="button" className="button button--small" onClick={onClose}>
          {t('citations.close')}
        </button>
      </div>
      {places.length === 0 && <p className="muted">{t('citations.none')}</p>}
      {resolved.kind === 'failed' && (
        <p className="alert" role="alert">
          {messageOf(resolved.error)}
        </p>
      )}
      <ol className="citations-panel__list">
        {items.map(({ place, citation }) => (
          <li
            key={place.target}
            className={`citation-item${place.target === focus ? ' citation-item--open' : ''}`}
            data-testid="citation-item"
          >
            <button
              type="button"
              className="citation-item__words"
              onClick={() => {
                onFocus(place.target)
                editor.commands.setTextSelection({ from: place.from, to: place.to })
                requestAnimationFrame(() => showPlace(editor, place))
              }}
            >
              “{place.words}”
            </button>
            <CitationBody citation={citation} open={place.target === focus} />
          </li>
        ))}
      </ol>
    </aside>
  )
}

function CitationBody({ citation, open }: { citation: Citation | undefined; open: boolean }) {
  if (!citation) return <p className="muted">{t('app.loading')}</p>
  if (!citation.readable) return <p className="muted">{t('citations.unreadable')}</p>
  if (citation.kind === 'document') {
    return (
      <div className="citation-item__body">
        <span className="badge">{t(`kind.${citation.documentKind}`)}</span>{' '}
        <a href={documentPath(citation.documentId)} target="_blank" rel="noopener" className="citation-item__title">
          {citation.title}
        </a>
        <span className="muted"> · {t(`status.${citation.status}`)}</span>
      </div>
    )
  }
  const base = `/api/groups/${encodeURIComponent(citation.groupId)}/materials/${encodeURIComponent(citation.materialId)}`
  return (
    <div className="citation-item__body">
      <span className="badge">{t('citations.material')}</span>{' '}
      <span className="citation-item__title">{citation.title}</span>
      <div className="muted citation-item__facts">
        {citation.source} · {citation.date}
      </div>
      {open && hasPreview(citation.type) && (
        <img
          className="citation-item__preview"
          src={`${base}/preview`}
          alt={t('citations.previewOf', { title: citation.title })}
        />
      )}
      <a className="button button--small" href={`${base}/file`} download>
        {t('citations.download')}
      </a>
    </div>
  )
}

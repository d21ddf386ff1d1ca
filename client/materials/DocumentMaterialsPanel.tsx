/**
 * 材料 beside the editor: the group's 调研材料 the reader may read, read only — title, source, date,
 * a picture of each that has one (an image, a PDF's first page) and its file. Invited commenters
 * reach the materials here without the group's page. The list is the group's list route, so the
 * server's rule (policy.ts materialAccess) decides what is in it; nothing here restates it, and
 * adding or removing stays on the group's page. Loaded on demand (Editor's deferred part).
 */
import { useState } from 'react'
import { hasPreview, type Material } from '../../shared/materials.js'
import { messageOf } from '../forms/form-errors.js'
import { t } from '../i18n/i18n.js'
import { materialTypeLabels, useGroupMaterials } from './group-materials.js'
import { formatSize, materialFileHref, materialPreviewHref } from './material-hrefs.js'

interface DocumentMaterialsPanelProps {
  /** The group of the open document: its materials are listed. */
  groupId: string
  onClose: () => void
}

export function DocumentMaterialsPanel({ groupId, onClose }: DocumentMaterialsPanelProps) {
  const { loading } = useGroupMaterials(groupId)
  const [enlarged, setEnlarged] = useState<string | null>(null)

  const materials = loading.kind === 'loaded' ? loading.value.materials : []
  return (
    <aside
      className="citations-panel materials-panel panel"
      aria-labelledby="materials-panel-title"
      data-testid="materials-panel"
    >
      <div className="citations-panel__head">
        <h2 id="materials-panel-title" className="section-title">
          {t('materials.title')}
        </h2>
        <button type="button" className="button button--small" onClick={onClose}>
          {t('materials.close')}
        </button>
      </div>
      <p className="muted materials-panel__intro">{t('materials.docIntro')}</p>
      {loading.kind === 'loading' && (
        <p className="muted" role="status" data-testid="materials-panel-pending">
          {t('app.loading')}
        </p>
      )}
      {loading.kind === 'failed' && (
        <p className="alert" role="alert">
          {messageOf(loading.error)}
        </p>
      )}
      {(loading.kind === 'hidden' || (loading.kind === 'loaded' && materials.length === 0)) && (
        <p className="muted">{t('materials.none')}</p>
      )}
      {materials.length > 0 && (
        <ul className="materials-panel__list" data-testid="materials-panel-list">
          {materials.map((material) => (
            <li key={material.id} className="materials-panel__item" data-testid="panel-material">
              {hasPreview(material.type) ? (
                <button
                  type="button"
                  className="materials-panel__thumb"
                  aria-expanded={enlarged === material.id}
                  title={enlarged === material.id ? t('materials.hidePreview') : t('materials.preview')}
                  onClick={() => setEnlarged(enlarged === material.id ? null : material.id)}
                >
                  <Picture groupId={groupId} material={material} />
                </button>
              ) : (
                <span className="materials-panel__thumb materials-panel__thumb--none" aria-hidden="true">
                  {materialTypeLabels[material.type]}
                </span>
              )}
              <div className="materials-panel__main">
                <span className="materials-panel__title" data-testid="panel-material-title">
                  {material.title}
                </span>
                <div className="muted materials-panel__facts">
                  <span title={t('materials.colSource')}>{material.source}</span>
                  {' · '}
                  <time dateTime={material.date} title={t('materials.colDate')}>
                    {material.date}
                  </time>
                  {' · '}
                  <span>
                    {materialTypeLabels[material.type]} {formatSize(material.size)}
                  </span>
                </div>
                <a
                  className="button button--small"
                  href={materialFileHref(groupId, material.id)}
                  download
                  data-testid="panel-material-download"
                >
                  {t('materials.download')}
                </a>
              </div>
              {enlarged === material.id && (
                <figure className="materials-panel__large">
                  <Picture groupId={groupId} material={material} />
                </figure>
              )}
            </li>
          ))}
        </ul>
      )}
    </aside>
  )
}

/** The picture, an <img> only: the server answers image/png or image/jpeg, never a page. */
function Picture({ groupId, material }: { groupId: string; material: Material }) {
  const [failed, setFailed] = useState(false)
  if (failed) return <span className="muted">{t('materials.previewFailed')}</span>
  return (
    <img
      src={materialPreviewHref(groupId, material.id)}
      alt={t('materials.previewOf', { title: material.title })}
      loading="lazy"
      onError={() => setFailed(true)}
      data-testid="panel-material-preview"
    />
  )
}

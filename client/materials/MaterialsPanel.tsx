/**
 * 调研材料 on a group's page: the list (title, source, date, kind, size), a picture of each that has
 * one (an image, a PDF's first page) shown on asking, downloads, and for the group's members adding
 * and removing. Loaded on demand (GroupPage's deferred part): none of it is in the main chunk.
 * A reader the server shows no materials to (404) sees nothing of it.
 */
import { RemoveDialog } from '../forms/RemoveDialog.js'
import { useState } from 'react'
import { hasPreview, type Material } from '../../shared/materials.js'
import { api, call } from '../api/client.js'
import { messageOf } from '../forms/form-errors.js'
import { formatDateTime, t } from '../i18n/i18n.js'
import { AddMaterialDialog } from './AddMaterialDialog.js'
import { materialTypeLabels, useGroupMaterials } from './group-materials.js'
import { formatSize, materialFileHref, materialPreviewHref } from './material-hrefs.js'

export function MaterialsPanel({ groupId, names }: { groupId: string; names: Map<string, string> }) {
  const { loading, reload: load } = useGroupMaterials(groupId)
  const [adding, setAdding] = useState(false)
  const [removing, setRemoving] = useState<Material | null>(null)
  const [shown, setShown] = useState<string | null>(null)

  if (loading.kind === 'hidden') return null
  return (
    <section className="materials" aria-labelledby="materials-title" data-testid="materials">
      <div className="materials__head">
        <h2 id="materials-title" className="section-title">
          {t('materials.title')}
        </h2>
        {loading.kind === 'loaded' && loading.value.canChange && (
          <button type="button" className="button" onClick={() => setAdding(true)} data-testid="materials-add">
            {t('materials.add')}
          </button>
        )}
      </div>
      {loading.kind === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {loading.kind === 'failed' && (
        <p className="notice notice--refusal" role="alert">
          {messageOf(loading.error)}
        </p>
      )}
      {loading.kind === 'loaded' &&
        (loading.value.materials.length === 0 ? (
          <p className="muted empty">{t('materials.none')}</p>
        ) : (
          <ul className="materials__list" data-testid="materials-list">
            {loading.value.materials.map((material) => (
              <li key={material.id} className="materials__item" data-testid="material">
                <div className="materials__row">
                  <div className="materials__main">
                    <a
                      className="materials__title"
                      href={materialFileHref(groupId, material.id)}
                      download
                      data-testid="material-title"
                    >
                      {material.title}
                    </a>
                    <div className="materials__meta muted">
                      <span title={t('materials.colSource')}>{material.source}</span>
                      <time dateTime={material.date} title={t('materials.colDate')}>
                        {material.date}
                      </time>
                      <span className="badge" title={t('materials.colType')}>
                        {materialTypeLabels[material.type]}
                      </span>
                      <span title={t('materials.colSize')}>{formatSize(material.size)}</span>
                      <span>
                        {t('materials.addedBy', {
                          name: names.get(material.addedBy) ?? '—',
                          time: formatDateTime(material.addedAt),
                        })}
                      </span>
                    </div>
                  </div>
                  <div className="materials__actions">
                    {hasPreview(material.type) && (
                      <button
                        type="button"
                        className="button button--small"
                        aria-expanded={shown === material.id}
                        onClick={() => setShown(shown === material.id ? null : material.id)}
                        data-testid="material-preview-toggle"
                      >
                        {shown === material.id ? t('materials.hidePreview') : t('materials.preview')}
                      </button>
                    )}
                    <a className="button button--small" href={materialFileHref(groupId, material.id)} download>
                      {t('materials.download')}
                    </a>
                    {loading.value.canChange && (
                      <button
                        type="button"
                        className="button button--small button--danger"
                        onClick={() => setRemoving(material)}
                        data-testid="material-remove"
                      >
                        {t('materials.remove')}
                      </button>
                    )}
                  </div>
                </div>
                {shown === material.id && <Preview groupId={groupId} material={material} />}
              </li>
            ))}
          </ul>
        ))}
      {adding && loading.kind === 'loaded' && (
        <AddMaterialDialog
          groupId={groupId}
          maxBytes={loading.value.maxBytes}
          onClose={(added) => {
            setAdding(false)
            if (added) load()
          }}
        />
      )}
      {removing && (
        <RemoveMaterialDialog
          groupId={groupId}
          material={removing}
          onClose={(removed) => {
            setRemoving(null)
            if (removed) load()
          }}
        />
      )}
    </section>
  )
}

/** The picture, an <img> only: the server answers image/png or image/jpeg, never a page. */
function Preview({ groupId, material }: { groupId: string; material: Material }) {
  const [failed, setFailed] = useState(false)
  if (failed) return <p className="muted materials__preview">{t('materials.previewFailed')}</p>
  return (
    <figure className="materials__preview">
      <img
        src={materialPreviewHref(groupId, material.id)}
        alt={t('materials.previewOf', { title: material.title })}
        onError={() => setFailed(true)}
        data-testid="material-preview"
      />
    </figure>
  )
}

function RemoveMaterialDialog({
  groupId,
  material,
  onClose,
}: {
  groupId: string
  material: Material
  onClose: (removed: boolean) => void
}) {
  return (
    <RemoveDialog
      title={t('materials.removeTitle')}
      cancel={t('materials.cancel')}
      confirm={t('materials.removeSubmit')}
      testId="material-remove-dialog"
      remove={() =>
        call(
          api.api.groups[':id'].materials[':materialId'].$delete({ param: { id: groupId, materialId: material.id } }),
        )
      }
      onClose={onClose}
    >
      <p className="dialog__text">{t('materials.removeConfirm', { title: material.title })}</p>
    </RemoveDialog>
  )
}

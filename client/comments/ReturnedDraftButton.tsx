/**
 * 导入修订稿 in the comments sidebar, for those the server lets import a returned draft; the dialog
 * is its own chunk, loaded when first opened (the page opening a draft does not carry it).
 */
import { useState } from 'react'
import { deferredLabels } from '../i18n/deferred-labels.js'
import { t } from '../i18n/i18n.js'
import { deferred } from '../ui/Deferred.js'

const ReturnedDraftDialog = deferred(
  () => import('./ReturnedDraftDialog.js').then((m) => m.ReturnedDraftDialog),
  deferredLabels,
)

export function ReturnedDraftButton({ docId }: { docId: string }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        className="button button--small returned-draft__open"
        title={t('returned.openHint')}
        onClick={() => setOpen(true)}
        data-testid="returned-draft-open"
      >
        {t('returned.open')}
      </button>
      {open && <ReturnedDraftDialog docId={docId} onClose={() => setOpen(false)} />}
    </>
  )
}

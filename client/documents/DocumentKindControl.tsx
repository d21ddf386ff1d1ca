/**
 * A document's kind where its title is shown (the list's row, the editor's bar): a badge, and for
 * whom the server offers it (abilities.changeKind) 改文种, whose dialog is fetched on first use.
 */
import { useState } from 'react'
import type { DocumentView } from '../../shared/schema.js'
import { deferredLabels } from '../i18n/deferred-labels.js'
import { t } from '../i18n/i18n.js'
import { deferred } from '../ui/Deferred.js'

const ChangeKindDialog = deferred(() => import('./ChangeKindDialog.js').then((m) => m.ChangeKindDialog), deferredLabels)

interface DocumentKindControlProps {
  doc: Pick<DocumentView, 'id' | 'title' | 'kind' | 'abilities'>
  disabled?: boolean
  /** Told the document as the server now has it, after its kind changed. */
  onChanged: (doc: DocumentView) => void
}

export function DocumentKindControl({ doc, disabled = false, onChanged }: DocumentKindControlProps) {
  const [open, setOpen] = useState(false)
  return (
    <span className="kind-control">
      <span className="badge badge--kind" data-testid="document-kind">
        {t(`kind.${doc.kind}`)}
      </span>
      {doc.abilities.changeKind && (
        <button
          type="button"
          className="link-button kind-control__change"
          disabled={disabled || open}
          onClick={() => setOpen(true)}
          data-testid="change-kind"
        >
          {t('documents.changeKind')}
        </button>
      )}
      {open && (
        <ChangeKindDialog
          doc={doc}
          onClose={(changed) => {
            setOpen(false)
            if (changed) onChanged(changed)
          }}
        />
      )}
    </span>
  )
}

/** The 征求意见 action of a draft the reader convenes; opens the invitations dialog. */
import { useState } from 'react'
import type { DocumentView } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'
import { InvitationsDialog } from './InvitationsDialog.js'

export function InviteButton({ doc, disabled }: { doc: DocumentView; disabled?: boolean }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => setOpen(true)}
        disabled={disabled}
        data-testid="invitations-button"
      >
        {t('invitations.open')}
      </button>
      {open && <InvitationsDialog doc={doc} onClose={() => setOpen(false)} />}
    </>
  )
}

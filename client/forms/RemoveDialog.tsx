/**
 * Asks before removing one thing (an activity, a material, a follow-up entry): 取消 has the focus, the
 * request runs on 删除, and what went wrong shows in the dialog. `onClose` says whether it was removed.
 */
import type { ReactNode } from 'react'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { FormError } from '../ui/Field.js'
import { useSubmit } from '../ui/use-submit.js'
import { messageOf } from './form-errors.js'

interface RemoveDialogProps {
  title: string
  children: ReactNode
  cancel: string
  confirm: string
  testId: string
  remove: () => Promise<unknown>
  onClose: (removed: boolean) => void
}

export function RemoveDialog({ title, children, cancel, confirm, testId, remove, onClose }: RemoveDialogProps) {
  const { busy, error, run } = useSubmit<string | null>(messageOf, null)
  return (
    <Dialog open title={title} onCancel={busy ? undefined : () => onClose(false)} testId={testId}>
      {children}
      <FormError message={error} />
      <DialogActions
        cancel={cancel}
        onCancel={() => onClose(false)}
        confirm={confirm}
        onConfirm={() => void run(remove).then((done) => done && onClose(true))}
        tone="danger"
        disabled={busy}
        focusCancel
      />
    </Dialog>
  )
}

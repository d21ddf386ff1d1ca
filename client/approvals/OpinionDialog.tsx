/** One text and one decision: 审定通过 (opinion optional), 退回修改 (opinion required), 重新开放 (reason required). */
import { useState, type FormEvent, type ReactNode } from 'react'
import { errorMessage, t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { FormError } from '../ui/Field.js'
import { useSubmit } from '../ui/use-submit.js'
import { NoteField, noteTooLong } from './NoteField.js'

interface OpinionDialogProps {
  title: string
  intro: ReactNode
  label: string
  placeholder?: string
  required: boolean
  confirm: string
  tone: 'primary' | 'danger'
  onConfirm: (text: string) => Promise<void>
  onCancel: () => void
  testId: string
}

export function OpinionDialog({
  title,
  intro,
  label,
  placeholder,
  required,
  confirm,
  tone,
  onConfirm,
  onCancel,
  testId,
}: OpinionDialogProps) {
  const [text, setText] = useState('')
  const { busy, error, run } = useSubmit(errorMessage, null, { keepBusy: true })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (noteTooLong(text)) return
    await run(() => onConfirm(text.trim()))
  }

  return (
    <Dialog open title={title} onCancel={onCancel} testId={testId}>
      <form onSubmit={(event) => void submit(event)}>
        <div className="dialog__text">{intro}</div>
        <NoteField
          label={label}
          value={text}
          onChange={setText}
          placeholder={placeholder}
          required={required}
          autoFocus
        />
        <FormError message={error} />
        <DialogActions
          cancel={t('workflow.cancel')}
          onCancel={onCancel}
          confirm={confirm}
          tone={tone}
          disabled={busy || (required && text.trim() === '') || noteTooLong(text)}
        />
      </form>
    </Dialog>
  )
}

/** The row that ends a dialog: 取消, then the one action that completes it. */
import type { ReactNode } from 'react'

interface DialogActionsProps {
  cancel: string
  onCancel: () => void
  confirm: string
  /** Without it, the confirm button submits the form the row stands in. */
  onConfirm?: () => void
  tone?: 'primary' | 'danger'
  disabled?: boolean
  /** Puts the focus on 取消 at opening, where a stray Enter must not take the action. */
  focusCancel?: boolean
  /** Lesser actions, placed before 取消. */
  children?: ReactNode
}

export function DialogActions({
  cancel,
  onCancel,
  confirm,
  onConfirm,
  tone = 'primary',
  disabled,
  focusCancel,
  children,
}: DialogActionsProps) {
  return (
    <div className="dialog__actions">
      {children}
      <button type="button" className="button" onClick={onCancel} autoFocus={focusCancel}>
        {cancel}
      </button>
      <button
        type={onConfirm ? 'button' : 'submit'}
        className={`button button--${tone}`}
        disabled={disabled}
        onClick={onConfirm}
      >
        {confirm}
      </button>
    </div>
  )
}

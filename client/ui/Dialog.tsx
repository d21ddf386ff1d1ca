/** A modal dialog on the native <dialog> element: focus trapping and Escape come from the browser. */
import { useEffect, useId, useRef, type ReactNode } from 'react'

interface DialogProps {
  open: boolean
  title: string
  /** Called on Escape; without it the dialog cannot be dismissed, only completed. */
  onCancel?: () => void
  children: ReactNode
  testId?: string
}

export function Dialog({ open, title, onCancel, children, testId }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  // Several dialogs can be in the page at once; each names itself by its own title.
  const titleId = useId()

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) dialog.showModal()
    if (!open && dialog.open) dialog.close()
  }, [open])

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        // The browser would close the element itself; React state decides instead.
        event.preventDefault()
        onCancel?.()
      }}
    >
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      {children}
    </dialog>
  )
}

/** Closes an open popover the way a native menu closes: a pointer press outside it, or Escape. */
import { useEffect, useRef, type RefObject } from 'react'

interface DismissOptions {
  /** The popover together with the button that opens it: a press in there is not "outside". */
  root: RefObject<HTMLElement | null>
  /** Where the focus goes back to on Escape (the popover's button), as with a native menu. */
  returnFocus?: RefObject<HTMLElement | null>
  /** False where the popover handles Escape itself, so that it does not also close what surrounds it. */
  escape?: boolean
}

export function useDismiss(
  open: boolean,
  close: () => void,
  { root, returnFocus, escape = true }: DismissOptions,
): void {
  // The listeners live as long as the popover is open; they call whatever `close` is current.
  const closeRef = useRef(close)
  closeRef.current = close

  useEffect(() => {
    if (!open) return
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) closeRef.current()
    }
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      closeRef.current()
      returnFocus?.current?.focus()
    }
    document.addEventListener('pointerdown', onPointer)
    if (escape) document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
    }
  }, [open, root, returnFocus, escape])
}

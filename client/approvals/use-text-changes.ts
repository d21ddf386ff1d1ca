/**
 * Calls `onChange` after the document's text changed — anyone's edit, arriving through the Y.Doc —
 * at most once per `everyMs`: for what the server answers about the live draft (has it moved since
 * it was submitted or returned?), asked again when it may have changed rather than on a timer.
 */
import { useEffect, useRef } from 'react'
import type * as Y from 'yjs'

export function useTextChanges(doc: Y.Doc | null, active: boolean, everyMs: number, onChange: () => void): void {
  const latest = useRef(onChange)
  useEffect(() => {
    latest.current = onChange
  })
  useEffect(() => {
    if (!doc || !active) return
    let timer: ReturnType<typeof setTimeout> | null = null
    // The first change schedules one question; later ones until then are in its answer too (the
    // server has relayed them by then, or will have been asked again by the next change).
    const onUpdate = () => {
      timer ??= setTimeout(() => {
        timer = null
        latest.current()
      }, everyMs)
    }
    doc.on('update', onUpdate)
    return () => {
      doc.off('update', onUpdate)
      if (timer) clearTimeout(timer)
    }
  }, [doc, active, everyMs])
}

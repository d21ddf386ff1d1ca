/** The height of the editor's sticky toolbar, for CSS that has to keep clear of it. */
import { useLayoutEffect, useState, type RefObject } from 'react'

const sticksToTop = (element: Element) => {
  const style = getComputedStyle(element)
  return style.position === 'sticky' && style.top !== 'auto'
}

/**
 * The height of the bar that sticks to the top of `frame`, followed as it wraps onto more lines
 * (for CSS: the outline sticks below it, a heading jumped to stops below it). `bar` names which
 * bar is shown, so that a new one is measured.
 */
export function useTopBarHeight(frame: RefObject<HTMLElement | null>, bar: string): number {
  const [height, setHeight] = useState(0)
  useLayoutEffect(() => {
    const element = [...(frame.current?.children ?? [])].find(sticksToTop)
    if (!element) return
    const observer = new ResizeObserver(() => setHeight(element.getBoundingClientRect().height))
    observer.observe(element)
    return () => observer.disconnect()
  }, [frame, bar])
  return height
}

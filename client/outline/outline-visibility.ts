/**
 * Whether the outline panel is shown, remembered in this browser once someone chooses; until then
 * shown, except on a narrow screen, where it would sit above the text and push it down.
 */
import { useCallback, useState } from 'react'

const storageKey = 'jianyi.outline.hidden'
/** Where the outline no longer fits beside the text (styles.css puts it above). */
const narrowScreen = '(max-width: 900px)'

export function useOutlineVisible(): [boolean, () => void] {
  const [visible, setVisible] = useState(() => {
    try {
      const chosen = localStorage.getItem(storageKey)
      if (chosen !== null) return chosen !== '1'
    } catch {
      // Private mode: nothing was chosen.
    }
    return !window.matchMedia(narrowScreen).matches
  })
  const toggle = useCallback(() => {
    setVisible((was) => {
      try {
        localStorage.setItem(storageKey, was ? '1' : '0')
      } catch {
        // Private mode: the choice holds for this page.
      }
      return !was
    })
  }, [])
  return [visible, toggle]
}

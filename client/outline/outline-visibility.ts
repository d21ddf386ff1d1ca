/** Whether the outline panel is shown, remembered in this browser; shown until someone hides it. */
import { useCallback, useState } from 'react'

const storageKey = 'jianyi.outline.hidden'

export function useOutlineVisible(): [boolean, () => void] {
  const [visible, setVisible] = useState(() => {
    try {
      return localStorage.getItem(storageKey) !== '1'
    } catch {
      return true
    }
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

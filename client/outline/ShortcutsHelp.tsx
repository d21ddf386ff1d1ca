/** 快捷键: a button and a dialog listing the editor's keyboard shortcuts (also Ctrl+/); the dialog loads when first opened. */
import { useEffect, useState } from 'react'
import { deferredLabels } from '../i18n/deferred-labels.js'
import { t } from '../i18n/i18n.js'
import { deferred } from '../ui/Deferred.js'
import { mac, mod } from './shortcut-keys.js'

const ShortcutsDialog = deferred(() => import('./ShortcutsDialog.js').then((m) => m.ShortcutsDialog), deferredLabels)

export function ShortcutsHelp() {
  const [open, setOpen] = useState(false)

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '/' && (mac ? event.metaKey : event.ctrlKey) && !event.altKey) {
        event.preventDefault()
        setOpen(true)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <>
      <button
        type="button"
        className="tool"
        title={`${t('help.buttonTitle')} (${mod}+/)`}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => setOpen(true)}
        data-testid="shortcuts-button"
      >
        <span aria-hidden="true">⌨</span> {t('help.button')}
      </button>
      {open && <ShortcutsDialog onClose={() => setOpen(false)} />}
    </>
  )
}

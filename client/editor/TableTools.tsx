/**
 * What can be done to the table the caret is in: rows and columns added below and to the right or
 * deleted, the header row switched, cells merged and split, the table deleted. A small bar just
 * above the table, not a row of the toolbar, so that stepping into a table does not push the text
 * down under the pointer. Loaded on demand (React.lazy from Toolbar.tsx) the first time a caret
 * enters a table: most drafts have none. The commands are TableKit's, with prosemirror-tables
 * behind them (extensions/table-editing.ts, loaded before this bar shows); every change is a Yjs change like typing, so the other members see it at once.
 */
import { useLayoutEffect, useRef, useState, type ComponentType, type ReactNode, type ReactPortal } from 'react'
import type { Editor } from '@tiptap/react'
import { t, type MessageKey } from '../i18n/i18n.js'

/**
 * The table the caret is in, as the toolbar reads it from the editor state (Toolbar.tsx). This
 * chunk imports only what the app's first chunk holds (React, the messages): a module it shared
 * with the editor's chunk (TipTap, react-dom) would make the bundler move the editor's whole
 * chunk into the first one, doubling it. So the toolbar hands in what it needs of those.
 */
export interface TableState {
  /** Where the table starts. */
  pos: number
  /** Whether its first row is header cells. */
  headerRow: boolean
  /** Whether the selection can be merged (several cells) or split (a merged cell). */
  mergeCells: boolean
  splitCell: boolean
}

/** The toolbar's button, passed in so that this chunk does not import the toolbar back either. */
export type TableToolButton = ComponentType<{
  label: string
  active?: boolean
  disabled?: boolean
  onRun: () => void
  children: ReactNode
}>

type Command = 'addRowAfter' | 'deleteRow' | 'addColumnAfter' | 'deleteColumn' | 'mergeCells' | 'splitCell'

const commands: { command: Command; label: MessageKey; text: MessageKey }[] = [
  { command: 'addRowAfter', label: 'table.addRowAfter', text: 'table.addRowAfterShort' },
  { command: 'deleteRow', label: 'table.deleteRow', text: 'table.deleteRowShort' },
  { command: 'addColumnAfter', label: 'table.addColumnAfter', text: 'table.addColumnAfterShort' },
  { command: 'deleteColumn', label: 'table.deleteColumn', text: 'table.deleteColumnShort' },
  { command: 'mergeCells', label: 'table.mergeCells', text: 'table.mergeCellsShort' },
  { command: 'splitCell', label: 'table.splitCell', text: 'table.splitCellShort' },
]

interface TableToolsProps {
  editor: Editor
  state: TableState
  Button: TableToolButton
  /** react-dom's createPortal: the bar is placed in the editor's box, next to the text. */
  portal: (children: ReactNode, host: Element) => ReactPortal
  /** The server has not (yet) said that this user may edit. */
  disabled: boolean
}

export default function TableTools({ editor, state, Button, portal, disabled }: TableToolsProps) {
  const bar = useRef<HTMLDivElement>(null)
  const [place, setPlace] = useState<{ top: number; left: number } | null>(null)

  // Just above the table, measured against the bar's own offset parent (the page or the sheet).
  useLayoutEffect(() => {
    const measure = () => {
      const table = editor.view.nodeDOM(state.pos) as HTMLElement | null
      const parent = bar.current?.offsetParent ?? document.documentElement
      if (!table || !bar.current) return
      const box = table.getBoundingClientRect()
      const origin = parent.getBoundingClientRect()
      const next = {
        top: Math.round(box.top - origin.top + parent.scrollTop - bar.current.offsetHeight - 2),
        // Ending at the table's right edge (on one line, wider than a narrow table if it must).
        left: Math.round(Math.max(0, box.right - origin.left - bar.current.offsetWidth) + parent.scrollLeft),
      }
      setPlace((previous) => (previous && previous.top === next.top && previous.left === next.left ? previous : next))
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(editor.view.dom)
    return () => observer.disconnect()
  })

  const run = (command: Command | 'toggleHeaderRow' | 'deleteTable') => () => {
    editor.chain().focus()[command]().run()
  }
  const host = editor.view.dom.parentElement
  if (!host) return null
  return portal(
    <div
      ref={bar}
      className="table-tools"
      role="toolbar"
      aria-label={t('table.tools')}
      data-testid="table-tools"
      style={place ? { top: place.top, left: place.left } : { visibility: 'hidden' }}
    >
      {commands.map(({ command, label, text }) => (
        <Button
          key={command}
          label={t(label)}
          disabled={disabled || ((command === 'mergeCells' || command === 'splitCell') && !state[command])}
          onRun={run(command)}
        >
          {t(text)}
        </Button>
      ))}
      <Button
        label={t('table.toggleHeaderRow')}
        active={state.headerRow}
        disabled={disabled}
        onRun={run('toggleHeaderRow')}
      >
        {t('table.toggleHeaderRowShort')}
      </Button>
      <Button label={t('table.deleteTable')} disabled={disabled} onRun={run('deleteTable')}>
        {t('table.deleteTableShort')}
      </Button>
    </div>,
    host,
  )
}

/**
 * Formatting commands: headings 1–4, bold, lists, tables, and the Yjs undo/redo of this person's
 * edits. The commands for the table the caret is in load on demand (TableTools.tsx).
 */
import { lazy, Suspense, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { useEditorState, type Editor } from '@tiptap/react'
import { yUndoPluginKey } from '@tiptap/y-tiptap'
import type { UndoManager } from 'yjs'
import { loadPageMessages, t } from '../i18n/i18n.js'
import type { TableState } from './TableTools.js'
import { loadTableCells } from './extensions/table-editing.js'

// The table tools' strings are among those loaded on demand (i18n.ts loadPageMessages), their
// commands need the table editing chunk (extensions/table-editing.ts).
const TableTools = lazy(() =>
  Promise.all([import('./TableTools.js'), loadPageMessages(), loadTableCells()]).then(([tools]) => tools),
)

/** The table the selection is in, for its commands (TableTools.tsx); null outside tables. */
function tableState(editor: Editor): TableState | null {
  const { $from } = editor.state.selection
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth)
    if (node.type.name !== 'table') continue
    const first = node.firstChild
    let headerRow = !!first && first.childCount > 0
    first?.forEach((cell) => {
      if (cell.type.name !== 'tableHeader') headerRow = false
    })
    return {
      pos: $from.before(depth),
      headerRow,
      // Dry runs, only while the caret is in a table.
      mergeCells: editor.can().mergeCells(),
      splitCell: editor.can().splitCell(),
    }
  }
  return null
}

/** A new table: three columns, a header row and two rows for figures, as an investigation report's tables start. */
const newTable = { rows: 3, cols: 3, withHeaderRow: true }

/** GB/T 9704 numbers four levels (一、（一）1.（1）); the numbers themselves are generated. */
const levels = [1, 2, 3, 4] as const

interface ToolButtonProps {
  /** The tooltip; the accessible name is the button's text, so it matches what is seen. */
  label: string
  shortcut?: string
  active?: boolean
  disabled?: boolean
  onRun: () => void
  children: ReactNode
}

function ToolButton({ label, shortcut, active, disabled, onRun, children }: ToolButtonProps) {
  return (
    <button
      type="button"
      className="tool"
      title={shortcut ? `${label} (${shortcut})` : label}
      aria-pressed={active}
      disabled={disabled}
      // Keep the selection in the editor: a focused button would take it away before the command runs.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onRun}
    >
      {children}
    </button>
  )
}

/** Whether this person's Yjs UndoManager has steps to undo and to redo. */
function undoable(editor: Editor): { canUndo: boolean; canRedo: boolean } {
  const manager = (yUndoPluginKey.getState(editor.state) as { undoManager?: UndoManager } | undefined)?.undoManager
  return { canUndo: (manager?.undoStack.length ?? 0) > 0, canRedo: (manager?.redoStack.length ?? 0) > 0 }
}

/**
 * `disabled` while the server has not yet said that this user may edit; `suggesting` in 修订 mode,
 * where formatting and undo would change the text and so are off; `mode` (编辑 / 修订) opens the
 * toolbar; `extra` ends it (the comment button); `aids` (outline, proofreading, shortcuts) sit
 * apart at its right end.
 */
export function Toolbar({
  editor,
  disabled,
  suggesting = false,
  mode,
  extra,
  aids,
}: {
  editor: Editor
  disabled: boolean
  suggesting?: boolean
  mode?: ReactNode
  extra?: ReactNode
  aids?: ReactNode
}) {
  const state = useEditorState({
    editor,
    selector: ({ editor }) => ({
      headings: levels.map((level) => editor.isActive('heading', { level })),
      bold: editor.isActive('bold'),
      orderedList: editor.isActive('orderedList'),
      bulletList: editor.isActive('bulletList'),
      table: tableState(editor),
      // undo/redo come from the Collaboration extension (Yjs UndoManager), not StarterKit; asked of
      // the UndoManager as its commands do, without the dry run of editor.can() on every keystroke.
      ...undoable(editor),
    }),
  })

  const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl'

  return (
    // A disabled fieldset disables every button in it.
    <fieldset
      className="toolbar"
      role="toolbar"
      aria-label={t('toolbar.label')}
      data-testid="toolbar"
      disabled={disabled}
    >
      {mode && <div className="toolbar__group">{mode}</div>}
      <div className="toolbar__group">
        {levels.map((level, index) => (
          <ToolButton
            key={level}
            label={t('toolbar.heading', { level })}
            shortcut={`${mod}+Alt+${level}`}
            active={state.headings[index]}
            disabled={suggesting}
            onRun={() => editor.chain().focus().toggleHeading({ level }).run()}
          >
            {t('toolbar.headingShort', { level })}
          </ToolButton>
        ))}
      </div>
      <div className="toolbar__group">
        <ToolButton
          label={t('toolbar.bold')}
          shortcut={`${mod}+B`}
          active={state.bold}
          disabled={suggesting}
          onRun={() => editor.chain().focus().toggleBold().run()}
        >
          <b aria-hidden="true">B</b>
          <span className="visually-hidden">{t('toolbar.bold')}</span>
        </ToolButton>
        <ToolButton
          label={t('toolbar.orderedList')}
          shortcut={`${mod}+Shift+7`}
          active={state.orderedList}
          disabled={suggesting}
          onRun={() => editor.chain().focus().toggleOrderedList().run()}
        >
          <span aria-hidden="true">1.</span> {t('toolbar.orderedList')}
        </ToolButton>
        <ToolButton
          label={t('toolbar.bulletList')}
          shortcut={`${mod}+Shift+8`}
          active={state.bulletList}
          disabled={suggesting}
          onRun={() => editor.chain().focus().toggleBulletList().run()}
        >
          <span aria-hidden="true">•</span> {t('toolbar.bulletList')}
        </ToolButton>
        <ToolButton
          label={t('toolbar.table')}
          // No table inside a table: the export would flatten it.
          disabled={suggesting || !!state.table}
          onRun={() => editor.chain().focus().insertTable(newTable).run()}
        >
          <span aria-hidden="true">▦</span> {t('toolbar.tableShort')}
        </ToolButton>
      </div>
      {state.table && !suggesting && (
        <Suspense
          fallback={
            <span className="toolbar__group muted" role="status">
              {t('app.loading')}
            </span>
          }
        >
          <TableTools
            editor={editor}
            state={state.table}
            Button={ToolButton}
            portal={(children, host) => createPortal(children, host)}
            disabled={disabled}
          />
        </Suspense>
      )}
      <div className="toolbar__group">
        <ToolButton
          label={t('toolbar.undo')}
          shortcut={`${mod}+Z`}
          disabled={suggesting || !state.canUndo}
          onRun={() => editor.chain().focus().undo().run()}
        >
          <span aria-hidden="true">↶</span> {t('toolbar.undo')}
        </ToolButton>
        <ToolButton
          label={t('toolbar.redo')}
          shortcut={`${mod}+Shift+Z`}
          disabled={suggesting || !state.canRedo}
          onRun={() => editor.chain().focus().redo().run()}
        >
          <span aria-hidden="true">↷</span> {t('toolbar.redo')}
        </ToolButton>
      </div>
      {extra && <div className="toolbar__group">{extra}</div>}
      {aids && <div className="toolbar__group toolbar__group--aids">{aids}</div>}
    </fieldset>
  )
}

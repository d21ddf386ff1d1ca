/**
 * Editing tables: TipTap's table commands and keys (Tab to the next cell, a row added at the end),
 * backed by `prosemirror-tables` (cell selection by dragging, merged cells, tables kept
 * rectangular), which is a chunk loaded when a draft first has a table — when one arrives with the
 * draft, is pasted or imported, or is inserted from the toolbar. Most drafts have none, and opening
 * a draft then downloads none of it (docs/performance.md, initial JavaScript). The table nodes
 * themselves are the document schema's (shared/editor/table.ts).
 *
 * Until the chunk is there (a fraction of a second after a table appears) the commands that need
 * it answer "cannot"; Tab in a cell waits for it rather than leaving the editor. Inserting a table
 * needs nothing of it.
 */
import { Extension, findParentNodeClosestToPos, type Editor } from '@tiptap/core'
import type { Fragment, Schema } from '@tiptap/pm/model'
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state'
import type { Step } from '@tiptap/pm/transform'

type TableCells = typeof import('./table-cells.js')

let cells: TableCells | null = null
let loading: Promise<TableCells> | null = null

/** Loads the table editing chunk (once; again after a failed attempt). */
export function loadTableCells(): Promise<TableCells> {
  loading ??= import('./table-cells.js').then(
    (module) => (cells = module),
    (error: unknown) => {
      loading = null
      throw error
    },
  )
  return loading
}

/** Where the cell editing plugin goes among the editor's plugins: where TableKit had it, after the table keys. */
const slotKey = new PluginKey('tableEditingSlot')

type StateCommand = (state: EditorState, dispatch?: (tr: Transaction) => void) => boolean

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    tableEditing: {
      /** A table of `rows` × `cols` empty cells at the selection, the first row header cells if `withHeaderRow`. */
      insertTable: (options?: { rows?: number; cols?: number; withHeaderRow?: boolean }) => ReturnType
      addRowAfter: () => ReturnType
      deleteRow: () => ReturnType
      addColumnAfter: () => ReturnType
      deleteColumn: () => ReturnType
      mergeCells: () => ReturnType
      splitCell: () => ReturnType
      toggleHeaderRow: () => ReturnType
      deleteTable: () => ReturnType
      goToNextCell: () => ReturnType
      goToPreviousCell: () => ReturnType
    }
  }
}

/** Whether `fragment` holds a table; text blocks are not entered (a table is never inline). */
function holdsTable(fragment: Fragment): boolean {
  let found = false
  fragment.descendants((node) => {
    if (found) return false
    if (node.type.name === 'table') found = true
    return !found && !node.isTextblock
  })
  return found
}

/** Whether a step puts a table into the document (a remote change replaces a range with a slice). */
const stepAddsTable = (step: Step): boolean => {
  const slice = (step as { slice?: { content: Fragment } }).slice
  return !!slice && holdsTable(slice.content)
}

/** A table of empty cells, as TableKit's insertTable makes it. */
function createTable(schema: Schema, rows: number, cols: number, withHeaderRow: boolean) {
  const { table, tableRow, tableCell, tableHeader } = schema.nodes
  const row = (type: typeof tableCell) =>
    tableRow.createChecked(
      null,
      Array.from({ length: cols }, () => type.createAndFill()!),
    )
  return table.createChecked(
    null,
    Array.from({ length: rows }, (_, index) => row(withHeaderRow && index === 0 ? tableHeader : tableCell)),
  )
}

/** The table the selection is in, if any. */
const tableAround = (state: EditorState) =>
  findParentNodeClosestToPos(state.selection.$from, (node) => node.type.name === 'table')

/** A command of the chunk; "cannot" until it is loaded. */
const cellCommand =
  (pick: (module: TableCells) => StateCommand) =>
  () =>
  ({ state, dispatch }: { state: EditorState; dispatch?: (tr: Transaction) => void }) =>
    !!cells && pick(cells)(state, dispatch)

/** Per editor: the loading of the chunk and the adding of its plugin, once asked. */
interface CellsStorage {
  request: Promise<void> | null
}

export const TableEditing = Extension.create<Record<string, never>, CellsStorage>({
  name: 'tableEditing',

  addStorage: () => ({ request: null }),

  addCommands() {
    return {
      insertTable:
        ({ rows = 3, cols = 3, withHeaderRow = true } = {}) =>
        ({ tr, dispatch, editor }) => {
          if (dispatch) {
            const offset = tr.selection.from + 1
            tr.replaceSelectionWith(createTable(editor.schema, rows, cols, withHeaderRow))
              .scrollIntoView()
              .setSelection(TextSelection.near(tr.doc.resolve(offset)))
          }
          return true
        },
      addRowAfter: cellCommand((m) => m.addRowAfter),
      deleteRow: cellCommand((m) => m.deleteRow),
      addColumnAfter: cellCommand((m) => m.addColumnAfter),
      deleteColumn: cellCommand((m) => m.deleteColumn),
      mergeCells: cellCommand((m) => m.mergeCells),
      splitCell: cellCommand((m) => m.splitCell),
      toggleHeaderRow: cellCommand((m) => m.toggleHeaderRow),
      deleteTable: cellCommand((m) => m.deleteTable),
      goToNextCell: cellCommand((m) => m.goToNextCell(1)),
      goToPreviousCell: cellCommand((m) => m.goToNextCell(-1)),
    }
  },

  addKeyboardShortcuts() {
    // Tab in a cell before the chunk has come: taken, and done once it has.
    const later = (run: () => void) => {
      if (!tableAround(this.editor.state)) return false
      void requestCells(this.editor, this.storage).then(() => {
        if (cells && !this.editor.isDestroyed) run()
      })
      return true
    }
    const next = () => {
      if (!cells) return later(() => next())
      if (this.editor.commands.goToNextCell()) return true
      if (!this.editor.can().addRowAfter()) return false
      return this.editor.chain().addRowAfter().goToNextCell().run()
    }
    const previous = () => (cells ? this.editor.commands.goToPreviousCell() : later(() => previous()))
    const deleteAllCells = () =>
      !!cells && cells.deleteTableWhenAllCellsSelected(this.editor.state, this.editor.view.dispatch)
    return {
      Tab: next,
      'Shift-Tab': previous,
      Backspace: deleteAllCells,
      'Mod-Backspace': deleteAllCells,
      Delete: deleteAllCells,
      'Mod-Delete': deleteAllCells,
    }
  },

  addProseMirrorPlugins() {
    return [new Plugin({ key: slotKey })]
  },

  onCreate() {
    if (holdsTable(this.editor.state.doc.content)) void requestCells(this.editor, this.storage)
  },

  onTransaction({ transaction }) {
    if (!this.storage.request && transaction.docChanged && transaction.steps.some(stepAddsTable))
      void requestCells(this.editor, this.storage)
  },
})

/** Loads the chunk and adds its plugin to `editor`, once per editor (again after a failed load). */
function requestCells(editor: Editor, storage: CellsStorage): Promise<void> {
  storage.request ??= loadTableCells().then(
    (module) => {
      if (editor.isDestroyed) return
      editor.registerPlugin(module.cellEditing(), (plugin, plugins) => {
        const slot = plugins.findIndex((candidate) => candidate.spec.key === slotKey)
        return [...plugins.slice(0, slot + 1), plugin, ...plugins.slice(slot + 1)]
      })
      // What the toolbar shows of the table (merge, split) is read again on the next transaction.
      editor.view.dispatch(editor.state.tr.setMeta('addToHistory', false))
    },
    () => {
      // Offline, or a newer server without this chunk: tried again on the next table or Tab in one.
      storage.request = null
    },
  )
  return storage.request
}

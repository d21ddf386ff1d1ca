/**
 * The part of table editing that `prosemirror-tables` does, a chunk of its own loaded when a draft
 * first has a table (table-editing.ts): the plugin for cell selections (dragging across cells,
 * copying and pasting cells) that keeps tables rectangular, and the row, column and cell commands,
 * as TipTap's TableKit runs them (`@tiptap/extension-table` 3.31, MIT).
 */
import { findParentNodeClosestToPos } from '@tiptap/core'
import type { EditorState, Transaction } from '@tiptap/pm/state'
import { TextSelection } from '@tiptap/pm/state'
import {
  addColumnAfter,
  addRowAfter,
  CellSelection,
  deleteColumn as deleteColumnAt,
  deleteRow as deleteRowAt,
  deleteTable,
  goToNextCell,
  mergeCells,
  splitCell,
  tableEditing,
  toggleHeader,
} from '@tiptap/pm/tables'

export { addColumnAfter, addRowAfter, deleteTable, goToNextCell, mergeCells, splitCell }

type Dispatch = ((tr: Transaction) => void) | undefined

/** TableKit's plugin, as configured there by default (no selecting the whole table as a node). */
export const cellEditing = () => tableEditing({ allowTableNodeSelection: false })

export const toggleHeaderRow = toggleHeader('row')

const tableAround = (state: EditorState) =>
  findParentNodeClosestToPos(state.selection.$from, (node) => node.type.name === 'table')

/** After deleting the caret's row or column, the caret stays in the table (at its end) if it left it. */
function keepCursorInTable(tr: Transaction, tablePos: number): void {
  const mapped = tr.mapping.map(tablePos)
  const stillIn = findParentNodeClosestToPos(tr.selection.$from, (node) => node.type.name === 'table')
  if (stillIn?.pos === mapped) return
  const table = tr.doc.nodeAt(mapped)
  if (!table) return
  tr.setSelection(TextSelection.near(tr.doc.resolve(mapped + table.nodeSize - 1), -1))
}

const keepingCursor =
  (command: (state: EditorState, dispatch?: Dispatch) => boolean) =>
  (state: EditorState, dispatch?: Dispatch): boolean => {
    const table = tableAround(state)
    return command(
      state,
      dispatch &&
        ((tr) => {
          if (table) keepCursorInTable(tr, table.pos)
          dispatch(tr)
        }),
    )
  }

export const deleteRow = keepingCursor(deleteRowAt)
export const deleteColumn = keepingCursor(deleteColumnAt)

/** Backspace or Delete with every cell of a table selected deletes the table. */
export function deleteTableWhenAllCellsSelected(state: EditorState, dispatch: Dispatch): boolean {
  const { selection } = state
  if (!(selection instanceof CellSelection)) return false
  const table = findParentNodeClosestToPos(selection.ranges[0].$from, (node) => node.type.name === 'table')
  let cellCount = 0
  table?.node.descendants((node) => {
    if (node.type.name === 'table') return false
    if (node.type.name === 'tableCell' || node.type.name === 'tableHeader') cellCount += 1
  })
  if (cellCount !== selection.ranges.length) return false
  return deleteTable(state, dispatch)
}

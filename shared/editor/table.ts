/**
 * Tables as the document schema knows them (investigation reports carry tables of figures): table >
 * tableRow > tableCell | tableHeader > blocks, the same nodes, attributes, HTML and node view as
 * TipTap's TableKit with `resizable: false`. The table node is written here rather than taken from
 * `@tiptap/extension-table`, whose module also brings `prosemirror-tables` (cell selection, table
 * fixing, the row and column commands: about 11 KB brotli) into every page that opens a draft. The
 * editor loads that part when a table first appears in the draft (client/editor/extensions/
 * table-editing.ts); the server and the read-only views never need it.
 *
 * No column resizing: widths are the export's, laid out per GB/T 9704, not something a writer drags.
 * updateColumns, TableView and createColGroup follow `@tiptap/extension-table` 3.31 (MIT).
 */
import { callOrReturn, getExtensionField, mergeAttributes, Node } from '@tiptap/core'
import { TableCell } from '@tiptap/extension-table/cell'
import { TableHeader } from '@tiptap/extension-table/header'
import { TableRow } from '@tiptap/extension-table/row'
import type { DOMOutputSpec, Node as ProseMirrorNode } from '@tiptap/pm/model'
import type { NodeView, ViewMutationRecord } from '@tiptap/pm/view'

/** TableKit's default: a column without a width is laid out at least this wide. */
const cellMinWidth = 25

const colStyle = (width: number | undefined): [string, string] =>
  width ? ['width', `${Math.max(width, cellMinWidth)}px`] : ['min-width', `${cellMinWidth}px`]

/** The widths of the first row's cells, one per column (a cell spanning columns gives several). */
function columnWidths(table: ProseMirrorNode): (number | undefined)[] {
  const widths: (number | undefined)[] = []
  table.firstChild?.forEach((cell) => {
    const { colspan, colwidth } = cell.attrs as { colspan: number; colwidth: number[] | null }
    for (let j = 0; j < colspan; j++) widths.push(colwidth?.[j] || undefined)
  })
  return widths
}

/** The table's own width when every column has one, else its minimum width. */
function tableWidth(widths: (number | undefined)[]): { fixed: boolean; total: number } {
  return {
    fixed: widths.every((width) => width !== undefined),
    total: widths.reduce<number>((sum, width) => sum + (width ?? cellMinWidth), 0),
  }
}

/** The node view of the editor: a `div.tableWrapper` around the table, its `<col>`s kept up to date. */
class TableView implements NodeView {
  dom: HTMLElement
  contentDOM: HTMLElement
  private table: HTMLTableElement
  private colgroup: HTMLElement

  constructor(
    private node: ProseMirrorNode,
    HTMLAttributes: Record<string, unknown>,
  ) {
    this.dom = document.createElement('div')
    this.dom.className = 'tableWrapper'
    this.table = this.dom.appendChild(document.createElement('table'))
    for (const [key, value] of Object.entries(HTMLAttributes)) {
      if (value === undefined || value === null) continue
      if (key === 'style') this.table.style.cssText = String(value)
      else this.table.setAttribute(key, String(value))
    }
    this.colgroup = this.table.appendChild(document.createElement('colgroup'))
    this.updateColumns()
    this.contentDOM = this.table.appendChild(document.createElement('tbody'))
  }

  update(node: ProseMirrorNode): boolean {
    if (node.type !== this.node.type) return false
    this.node = node
    this.updateColumns()
    return true
  }

  /** Changes to the wrapper and the `<col>`s are the view's own, not the document's. */
  ignoreMutation(mutation: ViewMutationRecord): boolean {
    const { target } = mutation
    return this.dom.contains(target) && !this.contentDOM.contains(target) && mutation.type !== 'selection'
  }

  private updateColumns(): void {
    const widths = columnWidths(this.node)
    let next = this.colgroup.firstChild as HTMLElement | null
    for (const width of widths) {
      const [property, value] = colStyle(width)
      if (!next) {
        const col = document.createElement('col')
        col.style.setProperty(property, value)
        this.colgroup.appendChild(col)
      } else {
        if (next.style.width !== (width ? `${width}px` : '')) next.style.setProperty(property, value)
        next = next.nextSibling as HTMLElement | null
      }
    }
    while (next) {
      const after = next.nextSibling as HTMLElement | null
      next.remove()
      next = after
    }
    const { fixed, total } = tableWidth(widths)
    this.table.style.width = fixed ? `${total}px` : ''
    this.table.style.minWidth = fixed ? '' : `${total}px`
  }
}

export const Table = Node.create<{ HTMLAttributes: Record<string, unknown> }>({
  name: 'table',
  addOptions: () => ({ HTMLAttributes: {} }),
  content: 'tableRow+',
  tableRole: 'table',
  isolating: true,
  group: 'block',
  parseHTML: () => [{ tag: 'table' }],
  renderHTML({ node, HTMLAttributes }) {
    const widths = columnWidths(node)
    const { fixed, total } = tableWidth(widths)
    const cols: DOMOutputSpec[] = widths.map((width) => ['col', { style: colStyle(width).join(': ') }])
    const style =
      (HTMLAttributes.style as string | undefined) ?? (fixed ? `width: ${total}px` : `min-width: ${total}px`)
    return [
      'table',
      mergeAttributes(this.options.HTMLAttributes, HTMLAttributes, { style }),
      ['colgroup', {}, ...cols],
      ['tbody', 0],
    ]
  },
  addNodeView() {
    return ({ node, HTMLAttributes }) =>
      new TableView(node, mergeAttributes(this.options.HTMLAttributes, HTMLAttributes))
  },
  // Every node's spec carries its tableRole, by which prosemirror-tables finds the table's node types.
  extendNodeSchema(extension) {
    const context = { name: extension.name, options: extension.options, storage: extension.storage }
    return { tableRole: callOrReturn(getExtensionField(extension, 'tableRole', context)) }
  },
})

/** The four table nodes of the document schema (TableKit's, the table's own written here). */
export const tableExtensions = () => [Table, TableCell, TableHeader, TableRow]

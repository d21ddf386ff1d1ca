/** A framed table of records: one heading per column, and a last column of row actions named for screen readers only. */
import type { ReactNode } from 'react'

interface TableProps {
  columns: string[]
  /** The hidden heading of the actions column; without it the table has none. */
  actions?: string
  /** Added to `table`. */
  className?: string
  testId: string
  /** The rows. */
  children: ReactNode
}

export function Table({ columns, actions, className, testId, children }: TableProps) {
  return (
    <div className="table-frame">
      <table className={className ? `table ${className}` : 'table'} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col">
                {column}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="visually-hidden">{actions}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}

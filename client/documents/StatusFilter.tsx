/** Which 建议案 the home page lists: all of them, or those at one stage of the workflow, with counts. */
import type { DocumentStatus, DocumentView } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'

/** A stage of the workflow, or every stage. */
export type StatusChoice = DocumentStatus | 'all'

const choices: readonly StatusChoice[] = ['all', 'draft', 'submitted', 'returned', 'approved']

interface StatusFilterProps {
  documents: DocumentView[]
  value: StatusChoice
  onChange: (value: StatusChoice) => void
}

export function StatusFilter({ documents, value, onChange }: StatusFilterProps) {
  const count = (choice: StatusChoice) =>
    choice === 'all' ? documents.length : documents.filter((doc) => doc.status === choice).length
  return (
    <div
      className="segmented status-filter"
      role="radiogroup"
      aria-label={t('documents.filter')}
      data-testid="status-filter"
    >
      {choices.map((choice) => (
        <button
          key={choice}
          type="button"
          role="radio"
          aria-checked={value === choice}
          className="segmented__option"
          onClick={() => onChange(choice)}
        >
          {choice === 'all' ? t('documents.filterAll') : t(`status.${choice}`)}
          <span className="status-filter__count">{count(choice)}</span>
        </button>
      ))}
    </div>
  )
}

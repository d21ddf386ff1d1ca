/**
 * The document's place in the approval workflow (起草中 / 待审定 / 退回修改 / 已审定) and the steps
 * this person may take from there, as the server lists them in `workflow.actions`.
 */
import type { WorkflowView } from '../../shared/schema.js'
import type { WorkflowAction } from '../../shared/workflow.js'
import { formatDateTime, t } from '../i18n/i18n.js'
import type { ReaderTarget } from '../versions/reader-target.js'
import type { NameOf } from '../versions/use-display-names.js'

export type Decision = Exclude<WorkflowAction, 'submit'>

interface WorkflowBarProps {
  workflow: WorkflowView
  nameOf: NameOf
  /** The version submitted or approved before the pending one (the chair's inbox says which). */
  previousVersionNumber: number | null
  historyOpen: boolean
  onToggleHistory: () => void
  onOpen: (target: ReaderTarget) => void
  onSubmit: () => void
  onDecide: (decision: Decision) => void
}

/** Whether the server offers this person `action` now. */
const may = (workflow: WorkflowView, action: WorkflowAction): boolean => workflow.actions.includes(action)

export function WorkflowBar(props: WorkflowBarProps) {
  const { workflow, historyOpen, onToggleHistory, onSubmit } = props
  const { status } = workflow
  return (
    <section
      className={`workflow workflow--${status}`}
      aria-label={t('workflow.label')}
      data-testid="workflow-bar"
      data-status={status}
    >
      <div className="workflow__main" data-testid={status === 'approved' ? 'approved-banner' : undefined}>
        <span className={`workflow__status workflow__status--${status}`} data-testid="workflow-status">
          {status === 'approved' && workflow.approved
            ? t('workflow.approvedVersion', { n: workflow.approved.versionNumber })
            : t(`workflow.status.${status}`)}
        </span>
        <Details {...props} />
      </div>
      <div className="workflow__actions">
        {may(workflow, 'submit') && (
          <button type="button" className="button button--primary" onClick={onSubmit}>
            {t('workflow.submit')}
          </button>
        )}
        <ChairActions {...props} />
        <button
          type="button"
          className="button"
          aria-expanded={historyOpen}
          onClick={onToggleHistory}
          data-testid="history-toggle"
        >
          {t('versions.panelTitle')}
        </button>
      </div>
    </section>
  )
}

function Details({ workflow, nameOf, onOpen }: WorkflowBarProps) {
  const { status, submission, approved } = workflow
  if (status === 'approved') {
    return (
      <span className="workflow__details">
        {approved && (
          <>
            <span>
              {t('workflow.approvedBy', {
                name: approved.byName || nameOf(approved.by),
                time: formatDateTime(approved.at),
              })}
            </span>
            {submission?.decision?.opinion && (
              <span className="workflow__quote">{t('workflow.opinion', { text: submission.decision.opinion })}</span>
            )}
            <button
              type="button"
              className="link-button"
              onClick={() => onOpen({ kind: 'version', number: approved.versionNumber })}
            >
              {t('workflow.readApproved')}
            </button>
          </>
        )}
      </span>
    )
  }
  if (status === 'submitted' && submission) {
    return (
      <span className="workflow__details">
        <span>
          {t('workflow.submittedBy', {
            n: submission.versionNumber,
            name: nameOf(submission.submittedBy),
            time: formatDateTime(submission.submittedAt),
          })}
        </span>
        {submission.note && <span className="workflow__quote">{t('workflow.note', { text: submission.note })}</span>}
        {workflow.liveDiffersFromSubmitted && (
          <span className="workflow__warning" data-testid="live-differs">
            {t('workflow.liveDiffers')}
            <button
              type="button"
              className="link-button"
              onClick={() => onOpen({ kind: 'diff', from: submission.versionNumber, to: 'live' })}
            >
              {t('workflow.showLiveChanges')}
            </button>
          </span>
        )}
      </span>
    )
  }
  if (status === 'returned' && submission?.decision) {
    return (
      <span className="workflow__details">
        <span>
          {t('workflow.returnedBy', {
            n: submission.versionNumber,
            name: nameOf(submission.decision.by),
            time: formatDateTime(submission.decision.at),
          })}
        </span>
        <span className="workflow__quote" data-testid="return-opinion">
          {t('workflow.opinion', { text: submission.decision.opinion })}
        </span>
        {workflow.liveDiffersFromSubmitted === false && (
          <span className="workflow__warning" data-testid="returned-unchanged">
            {t('workflow.returnedUnchanged')}
          </span>
        )}
      </span>
    )
  }
  return null
}

function ChairActions({ workflow, previousVersionNumber, onOpen, onDecide }: WorkflowBarProps) {
  const pending = workflow.status === 'submitted' ? workflow.submission : null
  return (
    <>
      {pending && may(workflow, 'approve') && (
        <>
          <button
            type="button"
            className="button"
            onClick={() => onOpen({ kind: 'version', number: pending.versionNumber })}
          >
            {t('workflow.readSubmitted')}
          </button>
          {previousVersionNumber === pending.versionNumber && (
            <span className="workflow__warning" data-testid="resubmitted-unchanged">
              {t('workflow.resubmittedUnchanged')}
            </span>
          )}
          {previousVersionNumber !== null && previousVersionNumber !== pending.versionNumber && (
            <button
              type="button"
              className="button"
              onClick={() => onOpen({ kind: 'diff', from: previousVersionNumber, to: pending.versionNumber })}
            >
              {t('workflow.compareWithPrevious', { from: previousVersionNumber, to: pending.versionNumber })}
            </button>
          )}
        </>
      )}
      <DecisionButtons workflow={workflow} onDecide={onDecide} />
    </>
  )
}

/** 审定通过 / 退回修改 / 重新开放, each where the state machine allows it; also under the reader. */
export function DecisionButtons({ workflow, onDecide }: { workflow: WorkflowView; onDecide: (d: Decision) => void }) {
  return (
    <>
      {may(workflow, 'return') && (
        <button type="button" className="button button--quiet-danger" onClick={() => onDecide('return')}>
          {t('workflow.return')}
        </button>
      )}
      {may(workflow, 'approve') && (
        <button type="button" className="button button--primary" onClick={() => onDecide('approve')}>
          {t('workflow.approve')}
        </button>
      )}
      {may(workflow, 'reopen') && (
        <button type="button" className="button" onClick={() => onDecide('reopen')}>
          {t('workflow.reopen')}
        </button>
      )}
    </>
  )
}

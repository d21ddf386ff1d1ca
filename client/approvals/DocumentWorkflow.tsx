/**
 * Everything about versions and approval on a document's page: the workflow bar above the sheet,
 * the 版本历史 drawer, the version reader, and the dialogs of 送审 and of the chair's decisions.
 */
import { useEffect, useState } from 'react'
import type { Editor } from '@tiptap/react'
import type * as Y from 'yjs'
import type { DocumentView, Me } from '../../shared/schema.js'
import { api, call } from '../api/client.js'
import { t } from '../i18n/i18n.js'
import { announceNotificationsChanged } from '../notifications/changes.js'
import { ProofWarning } from '../proofreading/ProofWarning.js'
import { jumpToIssue, useVersionIssues } from '../proofreading/text-issues.js'
import type { PlacedIssue } from '../editor/extensions/proofreading-issues.js'
import { parseReaderTarget, sameTarget, type ReaderTarget } from '../versions/reader-target.js'
import { useDisplayNames } from '../versions/use-display-names.js'
import { useVersions } from '../versions/use-versions.js'
import { useLiveDiffers } from './use-live-differs.js'
import { useWorkflow } from './use-workflow.js'
import { DecisionButtons, WorkflowBar, type Decision } from './WorkflowBar.js'
import { approveSubmission, reopenDocument, returnSubmission } from './workflow-requests.js'
import { deferred } from '../ui/Deferred.js'
import { deferredLabels } from '../i18n/deferred-labels.js'

// Opened on demand, so fetched then: the history, the version reader (with the diff) and the dialogs.
const HistoryPanel = deferred(() => import('../versions/HistoryPanel.js').then((m) => m.HistoryPanel), deferredLabels)
const VersionReader = deferred(
  () => import('../versions/VersionReader.js').then((m) => m.VersionReader),
  deferredLabels,
)
const SubmitDialog = deferred(() => import('./SubmitDialog.js').then((m) => m.SubmitDialog), deferredLabels)
const ApprovedExports = deferred(
  () => import('../register/ApprovedExports.js').then((m) => m.ApprovedExports),
  deferredLabels,
)
const VersionExports = deferred(
  () => import('../export/VersionExports.js').then((m) => m.VersionExports),
  deferredLabels,
)
const RedlineLink = deferred(() => import('../export/RedlineLink.js').then((m) => m.RedlineLink), deferredLabels)
const FollowUpPanel = deferred(
  () => import('../follow-up/FollowUpPanel.js').then((m) => m.FollowUpPanel),
  deferredLabels,
)
const OpinionDialog = deferred(() => import('./OpinionDialog.js').then((m) => m.OpinionDialog), deferredLabels)

interface DocumentWorkflowProps {
  docId: string
  /** The document as the server shows it to this user; null until known. */
  view: DocumentView | null
  me: Me
  /**
   * Grows when the server said rights or the workflow changed (close code 4500, the reconnect
   * after it, a pushed `{type:'workflow'}`): the workflow and the versions are asked again.
   */
  revision: number
  /** The document's live Y.Doc: its changes make the page ask again whether the draft moved since 送审. */
  doc: Y.Doc
  /** The live draft's editor, once it exists: what its proofreading flags is told in the 送审 dialog. */
  editor: Editor | null
}

type Open = 'submit' | Decision | null

export function DocumentWorkflow({ docId, doc, editor, view, me, revision }: DocumentWorkflowProps) {
  const { workflow, refresh: refreshWorkflow } = useWorkflow(docId, revision, doc)
  const versions = useVersions(docId, revision)
  const nameOf = useDisplayNames(docId)
  const [historyOpen, setHistoryOpen] = useState(false)
  // A link from the inbox or a notification may ask for a version or a comparison (?read=, ?compare=).
  const [target, setTarget] = useState<ReaderTarget | null>(() => parseReaderTarget(location.search))
  const [open, setOpen] = useState<Open>(null)
  const pending = workflow?.status === 'submitted' ? workflow.submission : null
  // Whoever may decide the pending submission is offered to compare it with the one decided before.
  const decides = workflow?.actions.includes('approve') ?? false
  const previousVersionNumber = usePreviousVersionNumber(decides ? (pending?.id ?? null) : null)

  useEffect(() => {
    if (revision > 0) announceNotificationsChanged()
  }, [revision])

  if (!workflow || !view) return null

  const closeReader = () => {
    setTarget(null)
    // The link's query has done its work: the address goes back to the document's own.
    if (location.search) history.replaceState(history.state, '', location.pathname)
  }

  const changed = () => {
    refreshWorkflow()
    versions.refresh()
    announceNotificationsChanged()
  }

  const decided = () => {
    setOpen(null)
    closeReader()
    changed()
  }

  /** From a dialog's proofreading warning: the dialog closes and the cursor goes into the live draft's first problem. */
  const showLiveIssue = (issue: PlacedIssue) => {
    setOpen(null)
    closeReader()
    // Once the dialog is gone, so that the focus it hands back does not leave the editor again.
    requestAnimationFrame(() => editor && !editor.isDestroyed && jumpToIssue(editor, issue))
  }

  /** From a dialog's proofreading warning about a saved version: the dialog closes, the reader shows its problems. */
  const showVersionIssues = (number: number) => {
    setOpen(null)
    setTarget({ kind: 'version', number, proofread: true })
  }

  // The chair decides while reading what was submitted: the reader carries the decision buttons then.
  const readingSubmission =
    pending !== null &&
    target !== null &&
    (target.kind === 'version' ? target.number === pending.versionNumber : target.to === pending.versionNumber)

  return (
    <>
      <WorkflowBar
        workflow={workflow}
        nameOf={nameOf}
        previousVersionNumber={previousVersionNumber}
        historyOpen={historyOpen}
        onToggleHistory={() => {
          // Others save versions without telling this page: opening the history asks again.
          if (!historyOpen) versions.refresh()
          setHistoryOpen(!historyOpen)
        }}
        onOpen={setTarget}
        onSubmit={() => {
          // The dialog names the returned version and whether the draft moved since: asked now, not at page load.
          versions.refresh()
          refreshWorkflow()
          setOpen('submit')
        }}
        onDecide={setOpen}
      />
      {/* Fetched only for an approved text: the component decides the rest from the server's abilities. */}
      {workflow.status === 'approved' && (
        <ApprovedExports
          docId={docId}
          workflow={workflow}
          abilities={view.abilities}
          me={me}
          groupName={view.groupName}
          recipients={view.recipients}
        />
      )}
      {/* 办理跟踪 of an approved text, for whom the server lets read it; the panel asks the rest. */}
      {workflow.status === 'approved' && view.abilities.followUp && (
        <FollowUpPanel docId={docId} nameOf={nameOf} keepsRegister={view.abilities.keepRegister} />
      )}
      {historyOpen && (
        <HistoryPanel
          docId={docId}
          versions={versions.versions}
          marks={versions.marks}
          loadError={versions.error}
          nameOf={nameOf}
          canEdit={view.access.edit}
          revision={revision}
          onOpen={setTarget}
          onChanged={changed}
          onClose={() => setHistoryOpen(false)}
          versionExtras={(version) => (
            <VersionExports docId={docId} version={version} drafts={view.abilities.exportDraft} />
          )}
          compareExtras={
            view.abilities.exportRedline ? (from, to) => <RedlineLink docId={docId} from={from} to={to} /> : undefined
          }
        />
      )}
      {target && (
        <VersionReader
          docId={docId}
          title={view.title}
          target={target}
          versions={versions.versions ?? []}
          marks={versions.marks}
          nameOf={nameOf}
          onTarget={(next) => !sameTarget(next, target) && setTarget(next)}
          onClose={closeReader}
          actions={
            readingSubmission && decides ? (
              <>
                <span className="reader__actions-label">{t('workflow.decideOn', { n: pending.versionNumber })}</span>
                <DecisionButtons workflow={workflow} onDecide={setOpen} />
              </>
            ) : undefined
          }
        />
      )}
      {open === 'submit' && (
        <SubmitDialog
          docId={docId}
          workflow={workflow}
          versions={versions.versions ?? []}
          marks={versions.marks}
          nameOf={nameOf}
          editor={editor}
          onShowLiveIssue={showLiveIssue}
          onShowVersionIssues={showVersionIssues}
          onCancel={() => setOpen(null)}
          onSubmitted={decided}
        />
      )}
      {open === 'approve' && pending && (
        <OpinionDialog
          testId="approve-dialog"
          title={t('workflow.approveTitle', { n: pending.versionNumber })}
          intro={
            <>
              <p>{t('workflow.approveIntro', { n: pending.versionNumber })}</p>
              <LiveSince docId={docId} doc={doc} versionNumber={pending.versionNumber} />
              <VersionProofWarning
                docId={docId}
                versionNumber={pending.versionNumber}
                onJump={() => showVersionIssues(pending.versionNumber)}
              />
            </>
          }
          label={t('workflow.opinionLabel')}
          placeholder={t('workflow.approvePlaceholder')}
          required={false}
          confirm={t('workflow.approve')}
          tone="primary"
          onCancel={() => setOpen(null)}
          onConfirm={async (opinion) => {
            await approveSubmission(docId, { opinion })
            decided()
          }}
        />
      )}
      {open === 'return' && pending && (
        <OpinionDialog
          testId="return-dialog"
          title={t('workflow.returnTitle', { n: pending.versionNumber })}
          intro={<p>{t('workflow.returnIntro')}</p>}
          label={t('workflow.opinionLabel')}
          placeholder={t('workflow.returnPlaceholder')}
          required
          confirm={t('workflow.return')}
          tone="danger"
          onCancel={() => setOpen(null)}
          onConfirm={async (opinion) => {
            await returnSubmission(docId, { opinion })
            decided()
          }}
        />
      )}
      {open === 'reopen' && (
        <OpinionDialog
          testId="reopen-dialog"
          title={t('workflow.reopenTitle')}
          intro={<p>{t('workflow.reopenIntro')}</p>}
          label={t('workflow.reasonLabel')}
          placeholder={t('workflow.reopenPlaceholder')}
          required
          confirm={t('workflow.reopen')}
          tone="danger"
          onCancel={() => setOpen(null)}
          onConfirm={async (reason) => {
            await reopenDocument(docId, { reason })
            decided()
          }}
        />
      )}
    </>
  )
}

/** The version submitted or approved before the pending submission `submissionId`, as the chair's inbox names it. */
function usePreviousVersionNumber(submissionId: string | null): number | null {
  const [previous, setPrevious] = useState<{ id: string; number: number | null } | null>(null)
  useEffect(() => {
    if (!submissionId) return
    let current = true
    call(api.api.inbox.$get()).then(
      ({ submissions }) =>
        current &&
        setPrevious({
          id: submissionId,
          number: submissions.find((s) => s.id === submissionId)?.previousVersionNumber ?? null,
        }),
      () => undefined,
    )
    return () => {
      current = false
    }
  }, [submissionId])
  return previous && previous.id === submissionId ? previous.number : null
}

/**
 * In the 审定 dialog: what proofreading flags in the text being approved, which is the submitted
 * version, not the live draft (it may have moved since, and approving restores the submitted text).
 */
function VersionProofWarning(props: { docId: string; versionNumber: number; onJump: () => void }) {
  const count = useVersionIssues(props.docId, props.versionNumber)
  return <ProofWarning count={count} versionNumber={props.versionNumber} onJump={props.onJump} />
}

/** In the 审定 dialog: whether the draft moved since 送审, as the server says now and after every change. */
function LiveSince({ docId, doc, versionNumber }: { docId: string; doc: Y.Doc; versionNumber: number }) {
  const differs = useLiveDiffers(docId, doc)
  if (differs === null)
    return (
      <p className="muted" data-testid="approve-live" data-state="checking">
        {t('workflow.approveCheckingLive')}
      </p>
    )
  return differs ? (
    <p className="workflow__warning" data-testid="approve-live" data-state="changed" role="alert">
      {t('workflow.approveDiscardsLive', { n: versionNumber })}
    </p>
  ) : (
    <p data-testid="approve-live" data-state="same">
      {t('workflow.approveLiveSame', { n: versionNumber })}
    </p>
  )
}

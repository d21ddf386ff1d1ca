/**
 * 送审: the convener picks the text — the current draft (the default; saved as a version on the way
 * unless one already holds it) or a saved version, submitted under its own number — and writes a
 * note to the chair. After 退回修改 the dialog says which version was returned and with what
 * opinion; sending that text again unchanged takes a ticked box, and the server asks for it too.
 * Suggestions (修订) still open are named, and submitting past them takes a ticked box as well:
 * the text goes up as it is, without them.
 */
import { useState, type FormEvent } from 'react'
import type { Editor } from '@tiptap/react'
import type { Version, VersionMark, WorkflowView } from '../../shared/schema.js'
import type { PlacedIssue } from '../editor/extensions/proofreading-issues.js'
import { errorMessage, formatDateTime, t } from '../i18n/i18n.js'
import { Dialog } from '../ui/Dialog.js'
import { DialogActions } from '../ui/DialogActions.js'
import { FormError } from '../ui/Field.js'
import { useSubmit } from '../ui/use-submit.js'
import { kindLabel } from '../versions/kind-label.js'
import type { NameOf } from '../versions/use-display-names.js'
import { versionName } from '../versions/VersionReader.js'
import { ProofWarning } from '../proofreading/ProofWarning.js'
import { useLiveIssues, useVersionIssues } from '../proofreading/text-issues.js'
import { NoteField, noteTooLong } from './NoteField.js'
import { useOpenSuggestions } from './use-open-suggestions.js'
import { submitVersion } from './workflow-requests.js'

interface SubmitDialogProps {
  docId: string
  /** Where the document stands, asked again when the dialog opened: the returned submission, the live draft's version. */
  workflow: WorkflowView
  /** Oldest first. */
  versions: Version[]
  /** What the workflow did with each version: one approved before goes up as a copy. */
  marks: VersionMark[]
  nameOf: NameOf
  /** The live draft's editor: what its proofreading flags is told before the draft goes up. */
  editor: Editor | null
  /** Closes the dialog with the cursor in the live draft's `issue`. */
  onShowLiveIssue: (issue: PlacedIssue) => void
  /** Closes the dialog and shows the saved version `number` with its problems underlined. */
  onShowVersionIssues: (number: number) => void
  onSubmitted: () => void
  onCancel: () => void
}

const LIVE = 'live'

export function SubmitDialog({
  docId,
  workflow,
  versions,
  marks,
  nameOf,
  editor,
  onShowLiveIssue,
  onShowVersionIssues,
  onSubmitted,
  onCancel,
}: SubmitDialogProps) {
  const newestFirst = [...versions].reverse()
  const approvedBefore = new Set(marks.filter((m) => m.state === 'approved').map((m) => m.versionNumber))
  const [chosen, setChosen] = useState(LIVE)
  const [note, setNote] = useState('')
  const [confirmedUnchanged, setConfirmedUnchanged] = useState(false)
  const openSuggestions = useOpenSuggestions(docId) ?? 0
  const [confirmedSuggestions, setConfirmedSuggestions] = useState(false)
  const { busy, error, run } = useSubmit(errorMessage, null, { keepBusy: true })

  const returned =
    workflow.status === 'returned' && workflow.submission?.decision?.kind === 'returned' ? workflow.submission : null
  const returnedVersion = returned ? versions.find((v) => v.number === returned.versionNumber) : undefined
  const picked = chosen === LIVE ? null : versions.find((v) => String(v.number) === chosen)
  // The text chosen is the one returned: the live draft not touched since, or that very text saved again.
  const unchanged =
    returned !== null &&
    (chosen === LIVE ? workflow.liveDiffersFromSubmitted === false : picked?.hash === returned.hash)
  // What proofreading flags in the text chosen: the live draft's as the editor has it, a saved version's read anew.
  const liveIssues = useLiveIssues(editor)
  const versionIssues = useVersionIssues(docId, picked?.number ?? null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (noteTooLong(note)) return
    await run(async () => {
      await submitVersion(docId, {
        ...(picked ? { versionNumber: picked.number } : {}),
        note: note.trim(),
        ...(unchanged ? { unchanged: true } : {}),
      })
      onSubmitted()
    })
  }

  return (
    <Dialog open title={t('workflow.submitTitle')} onCancel={onCancel} testId="submit-dialog">
      <form onSubmit={(event) => void submit(event)}>
        <p className="dialog__text">{t('workflow.submitIntro')}</p>
        {returned?.decision && (
          <div className="dialog-notice" data-testid="submit-returned">
            <p>
              {t('workflow.submitReturned', {
                n: returned.versionNumber,
                label: returnedVersion?.label ?? '',
                name: nameOf(returned.decision.by),
                time: formatDateTime(returned.decision.at),
              })}
            </p>
            <p className="workflow__quote">{t('workflow.opinion', { text: returned.decision.opinion })}</p>
          </div>
        )}
        <label className="field">
          <span className="field__label">{t('workflow.submitVersion')}</span>
          <select
            className="input"
            value={chosen}
            onChange={(event) => {
              setChosen(event.target.value)
              setConfirmedUnchanged(false)
            }}
          >
            <option value={LIVE}>
              {workflow.liveVersion !== null
                ? t('workflow.submitLiveSame', { n: workflow.liveVersion })
                : t('workflow.submitLive')}
            </option>
            {newestFirst.map((v) => (
              <option key={v.number} value={String(v.number)}>
                {versionName(v, v.number)}（{kindLabel(v.kind)}）
                {returned?.versionNumber === v.number ? t('workflow.submitReturnedVersion') : ''}
                {approvedBefore.has(v.number) ? t('workflow.submitApprovedVersion') : ''}
              </option>
            ))}
          </select>
        </label>
        {unchanged && returned && (
          <div className="dialog-notice dialog-notice--warn" role="alert" data-testid="submit-unchanged">
            <p>{t('workflow.submitUnchanged', { n: returned.versionNumber })}</p>
            <label className="dialog-notice__confirm">
              <input
                type="checkbox"
                checked={confirmedUnchanged}
                onChange={(event) => setConfirmedUnchanged(event.target.checked)}
              />
              {t('workflow.submitUnchangedConfirm')}
            </label>
          </div>
        )}
        {openSuggestions > 0 && (
          <div className="dialog-notice dialog-notice--warn" role="alert" data-testid="submit-suggestions">
            <p>{t('workflow.submitSuggestions', { n: openSuggestions })}</p>
            <label className="dialog-notice__confirm">
              <input
                type="checkbox"
                checked={confirmedSuggestions}
                onChange={(event) => setConfirmedSuggestions(event.target.checked)}
              />
              {t('workflow.submitSuggestionsConfirm')}
            </label>
          </div>
        )}
        {picked ? (
          <ProofWarning
            count={versionIssues}
            versionNumber={picked.number}
            onJump={() => onShowVersionIssues(picked.number)}
          />
        ) : (
          <ProofWarning count={liveIssues.length} versionNumber={null} onJump={() => onShowLiveIssue(liveIssues[0])} />
        )}
        <NoteField
          label={t('workflow.submitNote')}
          value={note}
          onChange={setNote}
          placeholder={t('workflow.submitNotePlaceholder')}
        />
        <FormError message={error} />
        <DialogActions
          cancel={t('workflow.cancel')}
          onCancel={onCancel}
          confirm={t('workflow.submit')}
          disabled={
            busy ||
            (unchanged && !confirmedUnchanged) ||
            (openSuggestions > 0 && !confirmedSuggestions) ||
            noteTooLong(note)
          }
        />
      </form>
    </Dialog>
  )
}

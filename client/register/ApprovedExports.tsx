/**
 * Under the workflow bar of an approved document, for the secretary and the chair: 导出审定稿 in
 * every format, with the version and hash the files carry, and — for the secretary — 报送登记.
 */
import { useState } from 'react'
import type { DocumentAbilities, ExportFormat, Me, RegisterEntry, WorkflowView } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { RegisterDialog } from './RegisterDialog.js'
import { registerPath } from './routes.js'
import { useRegister } from './use-register.js'
import { DownloadArea, DownloadLink } from '../export/Downloads.js'
import { approvedExportHref } from '../export/export-hrefs.js'
import { formatLabel } from '../export/format-label.js'

interface ApprovedExportsProps {
  docId: string
  workflow: WorkflowView
  abilities: DocumentAbilities
  me: Me
  groupName: string
  /** The 主送机关 recognised when the draft was imported from Word (导入Word), if any. */
  recipients?: string
}

const formats: readonly ExportFormat[] = ['docx', 'pdf', 'md', 'txt']

export function ApprovedExports(props: ApprovedExportsProps) {
  const { workflow, abilities } = props
  if (workflow.status !== 'approved' || !workflow.approved || !abilities.exportApproved) return null
  return <ApprovedExportBar {...props} approved={workflow.approved} />
}

function ApprovedExportBar({
  docId,
  abilities,
  me,
  groupName,
  recipients,
  approved,
}: ApprovedExportsProps & { approved: NonNullable<WorkflowView['approved']> }) {
  const register = useRegister()
  const [recording, setRecording] = useState(false)
  const [recorded, setRecorded] = useState<RegisterEntry | null>(null)
  const [withAttachments, setWithAttachments] = useState(false)
  const entries = register.entries?.filter((e) => e.documentId === docId) ?? []
  // The export prints the latest entry's 文号, 主送机关 and 题注 (server/domain/exports.ts).
  const latest = entries.at(-1) ?? null
  const hashPrefix = approved.hash.slice(0, 12)

  return (
    <section className="export-bar" aria-labelledby="export-bar-title" data-testid="approved-exports">
      <DownloadArea className="export-bar__main">
        <div className="export-bar__row">
          <h2 id="export-bar-title" className="export-bar__title">
            {t('export.approvedTitle')}
          </h2>
          <span className="export-bar__formats" role="group" aria-labelledby="export-bar-title">
            {formats.map((format) => (
              <DownloadLink
                key={format}
                href={approvedExportHref(docId, format, withAttachments)}
                className="button button--small export-bar__format"
                aria-label={t('export.approvedLink', { format: formatLabel(format) })}
                data-format={format}
              >
                {formatLabel(format)}
              </DownloadLink>
            ))}
          </span>
          <label className="export-bar__option">
            <input
              type="checkbox"
              checked={withAttachments}
              onChange={(event) => setWithAttachments(event.target.checked)}
              data-testid="approved-export-attachments"
            />
            {t('export.withAttachments')}
          </label>
          <span
            className="export-bar__hash"
            title={t('export.hashTitle', { hash: approved.hash })}
            data-testid="approved-hash"
          >
            {t('export.approvedNote', { n: approved.versionNumber, hash: hashPrefix })}
          </span>
          {abilities.keepRegister && (
            <button
              type="button"
              className="button button--small export-bar__register"
              onClick={() => setRecording(true)}
            >
              {t('register.title')}
            </button>
          )}
        </div>
        {register.entries !== null && (
          <p className="export-bar__register-state muted" data-testid="register-state">
            {latest ? (
              <>
                {t('export.registered', {
                  number: latest.documentNumber,
                  recipients: latest.recipients,
                  date: latest.sentOn,
                })}{' '}
                {recorded && <strong className="export-bar__saved">{t('register.saved')}</strong>}{' '}
              </>
            ) : (
              <>{abilities.keepRegister ? t('export.notRegisteredSecretary') : t('export.notRegistered')} </>
            )}
            <Link href={registerPath} className="link-button">
              {t('export.registerLink')}
            </Link>
          </p>
        )}
      </DownloadArea>
      {recording && (
        <RegisterDialog
          docId={docId}
          versionNumber={approved.versionNumber}
          hash={approved.hash}
          groupName={groupName}
          defaultSender={me.user.displayName}
          previous={latest}
          recipients={recipients}
          onCancel={() => setRecording(false)}
          onRecorded={(entry) => {
            setRecording(false)
            setRecorded(entry)
            register.refresh()
          }}
        />
      )}
    </section>
  )
}

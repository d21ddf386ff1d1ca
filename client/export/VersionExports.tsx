/**
 * 导出 on a version of the history: for members, the version as a DOCX or PDF marked 草稿 or
 * 征求意见稿 (a DOCX optionally with the open suggestions as Word 修订); for every reader, Markdown
 * and plain text.
 */
import { useId, useRef, useState } from 'react'
import type { ExportFormat, Version } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'
import { useDismiss } from '../ui/use-dismiss.js'
import { DownloadArea, DownloadLink } from './Downloads.js'
import { versionExportHref, type DraftMark } from './export-hrefs.js'
import { formatLabel } from './format-label.js'

interface VersionExportsProps {
  docId: string
  version: Version
  /** DOCX and PDF drafts, where the server allows them. Markdown and text: anyone who reads the document. */
  drafts: boolean
}

const marks: readonly DraftMark[] = ['draft', 'consultation']
const paged: readonly ExportFormat[] = ['docx', 'pdf']
const text: readonly ExportFormat[] = ['md', 'txt']

export function VersionExports({ docId, version, drafts }: VersionExportsProps) {
  const [open, setOpen] = useState(false)
  const [mark, setMark] = useState<DraftMark>('draft')
  const [withSuggestions, setWithSuggestions] = useState(false)
  const [withAttachments, setWithAttachments] = useState(false)
  const [opened, setOpened] = useState(false)
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const panelId = useId()
  const n = version.number

  // Escape is handled below, on this menu only.
  useDismiss(open, () => setOpen(false), { root, escape: false })

  return (
    <div
      className="version-export"
      ref={root}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return
        // Closes this menu only, not the history drawer around it (which listens on the document).
        event.preventDefault()
        setOpen(false)
        button.current?.focus()
      }}
    >
      <button
        ref={button}
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen(!open)
          setOpened(true)
        }}
        data-testid="version-export-toggle"
      >
        {t('export.versionToggle')} ▾
      </button>
      {/* Mounted from the first opening on: closing the menu must not cancel a download it started. */}
      {(open || opened) && (
        <DownloadArea className="version-export__panel" testId="version-export-panel" hidden={!open}>
          <div id={panelId}>
            {drafts && (
              <fieldset className="version-export__group">
                <legend className="version-export__legend">{t('export.draftTitle', { n })}</legend>
                <div className="version-export__marks">
                  {marks.map((value) => (
                    <label key={value} className="version-export__mark">
                      <input
                        type="radio"
                        name={`${panelId}-mark`}
                        value={value}
                        checked={mark === value}
                        onChange={() => setMark(value)}
                      />
                      {t(`export.mark.${value}`)}
                    </label>
                  ))}
                </div>
                <label className="version-export__mark">
                  <input
                    type="checkbox"
                    checked={withSuggestions}
                    onChange={(event) => setWithSuggestions(event.target.checked)}
                    data-testid="version-export-suggestions"
                  />
                  {t('export.withSuggestions')}
                </label>
                <label className="version-export__mark">
                  <input
                    type="checkbox"
                    checked={withAttachments}
                    onChange={(event) => setWithAttachments(event.target.checked)}
                    data-testid="version-export-attachments"
                  />
                  {t('export.withAttachments')}
                </label>
                <div className="version-export__links">
                  {paged.map((format) => (
                    <DownloadLink
                      key={format}
                      href={versionExportHref(
                        docId,
                        n,
                        format,
                        mark,
                        withSuggestions && format === 'docx',
                        withAttachments,
                      )}
                      className="button button--small"
                      aria-label={t('export.draftLink', {
                        n,
                        mark: t(`export.mark.${mark}`),
                        format: formatLabel(format),
                      })}
                      data-format={format}
                    >
                      {formatLabel(format)}
                    </DownloadLink>
                  ))}
                </div>
              </fieldset>
            )}
            <div className="version-export__group" role="group" aria-labelledby={`${panelId}-text`}>
              <p className="version-export__legend" id={`${panelId}-text`}>
                {t('export.textTitle', { n })}
              </p>
              <div className="version-export__links">
                {text.map((format) => (
                  <DownloadLink
                    key={format}
                    href={versionExportHref(docId, n, format)}
                    className="button button--small"
                    aria-label={t('export.textLink', { n, format: formatLabel(format) })}
                    data-format={format}
                  >
                    {formatLabel(format)}
                  </DownloadLink>
                ))}
              </div>
            </div>
          </div>
        </DownloadArea>
      )}
    </div>
  )
}

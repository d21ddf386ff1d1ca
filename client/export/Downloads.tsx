/**
 * Downloads that the browser saves itself, named by the server's Content-Disposition (RFC 5987, so
 * the Chinese file name arrives intact), whose refusals are still shown on the page.
 *
 * Every link is a real `<a href download>`: a middle click, a modified click or "save link as"
 * works as on any page. A plain click sends the same address to a hidden frame of the area instead:
 * a file answer becomes the same download, while an error answer (JSON, no attachment) loads into
 * the frame, where it can be read and shown in calm words. Each click has a frame of its own, so a
 * second click does not cancel a file still being made. It is one request either way, so the
 * audit log records one export per click.
 */
import {
  createContext,
  useCallback,
  useContext,
  useRef,
  useState,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from 'react'
import { t } from '../i18n/i18n.js'
import { exportFailure, type ExportFailure } from './export-failure.js'

type Start = (href: string) => void

const StartDownload = createContext<Start | null>(null)

interface DownloadAreaProps {
  children: ReactNode
  className?: string
  testId?: string
  /** Hidden rather than removed: removing the area would cancel a file still being made. */
  hidden?: boolean
}

/** A frame per click, so that a second click never cancels a first download still being made. */
interface Request {
  id: number
  href: string
}

/** Frames kept at once: older ones have long delivered their file or their refusal. */
const MAX_FRAMES = 4

/** A group of download links that share hidden frames and one place for a failure. */
export function DownloadArea({ children, className, testId, hidden }: DownloadAreaProps) {
  const [requests, setRequests] = useState<Request[]>([])
  const [failure, setFailure] = useState<ExportFailure | null>(null)
  const nextId = useRef(0)

  const start = useCallback<Start>((href) => {
    setFailure(null)
    const id = ++nextId.current
    setRequests((current) => [...current.slice(-(MAX_FRAMES - 1)), { id, href }])
  }, [])

  // A download loads nothing into its frame; whatever does load is the server's refusal.
  const loaded = (frame: HTMLIFrameElement) => {
    let body: string | null
    try {
      const loadedDocument = frame.contentDocument
      // Some browsers report the frame's empty start document, or a load after a download: no answer.
      if (loadedDocument?.URL === 'about:blank') return
      body = loadedDocument?.body?.textContent ?? null
    } catch {
      body = null
    }
    // null: a document we may not read (a browser's own error page), a failure without words.
    setFailure(body === null ? { message: t('export.failed.unknown'), details: null } : exportFailure(body))
  }

  return (
    <div className={className} data-testid={testId} hidden={hidden}>
      <StartDownload.Provider value={start}>{children}</StartDownload.Provider>
      {requests.map(({ id, href }) => (
        <iframe
          key={id}
          src={href}
          className="download-frame"
          title={t('export.frameTitle')}
          tabIndex={-1}
          aria-hidden="true"
          onLoad={(event) => loaded(event.currentTarget)}
        />
      ))}
      {failure && (
        <div className="export-failure" role="alert" data-testid="export-failure">
          <div className="export-failure__body">
            <p className="export-failure__message">{failure.message}</p>
            {failure.details && (
              <details className="export-failure__details">
                <summary>{t('export.failed.details')}</summary>
                <p className="mono">{failure.details}</p>
              </details>
            )}
          </div>
          <button type="button" className="link-button export-failure__dismiss" onClick={() => setFailure(null)}>
            {t('export.dismiss')}
          </button>
        </div>
      )}
    </div>
  )
}

/** `<a href download>` for one file; inside a DownloadArea, a plain click reports failures there. */
export function DownloadLink({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const start = useContext(StartDownload)
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (
      !start ||
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return
    event.preventDefault()
    start(href)
  }
  return <a href={href} download onClick={handleClick} {...rest} />
}

/** What the person sees when the server refuses the document's socket for good (close codes 4400–4499). */
import { CloseCode } from '../../shared/collab.js'
import { t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { documentsPath } from '../routing/route.js'

function refusalMessage(code: number): string {
  switch (code) {
    case CloseCode.notFound:
      return t('editor.notFound')
    case CloseCode.forbidden:
      return t('editor.forbidden')
    case CloseCode.unauthenticated:
      return t('editor.unauthenticated')
    case CloseCode.accountDisabled:
      return t('editor.accountDisabled')
    case CloseCode.tooManySockets:
      return t('editor.tooManySockets')
    default:
      return t('editor.refusedOther', { code })
  }
}

interface RefusalProps {
  code: number
  onSignInAgain: () => void
}

export function Refusal({ code, onSignInAgain }: RefusalProps) {
  return (
    <div className="notice notice--refusal" role="alert" data-testid="document-refused" data-code={code}>
      <p className="notice__message">{refusalMessage(code)}</p>
      {code === CloseCode.unauthenticated ? (
        <button type="button" className="button button--primary" onClick={onSignInAgain}>
          {t('editor.signInAgain')}
        </button>
      ) : code === CloseCode.accountDisabled ? (
        // The session is gone: back to the sign-in page, which says the same if they try.
        <button type="button" className="button" onClick={onSignInAgain}>
          {t('editor.toSignIn')}
        </button>
      ) : (
        <Link href={documentsPath} className="button">
          {t('editor.backToList')}
        </Link>
      )}
    </div>
  )
}

/** The shell: who is signed in, how they appear to the others, and the page the pathname names. */
import { useState, type ReactNode } from 'react'
import type { Me } from '../../shared/schema.js'
import { parseAccountRoute } from '../account/routes.js'
import { UserMenu } from '../account/UserMenu.js'
import { InboxLink } from '../approvals/InboxLink.js'
import { isInboxPath } from '../approvals/routes.js'
import { EditorPage } from '../editor/EditorPage.js'
import { NotificationBell } from '../notifications/NotificationBell.js'
import { RegisterLink } from '../register/RegisterLink.js'
import { isRegisterPath } from '../register/routes.js'
import { SearchBox } from '../search/SearchBox.js'
import { StatisticsLink } from '../statistics/StatisticsLink.js'
import { isStatisticsPath } from '../statistics/routes.js'
import { isSearchPath } from '../search/routes.js'
import { useAccount } from './account.js'
import { t } from '../i18n/i18n.js'
import { loadColor, saveColor, suggestColor, type Identity } from '../collab/identity.js'
import { Link } from '../routing/Link.js'
import { documentsPath, parseRoute, usePathname } from '../routing/route.js'
import { deferred } from '../ui/Deferred.js'
import { deferredLabels } from '../i18n/deferred-labels.js'

// The editor comes with the first chunk; every other page is fetched when first opened, so opening
// a draft downloads none of them (docs/performance.md, initial JavaScript).
const DocumentsPage = deferred(
  () => import('../documents/DocumentsPage.js').then((m) => m.DocumentsPage),
  deferredLabels,
)
// Shown only to someone signed out: a signed-in reader opening a draft never fetches it.
const LoginPage = deferred(() => import('./LoginPage.js').then((m) => m.LoginPage), deferredLabels)
const AccountPages = deferred(() => import('./AccountPages.js').then((m) => m.AccountPages), deferredLabels)
const InboxPage = deferred(() => import('../approvals/InboxPage.js').then((m) => m.InboxPage), deferredLabels)
const SearchPage = deferred(() => import('../search/SearchPage.js').then((m) => m.SearchPage), deferredLabels)
const RegisterPage = deferred(() => import('../register/RegisterPage.js').then((m) => m.RegisterPage), deferredLabels)
// Asked once per browser (the first visit) and when the colour is changed: not on a draft's opening.
const IdentityDialog = deferred(() => import('./IdentityDialog.js').then((m) => m.IdentityDialog), deferredLabels)
// 年度统计 and its charts: their own chunk, never loaded with the editor.
const StatisticsPage = deferred(
  () => import('../statistics/StatisticsPage.js').then((m) => m.StatisticsPage),
  deferredLabels,
)

export function App() {
  const account = useAccount()
  const { state } = account

  if (state.kind === 'signedIn') {
    return <SignedIn key={state.me.user.id} me={state.me} signOut={account.signOut} onSessionEnded={account.refresh} />
  }
  return (
    <Shell>
      {state.kind === 'loading' && <p className="muted notice">{t('app.loading')}</p>}
      {state.kind === 'signedOut' && <LoginPage signIn={account.signIn} />}
      {state.kind === 'unreachable' && (
        <div className="notice" role="alert">
          <p className="notice__message">{state.message}</p>
          <button type="button" className="button" onClick={() => void account.refresh()}>
            {t('app.retry')}
          </button>
        </div>
      )}
    </Shell>
  )
}

function Shell({ aside, children }: { aside?: ReactNode; children: ReactNode }) {
  return (
    <div className="app">
      <header className="app-header">
        <Link href={documentsPath} className="brand">
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </Link>
        {aside && <div className="app-header__aside">{aside}</div>}
      </header>
      <main className="app-main">{children}</main>
    </div>
  )
}

interface SignedInProps {
  me: Me
  signOut: () => Promise<void>
  /** A socket was closed as unauthenticated: the session may have ended elsewhere. */
  onSessionEnded: () => void
}

function SignedIn({ me, signOut, onSessionEnded }: SignedInProps) {
  const [color, setColor] = useState<string | null>(() => loadColor(me.user.id))
  const [editingIdentity, setEditingIdentity] = useState(false)
  const pathname = usePathname()
  const route = parseRoute(pathname)
  const accountRoute = parseAccountRoute(pathname)
  const inbox = isInboxPath(pathname)
  const register = isRegisterPath(pathname)
  const searching = isSearchPath(pathname)
  const statistics = isStatisticsPath(pathname)

  const chooseColor = (next: string) => {
    saveColor(me.user.id, next)
    setColor(next)
    setEditingIdentity(false)
  }

  const identity: Identity | null = color ? { userId: me.user.id, name: me.user.displayName, color } : null

  const aside = (
    <>
      {identity && (
        <button
          type="button"
          className="identity-chip"
          title={t('identity.edit')}
          onClick={() => setEditingIdentity(true)}
          data-testid="identity-chip"
        >
          <span className="dot" style={{ backgroundColor: identity.color }} aria-hidden="true" />
          {identity.name}
        </button>
      )}
      <SearchBox />
      <InboxLink me={me} />
      <RegisterLink me={me} />
      <StatisticsLink me={me} />
      <NotificationBell />
      <UserMenu me={me} signOut={signOut} />
    </>
  )

  return (
    <Shell aside={aside}>
      {identity ? (
        <>
          {route.page === 'documents' && <DocumentsPage me={me} />}
          {route.page === 'editor' && (
            <EditorPage
              key={route.docId}
              docId={route.docId}
              identity={identity}
              me={me}
              onSessionEnded={onSessionEnded}
            />
          )}
          {accountRoute && <AccountPages route={accountRoute} me={me} />}
          {inbox && <InboxPage me={me} />}
          {register && <RegisterPage me={me} />}
          {statistics && <StatisticsPage me={me} />}
          {searching && <SearchPage />}
          {route.page === 'missing' && !accountRoute && !inbox && !register && !searching && !statistics && (
            <div className="notice">
              <p className="notice__message">{t('app.pageMissing')}</p>
              <Link href={documentsPath} className="button">
                {t('editor.backToList')}
              </Link>
            </div>
          )}
        </>
      ) : (
        // Nothing opens before the first-visit question is answered: the others will see this colour.
        <IdentityDialog name={me.user.displayName} color={suggestColor(me.user.id)} firstVisit onSave={chooseColor} />
      )}
      {identity && editingIdentity && (
        <IdentityDialog
          name={identity.name}
          color={identity.color}
          firstVisit={false}
          onSave={chooseColor}
          onCancel={() => setEditingIdentity(false)}
        />
      )}
    </Shell>
  )
}

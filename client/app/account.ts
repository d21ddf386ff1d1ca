/** Who is signed in: the session cookie is HttpOnly, so the page asks the server (/api/auth/me). */
import { useCallback, useEffect, useState } from 'react'
import type { Me } from '../../shared/schema.js'
import { ApiError, api, call } from '../api/client.js'
import { clearLocalCopies } from '../collab/session.js'
import { errorMessage, setOfficeTimeZone } from '../i18n/i18n.js'

export type AccountState =
  | { kind: 'loading' }
  | { kind: 'signedOut' }
  | { kind: 'signedIn'; me: Me }
  /** The server could not be asked (offline, down); retried on demand. */
  | { kind: 'unreachable'; message: string }

export interface Account {
  state: AccountState
  signIn(username: string, password: string): Promise<void>
  signOut(): Promise<void>
  /** Asks the server again, e.g. after a socket was closed with 4401 (session ended elsewhere). */
  refresh(): Promise<void>
}

export function useAccount(): Account {
  const [state, setState] = useState<AccountState>({ kind: 'loading' })
  // The office's zone is known before the first signed-in page renders a time.
  const signedIn = (me: Me) => {
    setOfficeTimeZone(me.timeZone)
    setState({ kind: 'signedIn', me })
  }

  const refresh = useCallback(async () => {
    try {
      signedIn(await call(api.api.auth.me.$get()))
    } catch (error) {
      if (error instanceof ApiError && error.code === 'unauthenticated') setState({ kind: 'signedOut' })
      else setState({ kind: 'unreachable', message: errorMessage(error) })
    }
  }, [])

  useEffect(() => {
    void refresh()
  }, [refresh])

  const signIn = useCallback(async (username: string, password: string) => {
    // Throws ApiError (401 wrong credentials, 429 too many attempts) for the login form to show.
    signedIn(await call(api.api.auth.login.$post({ json: { username, password } })))
  }, [])

  const userId = state.kind === 'signedIn' ? state.me.user.id : null
  const signOut = useCallback(async () => {
    try {
      await call(api.api.auth.logout.$post())
      // Signed out with the server reachable, the drafts are synced: no copy of internal material
      // stays in this browser (a shared computer). Offline, the copies stay so nothing is lost.
      if (userId) await clearLocalCopies(userId)
    } finally {
      setState({ kind: 'signedOut' })
    }
  }, [userId])

  return { state, signIn, signOut, refresh }
}

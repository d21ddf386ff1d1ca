/** Sign-in form; the server sets the session cookie, the page only learns who it now is. */
import { useState, type FormEvent } from 'react'
import { ApiError } from '../api/client.js'
import { FormError } from '../ui/Field.js'
import { useSubmit } from '../ui/use-submit.js'
import { errorMessage, t } from '../i18n/i18n.js'

interface LoginPageProps {
  signIn: (username: string, password: string) => Promise<void>
}

function loginError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'unauthenticated') return t('login.failed')
    if (error.code === 'account_disabled') return t('login.disabled')
    if (error.code === 'rate_limited') return t('login.rateLimited')
  }
  return errorMessage(error)
}

export function LoginPage({ signIn }: LoginPageProps) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const { busy, error, run } = useSubmit(loginError, null, { keepBusy: true })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    await run(() => signIn(username.trim(), password))
  }

  return (
    <section className="login" aria-labelledby="login-title">
      <h1 id="login-title" className="page-title">
        {t('login.title')}
      </h1>
      <form className="login__form" onSubmit={submit} data-testid="login-form">
        <label className="field">
          <span className="field__label">{t('login.username')}</span>
          <input
            className="input"
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('login.password')}</span>
          <input
            className="input"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <FormError message={error} />
        <button
          type="submit"
          className="button button--primary login__submit"
          disabled={busy || !username.trim() || !password}
        >
          {t('login.submit')}
        </button>
      </form>
    </section>
  )
}

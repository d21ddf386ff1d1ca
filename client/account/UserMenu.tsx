/** The signed-in person in the header: who and what they are, their password, the language, signing out. */
import { useId, useRef, useState } from 'react'
import type { Me } from '../../shared/schema.js'
import { chooseLocale, locale, t, type Locale } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { useDismiss } from '../ui/use-dismiss.js'
import { standingLabel } from './roles.js'
import { adminGroupsPath, adminUsersPath } from './routes.js'
import { deferredLabels } from '../i18n/deferred-labels.js'
import { deferred } from '../ui/Deferred.js'

// Opened from the menu: fetched then, not with the page.
const PasswordDialog = deferred(() => import('./PasswordDialog.js').then((m) => m.PasswordDialog), deferredLabels)

interface UserMenuProps {
  me: Me
  signOut: () => Promise<void>
}

const locales: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
]

export function UserMenu({ me, signOut }: UserMenuProps) {
  const [open, setOpen] = useState(false)
  const [changingPassword, setChangingPassword] = useState(false)
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const menuId = useId()
  const convened = me.groups.filter((group) => group.convener)

  const close = () => setOpen(false)
  useDismiss(open, close, { root, returnFocus: button })

  return (
    <div className="user-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="user-menu__button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((was) => !was)}
        data-testid="user-menu-button"
      >
        <span className="user-menu__name">{me.user.displayName}</span>
        <span className="user-menu__role">{standingLabel(me.standing)}</span>
        <span className="user-menu__caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open && (
        <div className="user-menu__panel" id={menuId} data-testid="user-menu">
          <div className="user-menu__who">
            <strong>{me.user.displayName}</strong>
            <span className="muted">
              {me.user.username} · {standingLabel(me.standing)}
            </span>
            {convened.length > 0 && (
              <span className="muted user-menu__convened">
                {t('menu.convenes', { groups: convened.map((group) => group.name).join('、') })}
              </span>
            )}
          </div>
          {me.abilities.administer && (
            <nav className="user-menu__section" aria-label={t('menu.administration')}>
              <Link href={adminUsersPath} className="user-menu__item" onClick={close}>
                {t('menu.adminUsers')}
              </Link>
              <Link href={adminGroupsPath} className="user-menu__item" onClick={close}>
                {t('menu.adminGroups')}
              </Link>
            </nav>
          )}
          <div className="user-menu__section">
            <button
              type="button"
              className="user-menu__item"
              onClick={() => {
                close()
                setChangingPassword(true)
              }}
            >
              {t('menu.changePassword')}
            </button>
          </div>
          <div className="user-menu__section user-menu__language" role="group" aria-label={t('menu.language')}>
            <span className="muted">{t('menu.language')}</span>
            <span className="segmented">
              {locales.map((option) => (
                <button
                  key={option.value}
                  type="button"
                  className="segmented__option"
                  aria-pressed={locale === option.value}
                  lang={option.value}
                  onClick={() => chooseLocale(option.value)}
                >
                  {option.label}
                </button>
              ))}
            </span>
          </div>
          <div className="user-menu__section">
            <button type="button" className="user-menu__item" onClick={() => void signOut()}>
              {t('app.signOut')}
            </button>
          </div>
        </div>
      )}
      {changingPassword && <PasswordDialog onClose={() => setChangingPassword(false)} />}
    </div>
  )
}

/** The header's 报送登记 link, for secretaries and chairs. */
import type { Me } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { registerPath } from './routes.js'

export function RegisterLink({ me }: { me: Me }) {
  if (!me.abilities.readRegister) return null
  return (
    <Link href={registerPath} className="header-link" data-testid="register-link">
      {t('register.pageTitle')}
    </Link>
  )
}

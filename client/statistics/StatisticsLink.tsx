/** The header's 年度统计 link, for chairs and secretaries. */
import type { Me } from '../../shared/schema.js'
import { t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { statisticsPath } from './routes.js'

export function StatisticsLink({ me }: { me: Me }) {
  if (!me.abilities.statistics) return null
  return (
    <Link href={statisticsPath} className="header-link" data-testid="statistics-link">
      {t('statistics.pageTitle')}
    </Link>
  )
}

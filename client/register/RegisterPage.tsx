/** /register: every sending the secretaries recorded (报送登记), newest first, with the CSV export. */
import type { Me } from '../../shared/schema.js'
import { messageOf } from '../forms/form-errors.js'
import { ApiError } from '../api/client.js'
import { t } from '../i18n/i18n.js'
import { Link } from '../routing/Link.js'
import { documentPath } from '../routing/route.js'
import { DownloadArea, DownloadLink } from '../export/Downloads.js'
import { registerCsvHref } from '../export/export-hrefs.js'
import { Table } from '../ui/Table.js'
import { useRegister } from './use-register.js'

export function RegisterPage({ me }: { me: Me }) {
  const allowed = me.abilities.readRegister
  const { entries, error } = useRegister(allowed)
  const forbidden = !allowed || (error instanceof ApiError && error.code === 'forbidden')
  const newestFirst = entries ? [...entries].reverse() : null

  return (
    <section className="register" data-testid="register-page">
      <div className="register__head">
        <div>
          <h1 className="page-title register__title">{t('register.pageTitle')}</h1>
          <p className="muted register__intro">
            {t(me.abilities.keepRegister ? 'register.introSecretary' : 'register.intro')}
          </p>
        </div>
        {!forbidden && (
          <DownloadArea className="register__export">
            <DownloadLink href={registerCsvHref()} className="button" data-testid="register-csv">
              {t('register.csv')}
            </DownloadLink>
          </DownloadArea>
        )}
      </div>
      {forbidden && <p className="notice-line">{t('register.forbidden')}</p>}
      {!forbidden && error !== null && (
        <p className="alert" role="alert">
          {t('register.loadFailed', { message: messageOf(error) })}
        </p>
      )}
      {!forbidden && error === null && newestFirst === null && <p className="muted">{t('register.loading')}</p>}
      {newestFirst?.length === 0 && <p className="empty">{t('register.empty')}</p>}
      {newestFirst && newestFirst.length > 0 && (
        <Table
          className="register__table"
          testId="register-table"
          columns={[
            t('register.col.documentNumber'),
            t('register.col.title'),
            t('register.col.version'),
            t('register.col.hash'),
            t('register.col.recipients'),
            t('register.col.sentOn'),
            t('register.col.sentBy'),
          ]}
        >
          {newestFirst.map((entry) => (
            <tr key={entry.id} data-testid="register-row" data-document-id={entry.documentId}>
              <td className="register__number">{entry.documentNumber}</td>
              <td>
                <Link href={documentPath(entry.documentId)} className="table__link">
                  {entry.documentTitle}
                </Link>
              </td>
              <td className="version-number">v{entry.versionNumber}</td>
              <td>
                <code className="mono" title={entry.contentHash}>
                  {entry.contentHash.slice(0, 12)}
                </code>
              </td>
              <td className="register__recipients">{entry.recipients}</td>
              <td className="register__date">{entry.sentOn}</td>
              <td>{entry.sentBy}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  )
}

/**
 * /statistics: 年度统计 for chairs and secretaries — a year picker, the 建议案 by stage (a chart and
 * a table), how long approval and 批示 took, and per group the opinions and 修订 received and
 * adopted, with the same tables as CSV and DOCX downloads. Loaded on first opening, never with the editor.
 */
import { useEffect, useState } from 'react'
import type { Me } from '../../shared/schema.js'
import { stageNames, statisticsYears, type DurationSummary, type YearStatistics } from '../../shared/statistics.js'
import { api, ApiError, call, createApiClient } from '../api/client.js'
import { DownloadArea, DownloadLink } from '../export/Downloads.js'
import { messageOf } from '../forms/form-errors.js'
import { t } from '../i18n/i18n.js'
import { Table } from '../ui/Table.js'
import { BarChart } from './BarChart.js'

const files = createApiClient(window.location.origin)
const fileHref = (year: number, format: 'csv' | 'docx') =>
  files.api.statistics.$url({ query: { year: String(year), format } }).href

const days = (value: number | null) => (value === null ? '—' : String(value))

export function StatisticsPage({ me }: { me: Me }) {
  const allowed = me.abilities.statistics
  const thisYear = new Date().getFullYear()
  const [year, setYear] = useState(thisYear)
  const [stats, setStats] = useState<YearStatistics | null>(null)
  const [error, setError] = useState<unknown>(null)

  useEffect(() => {
    if (!allowed) return
    let current = true
    setStats(null)
    setError(null)
    call(api.api.statistics.$get({ query: { year: String(year) } })).then(
      (next) => current && setStats(next as YearStatistics),
      (cause: unknown) => current && setError(cause),
    )
    return () => {
      current = false
    }
  }, [allowed, year])

  const forbidden = !allowed || (error instanceof ApiError && error.code === 'forbidden')
  const years: number[] = []
  for (let y = Math.min(thisYear + 1, statisticsYears.max); y >= Math.max(thisYear - 9, statisticsYears.min); y--)
    years.push(y)

  const durationRow = (label: string, d: DurationSummary) => (
    <tr key={label}>
      <td>{label}</td>
      <td>{d.count}</td>
      <td>{days(d.median)}</td>
      <td>{days(d.min)}</td>
      <td>{days(d.max)}</td>
    </tr>
  )

  return (
    <section className="register statistics" data-testid="statistics-page">
      <div className="register__head">
        <div>
          <h1 className="page-title register__title">{t('statistics.pageTitle')}</h1>
          <p className="muted register__intro">{t('statistics.intro')}</p>
        </div>
        {!forbidden && (
          <div className="statistics__controls">
            <label className="statistics__year">
              {t('statistics.year')}{' '}
              <select value={year} onChange={(e) => setYear(Number(e.target.value))} data-testid="statistics-year">
                {years.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </label>
            <DownloadArea className="register__export">
              <DownloadLink href={fileHref(year, 'docx')} className="button" data-testid="statistics-docx">
                {t('statistics.docx')}
              </DownloadLink>
              <DownloadLink href={fileHref(year, 'csv')} className="button" data-testid="statistics-csv">
                {t('statistics.csv')}
              </DownloadLink>
            </DownloadArea>
          </div>
        )}
      </div>
      {forbidden && <p className="notice-line">{t('statistics.forbidden')}</p>}
      {!forbidden && error !== null && (
        <p className="alert" role="alert">
          {t('statistics.loadFailed', { message: messageOf(error) })}
        </p>
      )}
      {!forbidden && error === null && stats === null && (
        <p className="muted" role="status">
          {t('statistics.loading')}
        </p>
      )}
      {stats && (
        <>
          <h2 className="statistics__heading">{t('statistics.stages')}</h2>
          <BarChart
            title={t('statistics.stagesChart', { year: stats.year })}
            testId="statistics-stage-chart"
            bars={stats.stages.map(({ stage, count }) => ({ label: stageNames[stage], value: count }))}
          />
          <Table columns={[t('statistics.col.stage'), t('statistics.col.count')]} testId="statistics-stages">
            {stats.stages.map(({ stage, count }) => (
              <tr key={stage} data-stage={stage}>
                <td>{stageNames[stage]}</td>
                <td>{count}</td>
              </tr>
            ))}
          </Table>
          <h2 className="statistics__heading">{t('statistics.durations')}</h2>
          <Table
            columns={[
              t('statistics.col.span'),
              t('statistics.col.count'),
              t('statistics.col.median'),
              t('statistics.col.min'),
              t('statistics.col.max'),
            ]}
            testId="statistics-durations"
          >
            {durationRow(t('statistics.toApproval'), stats.durations.toApproval)}
            {durationRow(t('statistics.toInstruction'), stats.durations.toInstruction)}
          </Table>
          <h2 className="statistics__heading">{t('statistics.groups')}</h2>
          {stats.groups.length > 0 && (
            <BarChart
              title={t('statistics.groupsChart')}
              testId="statistics-group-chart"
              bars={stats.groups.map((g) => ({ label: g.group, value: g.comments + g.suggestions }))}
            />
          )}
          <Table
            columns={[
              t('statistics.col.group'),
              t('statistics.col.proposals'),
              t('statistics.col.comments'),
              t('statistics.col.commentsAdopted'),
              t('statistics.col.suggestions'),
              t('statistics.col.suggestionsAccepted'),
              t('statistics.col.rounds'),
            ]}
            testId="statistics-groups"
          >
            {stats.groups.map((g) => (
              <tr key={g.groupId}>
                <td>{g.group}</td>
                <td>{g.proposals}</td>
                <td>{g.comments}</td>
                <td>{g.commentsAdopted}</td>
                <td>{g.suggestions}</td>
                <td>{g.suggestionsAccepted}</td>
                <td>{g.consultationRounds}</td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </section>
  )
}

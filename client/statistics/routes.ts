/** The /statistics page: 年度统计 of chairs and secretaries. */

export const statisticsPath = '/statistics'

export const isStatisticsPath = (pathname: string): boolean => pathname.replace(/\/$/, '') === statisticsPath

/**
 * Instants as the office reads them: the wall clock of one time zone (TIME_ZONE, Asia/Shanghai by
 * default), whatever zone the server's host or the reader's browser is set to. Stored times stay
 * ISO-8601 UTC; only what a person reads — on screen, in a CSV, on paper — goes through here.
 */

/** The office's zone when TIME_ZONE is not set. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

/** An instant: a Date, an ISO-8601 string or milliseconds since the epoch. */
export type Instant = Date | string | number

/** The wall clock of one zone at one instant (month 1–12, hour 0–23). */
export interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

// Building an Intl.DateTimeFormat costs far more than formatting with one: a list of a thousand
// comments would otherwise build a thousand.
const formats = new Map<string, Intl.DateTimeFormat>()
function cached(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = formats.get(key)
  if (!format) formats.set(key, (format = make()))
  return format
}

/**
 * The zone's canonical IANA name (`asia/shanghai` → `Asia/Shanghai`), or null for a name Intl does
 * not know: checked once at start, so that no export fails later on a misspelt zone.
 */
export function canonicalTimeZone(zone: string): string | null {
  if (!zone.trim()) return null
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone.trim() }).resolvedOptions().timeZone
  } catch {
    return null
  }
}

function toDate(instant: Instant): Date {
  const date = instant instanceof Date ? instant : new Date(instant)
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${String(instant)}`)
  return date
}

/** The zone's wall clock at `instant`; a RangeError for something that is not an instant. */
export function wallClock(instant: Instant, zone: string): WallClock {
  const format = cached(
    `parts\u0000${zone}`,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        // h23, not hour12: false: the latter writes midnight as 24 in some engines.
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
  )
  const parts = format.formatToParts(toDate(instant))
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value)
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  }
}

const two = (n: number) => String(n).padStart(2, '0')

/** The office's day at `instant` as `YYYY-MM-DD` (an `<input type="date">` value). */
export function officeDate(instant: Instant, zone: string): string {
  const { year, month, day } = wallClock(instant, zone)
  return `${year}-${two(month)}-${two(day)}`
}

/** The office's day and minute at `instant` as `YYYY-MM-DD HH:MM`, as CSV files carry times. */
export function officeMinute(instant: Instant, zone: string): string {
  const { year, month, day, hour, minute } = wallClock(instant, zone)
  return `${year}-${two(month)}-${two(day)} ${two(hour)}:${two(minute)}`
}

/**
 * `instant` as a reader of `locale` writes a date and time (zh-CN: 2026年12月4日 22:12; en:
 * Dec 4, 2026, 10:12 PM), on the office's clock; a string that is no instant is given back as it is.
 */
export function formatOfficeDateTime(instant: Instant, zone: string, locale: string): string {
  let date: Date
  try {
    date = toDate(instant)
  } catch {
    return String(instant)
  }
  return cached(
    `medium\u0000${zone}\u0000${locale}`,
    () => new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }),
  ).format(date)
}

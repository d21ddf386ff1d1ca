/**
 * The `t()` that picks a UI string, in Simplified Chinese (the default, zh-cn.ts) or English
 * (en.ts, its own chunk fetched only for a reader who chose English), and the formats of times.
 */
import { canonicalTimeZone, DEFAULT_TIME_ZONE, formatOfficeDateTime, officeDate } from '../../shared/office-time.js'
import { zhCNOpening } from 'virtual:opening-messages'
import type { MessageKey } from './zh-cn.js'

export type { MessageKey }

export type Locale = 'zh-CN' | 'en'

const LOCALE_KEY = 'jianyi.locale'

/**
 * The locale is read once at start-up: the group writes in Chinese, so zh-CN is the default
 * regardless of the browser's language; `localStorage['jianyi.locale'] = 'en'` switches.
 */
function readLocale(): Locale {
  try {
    return globalThis.localStorage?.getItem(LOCALE_KEY) === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

export const locale: Locale = readLocale()

/** The English catalogue once loaded; until then (and for zh-CN readers, always) the Chinese one answers. */
let english: Readonly<Record<MessageKey, string>> | null = null

/** Loads the chosen language's catalogue; the app renders after it (main.tsx). Chinese is there already. */
export async function loadCatalogue(): Promise<void> {
  if (locale === 'en' && !english) english = (await import('./en.js')).en
}

/**
 * The Chinese strings at hand: at first those the first chunk can show (vite.config.ts
 * openingMessages), then the whole catalogue, loaded with the first part of the page loaded on
 * demand (ui/Deferred.tsx waits for it) so that opening a draft does not download every page's words.
 */
let chinese: Readonly<Partial<Record<MessageKey, string>>> = zhCNOpening
let wholeChinese: Promise<void> | null = null

/** Loads the strings of the parts of the page loaded on demand; English has them all already. */
export function loadPageMessages(): Promise<void> {
  if (locale === 'en') return Promise.resolve()
  wholeChinese ??= import('./zh-cn.js').then(
    ({ zhCN }) => {
      chinese = zhCN
    },
    (error: unknown) => {
      wholeChinese = null
      throw error
    },
  )
  return wholeChinese
}

const table = (): Readonly<Partial<Record<MessageKey, string>>> => (locale === 'en' && english) || chinese

/** Remembers the reader's language and reloads: every string is read once, at start-up. */
export function chooseLocale(next: Locale): void {
  if (next === locale) return
  try {
    localStorage.setItem(LOCALE_KEY, next)
  } catch {
    return
  }
  location.reload()
}

/** The message for `key` in the current locale, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  // A key missing here belongs to a part loaded on demand, rendered before its strings (a bug):
  // the key shows rather than nothing.
  const template = table()[key] ?? key
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

/** Whether the catalogue has `key` (reasons and codes come from the server, which may be newer). */
export const hasMessage = (key: string): key is MessageKey => key in table()
const has = hasMessage

/**
 * A reason's params as the sentence shows them: the name of an input, a workflow step, a stage
 * or a role in the reader's words; numbers and names of people as they are.
 */
function readableParams(params: Record<string, unknown>): Record<string, string | number> {
  const names: Record<string, (value: string) => string> = {
    field: (value) => `field.${value}`,
    action: (value) => `workflow.${value}`,
    state: (value) => `status.${value}`,
    role: (value) => `role.${value}`,
    kind: (value) => `kind.${value}`,
  }
  const readable: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue
    const key = typeof value === 'string' && names[name] ? names[name](value) : ''
    readable[name] = key && has(key) ? t(key) : value
  }
  return readable
}

/**
 * What a person reads for a failed request, in the reader's language: the catalogue's sentence for
 * the server's reason (`reason.<reason>`, filled from its params), else for its code
 * (`error.<code>`); never the server's own message, which is English and for the log. An
 * error that is not a refusal of the API (a bug in the page) is shown as it is.
 */
export function errorMessage(error: unknown): string {
  const { name, status, code, reason, params } = (error ?? {}) as {
    name?: unknown
    status?: unknown
    code?: unknown
    reason?: unknown
    params?: unknown
  }
  const refusal =
    name === 'ApiError' || (typeof code === 'string' && (error as { message?: unknown }).message !== undefined)
  if (!refusal) return t('error.unexpected', { message: error instanceof Error ? error.message : String(error) })
  // No answer at all (offline, server down): fetch rejected.
  if (status === 0) return t('error.unreachable')
  if (typeof reason === 'string' && has(`reason.${reason}`))
    return t(
      `reason.${reason}` as MessageKey,
      readableParams(typeof params === 'object' && params ? (params as Record<string, unknown>) : {}),
    )
  if (typeof code === 'string' && has(`error.${code}`)) return t(`error.${code}` as MessageKey)
  return t('error.internal')
}

let officeZone = DEFAULT_TIME_ZONE

/**
 * The office's time zone, as the server names it (Me.timeZone, TIME_ZONE there): set before any
 * signed-in page renders, so that every time below is the office's clock whatever the browser's
 * zone is. A name this browser does not know leaves the zone as it was rather than break each page.
 */
export function setOfficeTimeZone(zone: string): void {
  officeZone = canonicalTimeZone(zone) ?? officeZone
}

/** An ISO-8601 time as the reader's locale writes it, on the office's clock. */
export function formatDateTime(iso: string): string {
  return formatOfficeDateTime(iso, officeZone, locale)
}

/** Today on the office's clock, as an `<input type="date">` value (`YYYY-MM-DD`). */
export function officeToday(): string {
  return officeDate(Date.now(), officeZone)
}

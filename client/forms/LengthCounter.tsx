/**
 * How much of an input's limit (shared/text-limits.ts) is used: nothing until 80 %, then "182/200",
 * at the limit the sentence the server would answer with (标题最多 200 字), and over it how many
 * characters are too many. The text is never cut: what was typed or pasted stays, and the form
 * disables its submit while `measure(...).over`, so a person sees why rather than losing words.
 */
import type { TextLimit } from '../../shared/text-limits.js'
import { locale, t } from '../i18n/i18n.js'

/** Where a text stands against its limit. */
export interface Measured {
  length: number
  max: number
  /** At 80 % of the limit or beyond: the counter shows. */
  near: boolean
  over: boolean
}

/** The counter shows from this share of the limit on. */
const nearShare = 0.8

/** `text` counted as the server counts it for `limit`. */
export function measure(limit: TextLimit, text: string): Measured {
  const length = limit.length(text)
  return { length, max: limit.max, near: length >= limit.max * nearShare, over: length > limit.max }
}

/** The id of the counter of the input `inputId`, for the input's aria-describedby while it shows. */
export const counterId = (inputId: string): string => `${inputId}-count`

/** aria-describedby of an input with a counter (and maybe other descriptions): only ids that are on the page. */
export const describedWith = (inputId: string, measured: Measured, ...others: (string | undefined | null)[]) =>
  [measured.near ? counterId(inputId) : null, ...others].filter(Boolean).join(' ') || undefined

interface LengthCounterProps {
  /** The input's id: the counter is `${inputId}-count`. */
  inputId: string
  measured: Measured
  /** What the input holds, as the sentence names it: 标题, 评论, 送审说明… */
  name: string
  className?: string
}

export function LengthCounter({ inputId, measured, name, className }: LengthCounterProps) {
  const { length, max, near, over } = measured
  if (!near) return null
  const number = (n: number) => n.toLocaleString(locale)
  const state = over ? 'over' : length === max ? 'full' : 'near'
  return (
    <span
      id={counterId(inputId)}
      className={`length-counter length-counter--${state}${className ? ` ${className}` : ''}`}
      data-testid="length-counter"
      data-state={state}
    >
      <span className="length-counter__count">{t('limits.count', { n: number(length), max: number(max) })}</span>
      {state !== 'near' && (
        // Said once when it appears and again when it changes; the bare count is not read at each keystroke.
        <span className="length-counter__message" aria-live="polite">
          {over
            ? t('limits.over', { field: name, max: number(max), n: number(length - max) })
            : t('limits.atMost', { field: name, max: number(max) })}
        </span>
      )}
    </span>
  )
}

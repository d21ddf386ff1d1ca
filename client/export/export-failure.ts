/** What a person reads when an export is refused or fails: calm words by error code, never raw JSON. */
import type { ErrorBody } from '../../shared/errors.js'
import { errorMessage, t } from '../i18n/i18n.js'

export interface ExportFailure {
  /** The sentence shown on the page. */
  message: string
  /** The server's own words, for the administrator; null when the sentence says it all. */
  details: string | null
}

/**
 * The Debian package a font error asks for: the server says "Install the Debian package X (…)" when
 * a font is missing and "Install X or put a font …" when a glyph is.
 */
export function missingFontPackage(message: string): string | null {
  return /install (?:the Debian package )?([a-z0-9][a-z0-9.+-]*[a-z0-9])/i.exec(message)?.[1] ?? null
}

function errorBody(text: string): ErrorBody['error'] | null {
  try {
    const parsed: unknown = JSON.parse(text)
    const error = (parsed as { error?: unknown } | null)?.error as Record<string, unknown> | undefined
    if (error && typeof error.code === 'string' && typeof error.message === 'string') return error as ErrorBody['error']
  } catch {
    // Not ours (a proxy's page): said in general words below.
  }
  return null
}

/** The failure for the body of a non-file answer to a download. */
export function exportFailure(body: string): ExportFailure {
  const error = errorBody(body.trim())
  if (!error) return { message: t('export.failed.unknown'), details: body.trim().slice(0, 300) || null }
  switch (error.code) {
    case 'forbidden':
      return { message: t('export.failed.forbidden'), details: null }
    case 'conflict':
      return { message: t('export.failed.conflict'), details: null }
    case 'not_found':
      return { message: t('export.failed.notFound'), details: null }
    case 'unauthenticated':
      return { message: t('export.failed.unauthenticated'), details: null }
    case 'export_too_large':
      return { message: t('export.failed.tooLarge'), details: error.message }
    case 'export_timeout':
      return { message: t('export.failed.timeout'), details: error.message }
    case 'internal': {
      const fontPackage = /font|glyph/i.test(error.message) ? missingFontPackage(error.message) : null
      if (fontPackage) return { message: t('export.failed.font', { package: fontPackage }), details: error.message }
      return { message: t('export.failed.unknown'), details: error.message }
    }
    default:
      return { message: t('export.failed.other', { message: errorMessage(error) }), details: null }
  }
}

/** Downloads with Chinese file names: RFC 5987/6266 `filename*=UTF-8''…` plus an ASCII fallback. */
import { truncateCodePoints, wellFormed } from '../../shared/unicode.js'

/** `attachment; filename="…"; filename*=UTF-8''…` for any file name, lone surrogates included. */
export function contentDisposition(name: string): string {
  // encodeURIComponent throws on a lone surrogate: that would be a 500 for a download.
  const fileName = wellFormed(name)
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

/**
 * A file name safe on every common file system: no path separators, reserved or control characters,
 * no lone surrogates (titles stored before they were refused), at most 150 characters with the
 * extension kept, never ending in half a character.
 */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this replaces
  const safe = wellFormed(name).replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
  const extension = /\.[A-Za-z0-9]{1,8}$/.exec(safe)?.[0] ?? ''
  return truncateCodePoints(safe.slice(0, safe.length - extension.length), 150 - extension.length) + extension
}

/**
 * ExportError: why an export could not be produced. Export functions are pure and know nothing of
 * HTTP, so they carry their own codes; the route maps them (invalid source → 400, a missing
 * font or glyph → 500 with the message shown to the operator, who must install the named package).
 */

export type ExportErrorCode =
  /** The source's fields are malformed (bad hash, date, version number, empty title…). */
  | 'export_invalid_source'
  /** A font file the PDF needs is not installed; the message names the Debian package. */
  | 'export_font_missing'
  /** No installed font has a glyph for a character: the PDF would show an empty box there. */
  | 'export_glyph_missing'

export class ExportError extends Error {
  constructor(
    readonly code: ExportErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ExportError'
  }
}

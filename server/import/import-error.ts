/**
 * ImportError: why an uploaded Word file could not be read. The readers are pure and know nothing
 * of HTTP, so they carry their own codes; `importRefusal` turns one into the API's answer.
 */
import type { ErrorReason } from '../../shared/errors.js'
import { AppError, invalidInput } from '../errors.js'

export type ImportErrorCode =
  /** Not a zip, or a zip without word/document.xml. */
  | 'import_not_docx'
  /** An OLE compound file: a password-protected .docx, or an old binary .doc. */
  | 'import_encrypted'
  /** Damaged zip or XML that is not well-formed. */
  | 'import_corrupt'
  /** More parts or more unpacked bytes than the budget (a zip bomb, or simply too big). */
  | 'import_too_large'

export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ImportError'
  }
}

const reasons: Record<ImportErrorCode, ErrorReason> = {
  import_not_docx: 'not_docx',
  import_encrypted: 'docx_encrypted',
  import_corrupt: 'docx_corrupt',
  import_too_large: 'docx_unpacks_too_large',
}

/** The API's answer to an unreadable upload in the form field `field`: 415 when it is no .docx, 413 over a budget, 400 otherwise. */
export function importRefusal(error: ImportError, field = 'file'): AppError {
  const reason = reasons[error.code]
  if (error.code === 'import_not_docx')
    return new AppError(415, 'invalid_input', `${field}: ${error.message}`, { field, reason, params: { field } })
  if (error.code === 'import_too_large')
    return new AppError(413, 'too_large', `${field}: ${error.message}`, { field, reason, params: { field } })
  return invalidInput(field, error.message, { reason })
}

/** The name an uploaded Word file is kept under (audit, report, threads). */

/**
 * Its last path segment (some browsers send a whole path), without control characters, trimmed, at
 * most 200 characters; `fallback` when nothing is left.
 */
export function uploadedFileName(name: string, fallback: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return [...(base || fallback)].slice(0, 200).join('')
}

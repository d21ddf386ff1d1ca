/** Downloads with Chinese file names: RFC 5987/6266 `filename*=UTF-8''…` plus an ASCII fallback. */

/** `attachment; filename="…"; filename*=UTF-8''…` for any file name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

/** A file name safe on every common file system: no path separators or reserved characters. */
// eslint-disable-next-line no-control-regex -- control characters are what this replaces
export const safeFileName = (name: string): string => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 150)

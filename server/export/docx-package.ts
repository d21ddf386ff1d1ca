/**
 * Writing a Word document to bytes with its identity inside: the version's hash, number and mark in
 * the document properties, and the same bytes every time the same version is exported (zip entry
 * times and the core properties' dates are the document's date, not the clock), so that two exports
 * of one version can be compared by their own hash.
 */
import { Document, Packer, type IPropertiesOptions } from 'docx'
import { unzipSync, zipSync } from 'fflate'
import { calendarDate, type ExportSource } from './export-source.js'

/** Core and custom properties that say which version a file is. */
export function versionProperties(
  source: ExportSource,
  title: string,
): Pick<
  IPropertiesOptions,
  'title' | 'subject' | 'creator' | 'lastModifiedBy' | 'keywords' | 'description' | 'revision' | 'customProperties'
> {
  return {
    title,
    subject: '建议案',
    creator: source.signature,
    lastModifiedBy: source.signature,
    keywords: `sha256:${source.contentHash}`,
    description: `第${source.versionNumber}版 ${source.mark} SHA-256 ${source.contentHash}`,
    revision: source.versionNumber,
    customProperties: [
      { name: 'JianyiContentHash', value: source.contentHash },
      { name: 'JianyiVersionNumber', value: String(source.versionNumber) },
      { name: 'JianyiMark', value: source.mark },
      ...(source.documentNumber ? [{ name: 'JianyiDocumentNumber', value: source.documentNumber }] : []),
      ...(source.wordCount !== undefined ? [{ name: 'JianyiWordCount', value: String(source.wordCount) }] : []),
    ],
  }
}

/** Edits to a generated part, by path, for what the docx library cannot express. */
export type PartRewrites = Record<string, (xml: string) => string>

/** The document's bytes, identical for identical input; dated on the office's day of the source's date. */
export async function packDocument(
  document: Document,
  dated: Pick<ExportSource, 'date' | 'timeZone'>,
  rewrites: PartRewrites = {},
): Promise<Uint8Array> {
  const { year, month, day } = calendarDate(dated.date, dated.timeZone)
  const stamp = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T00:00:00Z`
  const packed = await Packer.toBuffer(document)
  const files = unzipSync(new Uint8Array(packed))
  const core = files['docProps/core.xml']
  if (core) {
    const xml = new TextDecoder()
      .decode(core)
      .replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${stamp}$2`)
    files['docProps/core.xml'] = new TextEncoder().encode(xml)
  }
  for (const [path, rewrite] of Object.entries(rewrites)) {
    const part = files[path]
    if (part) files[path] = new TextEncoder().encode(rewrite(new TextDecoder().decode(part)))
  }
  // Zip times are local wall-clock fields; noon keeps the date the same in any time zone.
  const mtime = new Date(year, month - 1, day, 12)
  return zipSync(Object.fromEntries(Object.entries(files).map(([path, data]) => [path, [data, { mtime }]])))
}

/**
 * 导入Word: a new draft started from a .docx. The rule is createDocument's (the group's conveners,
 * 403 otherwise), checked before the file is read; the file is read in the heavy-work pool
 * (server/import/word-draft.ts via heavy-worker.ts), and its body stored as the draft's first
 * update, as a template's is. The recognised 主送机关 is kept with the draft for 报送登记.
 */
import { writeCreateDetails } from '../../shared/audit-details.js'
import { defaultKind, kindPapers, type DocumentKind } from '../../shared/document-kinds.js'
import { templateTitles } from '../../shared/editor/template.js'
import type { ImportWordResult } from '../../shared/schema.js'
import { textLimits, tidiedTitle } from '../../shared/text-limits.js'
import { codePointLength } from '../../shared/unicode.js'
import { uploadedFileName } from '../import/file-name.js'
import { ImportError, importRefusal } from '../import/import-error.js'
import type { Actor } from '../policy.js'
import type { Deps } from './deps.js'
import { creatableGroup, getDocument, startDocument } from './documents.js'

export interface WordImportRequest {
  bytes: Uint8Array
  /** The uploaded file's name, as the browser sent it. */
  fileName: string
  groupId: string
  /** A title that replaces the one recognised in the file (already validated as a DocumentTitle). */
  title?: string
  /** What the draft is; a 建议案 unless said. */
  kind?: DocumentKind
}

/** The draft's title: the one asked for, else the file's, else the file's name without .docx. */
function draftTitle(asked: string | undefined, recognised: string | null, fileName: string): string {
  if (asked) return asked
  const fits = (title: string) =>
    title !== '' &&
    !Object.values(templateTitles).includes(title) &&
    textLimits.title.length(title) <= textLimits.title.max
  for (const candidate of [recognised, fileName.replace(/\.docx$/i, '')]) {
    if (candidate === null) continue
    const title = tidiedTitle(candidate)
    if (fits(title)) return title
    // A title longer than a title may be is cut, not refused: the writer renames the draft.
    const cut = tidiedTitle([...title].slice(0, textLimits.title.max).join(''))
    if (cut && fits(cut)) return cut
  }
  return '导入的文稿'
}

export async function importWordDraft(deps: Deps, actor: Actor, request: WordImportRequest): Promise<ImportWordResult> {
  // The rule first: a file nobody may import is not read.
  const group = await creatableGroup(deps, actor, request.groupId)
  let draft
  try {
    draft = await deps.heavy.wordDraft(request.bytes)
  } catch (error) {
    throw error instanceof ImportError ? importRefusal(error) : error
  }
  const fileName = uploadedFileName(request.fileName, 'document.docx')
  const title = draftTitle(request.title, draft.title, fileName)
  const kind = request.kind ?? defaultKind
  // Only a kind addressed to someone keeps the 主送机关 (报送登记 starts from it).
  const recipients =
    kindPapers[kind].recipients &&
    draft.recipients !== null &&
    codePointLength(draft.recipients) <= textLimits.recipients.max
      ? draft.recipients
      : undefined
  const doc = await startDocument(deps, actor, group, {
    title,
    kind,
    details: writeCreateDetails({ title, template: 'docx', kind, groupId: group.id, importedFrom: fileName }),
    firstUpdate: draft.update,
    recipients,
  })
  return { document: await getDocument(deps, actor, doc.id), report: draft.report }
}

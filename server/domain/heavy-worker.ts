/** The entry of one heavy-work thread (heavy-work.ts): takes one task at a time and answers it. */
import { parentPort } from 'node:worker_threads'
import * as Y from 'yjs'
import { plainText, textBlocks, type JsonNode } from '../../shared/editor/text.js'
import type { ExportFormat, RegisterEntry, TextDiff } from '../../shared/schema.js'
import { exportDocx } from '../export/docx.js'
import { ExportError, type ExportErrorCode } from '../export/export-error.js'
import type { ExportSource } from '../export/export-source.js'
import { exportMarkdown } from '../export/markdown.js'
import { opinionTableCsv } from '../export/opinion-table-csv.js'
import { opinionTableDocx, type OpinionRow } from '../export/opinion-table-docx.js'
import { statisticsDocx, type StatisticsTable } from '../export/statistics-docx.js'
import { exportPdf } from '../export/pdf.js'
import { exportPlainText } from '../export/plain-text.js'
import { exportRedline, type RedlineRequest } from '../export/redline.js'
import { registerCsv } from '../export/register-csv.js'
import { ImportError, type ImportErrorCode } from '../import/import-error.js'
import { readReturnedDocx, type ReturnedDocx } from '../import/word-revisions.js'
import { wordDraft, type WordDraft } from '../import/word-draft.js'
import { placeReturnedDraft, type Placement } from './returned-draft-placement.js'
import { diffTexts } from './text-diff.js'
import { pdfFirstPage } from './pdf-first-page.js'
import { proseMirror } from './prosemirror.js'

/** One piece of work, as plain data (it is copied to the thread). */
export type HeavyTask =
  | { kind: 'redline'; request: RedlineRequest }
  | { kind: 'diff'; before: string; after: string }
  | { kind: 'document'; format: ExportFormat; source: ExportSource }
  | { kind: 'opinion-table'; format: 'docx' | 'csv'; title: string; rows: OpinionRow[] }
  | { kind: 'register'; entries: RegisterEntry[]; timeZone: string }
  | { kind: 'statistics'; title: string; tables: StatisticsTable[] }
  | { kind: 'returned-draft'; bytes: Uint8Array; live: string[] }
  | { kind: 'word-draft'; bytes: Uint8Array }
  | { kind: 'text-of-updates'; updates: Uint8Array[] }
  | { kind: 'pdf-first-page'; bytes: Uint8Array; timeoutMs: number }

/** What each kind of task answers with. */
export interface HeavyResults {
  redline: Uint8Array
  diff: TextDiff
  document: Uint8Array | string
  'opinion-table': Uint8Array | string
  register: string
  statistics: Uint8Array
  'returned-draft': { docx: ReturnedDocx; placement: Placement }
  'word-draft': ImportedDraft
  'text-of-updates': string[]
  'pdf-first-page': Uint8Array
}

/** The thread's first message says its modules are loaded: a task's time budget starts after it. */
export type HeavyReply =
  | { ready: true }
  | { ok: true; value: unknown }
  | { ok: false; code: ExportErrorCode | null; message: string; importCode?: ImportErrorCode }

/** A draft read from a .docx, with its body as the Y.Doc update the new document starts from. */
export interface ImportedDraft extends WordDraft {
  /** The body as a Yjs update (the draft's first stored update). */
  update: Uint8Array
  /** Characters of the body's text. */
  chars: number
}

/**
 * Reading the file and building its Y.Doc both happen here, off the event loop; the body is checked
 * against the document schema first, so a draft that the editor could not load is never stored.
 */
async function importedDraft(bytes: Uint8Array): Promise<ImportedDraft> {
  const draft = wordDraft(bytes)
  const [{ documentSchema }, kit] = await Promise.all([import('../../shared/editor/schema.js'), proseMirror()])
  documentSchema.nodeFromJSON(draft.content).check()
  const ydoc = kit.toYDoc(draft.content)
  const update = Y.encodeStateAsUpdate(ydoc)
  ydoc.destroy()
  return { ...draft, update, chars: plainText(draft.content).length }
}

/** The text blocks of a document stored as `updates` (搜索 reads documents nobody has open this way). */
async function textOfUpdates(updates: Uint8Array[]): Promise<string[]> {
  const doc = new Y.Doc()
  try {
    Y.transact(doc, () => {
      for (const update of updates) Y.applyUpdate(doc, update)
    })
    return textBlocks((await proseMirror()).toJson(doc) as JsonNode)
  } finally {
    doc.destroy()
  }
}

function perform(task: HeavyTask): HeavyResults[HeavyTask['kind']] | Promise<HeavyResults[HeavyTask['kind']]> {
  switch (task.kind) {
    case 'redline':
      return exportRedline(task.request)
    case 'diff':
      return diffTexts(task.before, task.after)
    case 'document':
      switch (task.format) {
        case 'docx':
          return exportDocx(task.source)
        case 'pdf':
          return exportPdf(task.source)
        case 'md':
          return exportMarkdown(task.source)
        case 'txt':
          return exportPlainText(task.source)
      }
      break
    case 'opinion-table':
      return task.format === 'docx' ? opinionTableDocx(task.title, task.rows) : opinionTableCsv(task.rows)
    case 'register':
      return registerCsv(task.entries, task.timeZone)
    case 'statistics':
      return statisticsDocx(task.title, task.tables)
    case 'returned-draft': {
      const docx = readReturnedDocx(task.bytes)
      return { docx, placement: placeReturnedDraft(docx, task.live) }
    }
    case 'word-draft':
      return importedDraft(task.bytes)
    case 'text-of-updates':
      return textOfUpdates(task.updates)
    case 'pdf-first-page':
      return pdfFirstPage(task.bytes, task.timeoutMs)
  }
}

const port = parentPort
if (port) {
  port.on('message', (task: HeavyTask) => {
    Promise.resolve()
      .then(() => perform(task))
      .then(
        (value) => port.postMessage({ ok: true, value } satisfies HeavyReply),
        (error: Error) =>
          port.postMessage({
            ok: false,
            code: error instanceof ExportError ? error.code : null,
            message: error.message,
            ...(error instanceof ImportError ? { importCode: error.code } : {}),
          } satisfies HeavyReply),
      )
  })
  port.postMessage({ ready: true } satisfies HeavyReply)
}
